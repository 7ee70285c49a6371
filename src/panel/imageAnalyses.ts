// Reads images for analysis, once: an image already analysed comes from memory or the cache on
// disk; one being read is shared by everyone who asks meanwhile (two panels, a compare). A read
// shows a progress notification the user can cancel, as the panel's own Cancel can.
import * as vscode from 'vscode';
import type { Logger, WorkloadImage, WorkloadProvider } from '../providers/provider';
import type { ImageAnalysisCache } from '../catalog/imageAnalysisCache';
import { type ImageAnalysis, type ImageContents, analyseContents } from '../shared/imageAnalysis';
import { formatBytes } from '../shared/units';

/** Analyses kept in memory besides the disk cache: the few images looked at last. */
const IN_MEMORY = 4;
/** How often the notification's and panels' byte counts move. */
const PROGRESS_EVERY_MS = 200;

export class ImageReadCancelled extends Error {
  constructor() {
    super('The image was not read: cancelled.');
  }
}

export interface AnalysedImage {
  analysis: ImageAnalysis;
  /** Nothing was read from the engine this time. */
  fromCache: boolean;
}

interface Reading {
  promise: Promise<ImageAnalysis>;
  abort: AbortController;
  listeners: Set<(bytesRead: number) => void>;
}

export class ImageAnalyses {
  private readonly recent = new Map<string, ImageAnalysis>();
  private readonly reading = new Map<string, Reading>();

  constructor(
    private readonly cache: ImageAnalysisCache,
    private readonly log: Logger,
  ) {}

  /** The analysis at hand without reading the engine: memory, then the disk cache. */
  async known(imageId: string): Promise<ImageAnalysis | undefined> {
    const inMemory = this.recent.get(imageId);
    if (inMemory) return this.remember(inMemory);
    const stored = await this.cache.get(imageId).catch((error: unknown) => {
      this.log.warn(`image cache: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    return stored && this.remember(analyseContents(stored));
  }

  /**
   * The image's analysis: known already, or read from its engine with a cancellable progress
   * notification. Rejects with ImageReadCancelled when the user (or `signal`) cancels.
   */
  async analyse(provider: WorkloadProvider, image: WorkloadImage, options: { signal?: AbortSignal; onProgress?: (bytesRead: number) => void } = {}): Promise<AnalysedImage> {
    const known = await this.known(image.id);
    if (known) return { analysis: known, fromCache: true };
    const reading = this.reading.get(image.id) ?? this.startReading(provider, image);
    const onProgress = options.onProgress;
    if (onProgress) reading.listeners.add(onProgress);
    // A cancel from this caller stops the read for all: the panel's Cancel is the notification's.
    const cancel = (): void => reading.abort.abort();
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      return { analysis: await reading.promise, fromCache: false };
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      if (onProgress) reading.listeners.delete(onProgress);
    }
  }

  /** The analyses kept on disk: how many, how many bytes. */
  usage(): Promise<{ files: number; bytes: number }> {
    return this.cache.usage();
  }

  /** Forgets every analysis, on disk and in memory (reads under way carry on and are kept). */
  async clear(): Promise<void> {
    this.recent.clear();
    await this.cache.clear();
  }

  /** Stops every read under way (the extension deactivates). */
  dispose(): void {
    for (const reading of this.reading.values()) reading.abort.abort();
  }

  private startReading(provider: WorkloadProvider, image: WorkloadImage): Reading {
    const abort = new AbortController();
    const listeners = new Set<(bytesRead: number) => void>();
    const promise = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the layers of {0}', image.name), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        let shownAt = 0;
        let shownBytes = 0;
        const onProgress = (bytesRead: number): void => {
          const now = Date.now();
          if (now - shownAt < PROGRESS_EVERY_MS) return;
          shownAt = now;
          // A share of the image's size where the engine gave one (an archive is about that big).
          const increment = image.sizeBytes ? ((bytesRead - shownBytes) / image.sizeBytes) * 100 : undefined;
          shownBytes = bytesRead;
          progress.report({ message: vscode.l10n.t('{0} read', formatBytes(bytesRead)), ...(increment === undefined ? {} : { increment }) });
          for (const listener of listeners) listener(bytesRead);
        };
        return this.read(provider, image, abort.signal, onProgress);
      },
    );
    const reading: Reading = { promise: Promise.resolve(promise), abort, listeners };
    this.reading.set(image.id, reading);
    const forget = (): void => {
      if (this.reading.get(image.id) === reading) this.reading.delete(image.id);
    };
    reading.promise.then(forget, forget);
    return reading;
  }

  private async read(provider: WorkloadProvider, image: WorkloadImage, signal: AbortSignal, onProgress: (bytesRead: number) => void): Promise<ImageAnalysis> {
    if (!provider.readImageContents) throw new Error(vscode.l10n.t('{0} cannot export images.', provider.label));
    const startedAt = Date.now();
    let contents: ImageContents;
    try {
      contents = await provider.readImageContents(image, { signal, onProgress });
    } catch (error) {
      if (signal.aborted) throw new ImageReadCancelled();
      throw error;
    }
    this.log.info(`image ${image.name} (${image.id}): ${contents.layers.length} layers read in ${Date.now() - startedAt} ms`);
    await this.cache.put(contents).catch((error: unknown) => this.log.warn(`image cache: could not keep ${image.id}: ${error instanceof Error ? error.message : String(error)}`));
    return this.remember(analyseContents(contents));
  }

  private remember(analysis: ImageAnalysis): ImageAnalysis {
    this.recent.delete(analysis.imageId);
    this.recent.set(analysis.imageId, analysis);
    while (this.recent.size > IN_MEMORY) this.recent.delete(this.recent.keys().next().value as string);
    return analysis;
  }
}
