// The image analysis of the container a stack panel shows: what the libraries band draws (nothing
// for a workload without an image; the summary at once when the image was analysed before; a
// button otherwise, since reading a whole image is the user's call), the read with its Cancel, and
// a layer's files when the user opens that layer.
import * as vscode from 'vscode';
import type { Logger, WorkloadImage, WorkloadProvider } from '../providers/provider';
import type { WorkloadRef } from '../shared/model';
import { type ImageAnalysis, summariseAnalysis } from '../shared/imageAnalysis';
import type { ImageAnalysisFromWebview, ImageAnalysisState, ImageAnalysisToWebview } from '../shared/imageAnalysisProtocol';
import { layerFiles } from '../shared/layerFiles';
import { type ImageAnalyses, ImageReadCancelled } from './imageAnalyses';

export class PanelImageAnalysis {
  private state: ImageAnalysisState = { kind: 'none' };
  private image: WorkloadImage | undefined;
  private analysis: ImageAnalysis | undefined;
  private abort: AbortController | undefined;
  /** Bumped whenever the panel moves to another workload: late answers for the old one are dropped. */
  private generation = 0;
  /** Finding the shown workload's image: a run asked for meanwhile (the palette opens the panel and runs at once) waits for it. */
  private finding: Promise<void> = Promise.resolve();

  constructor(
    private readonly analyses: ImageAnalyses,
    private readonly post: (message: ImageAnalysisToWebview) => void,
    private readonly log: Logger,
  ) {}

  /** What the band shows now: for the integration tests. */
  get snapshot(): ImageAnalysisState {
    return this.state;
  }

  /** The panel shows `ref` (first, or instead of another workload): finds its image and what is known of it. */
  show(provider: WorkloadProvider, ref: WorkloadRef): Promise<void> {
    this.finding = this.find(provider, ref);
    return this.finding;
  }

  private async find(provider: WorkloadProvider, ref: WorkloadRef): Promise<void> {
    const generation = ++this.generation;
    this.abort?.abort();
    this.abort = undefined;
    this.image = undefined;
    this.analysis = undefined;
    this.setState({ kind: 'none' });
    if (!provider.imageOf || !provider.readImageContents) return;
    try {
      const image = await provider.imageOf(ref);
      if (generation !== this.generation || !image) return;
      this.image = image;
      const known = await this.analyses.known(image.id);
      if (generation !== this.generation) return;
      if (known) this.showAnalysis(known, true);
      else this.setState({ kind: 'idle' });
    } catch (error) {
      // The stack itself says what went wrong with the workload; the band just offers nothing.
      this.log.debug(`image of ${ref.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Sends the state again (the page loaded anew). */
  restore(): void {
    this.post({ type: 'imageAnalysis', state: this.state });
  }

  receive(provider: WorkloadProvider, message: ImageAnalysisFromWebview): void {
    switch (message.type) {
      case 'analyseImage':
        void this.run(provider);
        return;
      case 'cancelImageAnalysis':
        this.abort?.abort();
        return;
      case 'layerFiles':
        if (!this.analysis || message.layer >= this.analysis.layers.length) return;
        this.post({ type: 'layerFiles', files: layerFiles(this.analysis, message.layer, message.aggregate) });
        return;
    }
  }

  /** Reads the image (or takes what is known); the panel's palette command runs this too. */
  async run(provider: WorkloadProvider): Promise<void> {
    await this.finding;
    const image = this.image;
    if (!image || this.state.kind === 'reading') return;
    const generation = this.generation;
    const abort = new AbortController();
    this.abort = abort;
    this.setState({ kind: 'reading', bytesRead: 0 });
    try {
      const { analysis, fromCache } = await this.analyses.analyse(provider, image, {
        signal: abort.signal,
        onProgress: (bytesRead) => {
          if (generation === this.generation && this.state.kind === 'reading') this.setState({ kind: 'reading', bytesRead });
        },
      });
      if (generation === this.generation) this.showAnalysis(analysis, fromCache);
    } catch (error) {
      if (generation !== this.generation) return;
      if (error instanceof ImageReadCancelled || abort.signal.aborted) return this.setState({ kind: 'cancelled' });
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn(`analyse image ${image.name}: ${message}`);
      this.setState({ kind: 'failed', message: vscode.l10n.t('Could not read the image {0}: {1}', image.name, message) });
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
  }

  dispose(): void {
    this.generation++;
    this.abort?.abort();
  }

  private showAnalysis(analysis: ImageAnalysis, fromCache: boolean): void {
    this.analysis = analysis;
    this.setState({ kind: 'done', summary: summariseAnalysis(analysis, fromCache) });
  }

  private setState(state: ImageAnalysisState): void {
    this.state = state;
    this.post({ type: 'imageAnalysis', state });
  }
}
