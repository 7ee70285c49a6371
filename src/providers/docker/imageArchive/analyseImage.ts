// An image as its engine exports it: the archive read as it streams (readImageArchive) into each
// layer's entries (what the provider keeps and the cache stores), then weighed: each layer's added,
// modified and removed paths and dive's efficiency and waste over them (the CI check's way).
import type { Readable } from 'stream';
import { type ImageAnalysis, type ImageContents, analyseContents } from '../../../shared/imageAnalysis';
import { type ImageArchiveOptions, readImageArchive } from './imageArchive';

export type { ImageAnalysis } from '../../../shared/imageAnalysis';

/** What the reading needs of an engine client: its image export, as a stream it can abort. */
export interface ImageExporter {
  imageArchive(name: string, signal?: AbortSignal): Promise<{ stream: Readable; abort: AbortController }>;
}

/**
 * Reads `image` from the engine into its layers; the caller's signal stops the engine's stream too.
 * `imageId` is what the result is kept under (the engine's ID; the name where it is not known).
 */
export async function readImageContents(engine: ImageExporter, image: string, options: ImageArchiveOptions & { imageId?: string } = {}): Promise<ImageContents> {
  const { stream, abort } = await engine.imageArchive(image, options.signal);
  const stop = (): void => abort.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const contents = await readImageArchive(stream, options);
    return { imageId: options.imageId ?? image, readAt: new Date().toISOString(), ...contents };
  } finally {
    options.signal?.removeEventListener('abort', stop);
    abort.abort();
  }
}

/** Reads `image` from the engine and weighs it. */
export async function analyseImage(engine: ImageExporter, image: string, options: ImageArchiveOptions & { imageId?: string } = {}): Promise<ImageAnalysis> {
  return analyseContents(await readImageContents(engine, image, options));
}
