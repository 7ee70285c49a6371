// Weighs an image as its engine exports it: the archive read as it streams (readImageArchive), then
// each layer's added, modified and removed paths and dive's efficiency and waste over them.
import type { Readable } from 'stream';
import type { ImageLayerContents } from '../../../shared/imageContents';
import { type ImageEfficiency, imageEfficiency } from '../../../shared/imageEfficiency';
import { type LayerChanges, layerChanges } from '../../../shared/layerTree';
import { type ImageArchiveContents, type ImageArchiveOptions, readImageArchive } from './imageArchive';

export interface ImageAnalysis {
  /** Bottom layer first. */
  layers: ImageLayerContents[];
  history: ImageArchiveContents['history'];
  changes: LayerChanges[];
  efficiency: ImageEfficiency;
}

/** What the analysis needs of an engine client: its image export, as a stream it can abort. */
export interface ImageExporter {
  imageArchive(name: string): Promise<{ stream: Readable; abort: AbortController }>;
}

export function analyseLayers(contents: ImageArchiveContents): ImageAnalysis {
  return { ...contents, changes: layerChanges(contents.layers), efficiency: imageEfficiency(contents.layers) };
}

/** Reads `image` from the engine and weighs it; the caller's signal stops the engine's stream too. */
export async function analyseImage(engine: ImageExporter, image: string, options: ImageArchiveOptions = {}): Promise<ImageAnalysis> {
  const { stream, abort } = await engine.imageArchive(image);
  const stop = (): void => abort.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    return analyseLayers(await readImageArchive(stream, options));
  } finally {
    options.signal?.removeEventListener('abort', stop);
    abort.abort();
  }
}
