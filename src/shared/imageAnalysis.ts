// An image's analysis as the host keeps it (the cache stores what was read) and as the webview
// draws it (a summary first; a layer's files only when the user opens that layer, since an image
// can hold hundreds of thousands of them).
import type { ImageLayerContents } from './imageContents';
import { type ImageEfficiency, imageEfficiency, layerContentSize } from './imageEfficiency';
import { type LayerChanges, layerChanges } from './layerTree';

/** A step of the image's history: the build command, and whether it made a filesystem layer. */
export interface ImageHistoryStep {
  createdBy: string;
  emptyLayer: boolean;
}

/** What reading the image's archive gave: the cache stores exactly this, keyed by the image ID. */
export interface ImageContents {
  /** The engine's image ID ("sha256:..."). */
  imageId: string;
  /** When the archive was read (ISO 8601). */
  readAt: string;
  /** Bottom layer first. */
  layers: ImageLayerContents[];
  history: ImageHistoryStep[];
}

/** The contents with what is computed from them (never stored: recomputed in milliseconds). */
export interface ImageAnalysis extends ImageContents {
  changes: LayerChanges[];
  efficiency: ImageEfficiency;
}

export function analyseContents(contents: ImageContents): ImageAnalysis {
  return { ...contents, changes: layerChanges(contents.layers), efficiency: imageEfficiency(contents.layers) };
}

/** "sha256:0123456789ab..." -> "0123456789ab", as `docker images` shows an ID. */
export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** The commands of the history steps that made a filesystem layer, bottom first (one per layer where they match up). */
export function layerCommands(contents: Pick<ImageContents, 'layers' | 'history'>): string[] {
  const steps = contents.history.filter((step) => !step.emptyLayer);
  return contents.layers.map((_, index) => (steps.length === contents.layers.length ? steps[index].createdBy : ''));
}

/** One layer in the summary the libraries band draws. */
export interface LayerSummary {
  index: number;
  id: string;
  /** The command that made it ('' where the history does not say). */
  command: string;
  /** Bytes of the layer's tar in the archive. */
  archiveSize: number;
  /** Bytes of its regular files (dive's layer size). */
  contentBytes: number;
  added: number;
  modified: number;
  removed: number;
  addedBytes: number;
  modifiedBytes: number;
  removedBytes: number;
  /** Why the layer could not be read (then it has no files). */
  error?: string;
}

/** A path whose bytes are counted more than once: dive's inefficiencies. */
export interface WastedPath {
  path: string;
  /** Every copy's bytes (dive counts them all as wasted). */
  wastedBytes: number;
  count: number;
  addedIn: number[];
  removedIn: number[];
}

export interface ImageAnalysisSummary {
  imageId: string;
  readAt: string;
  /** Shown from the extension's storage: nothing was read from the engine this time. */
  fromCache: boolean;
  efficiency: number;
  wastedBytes: number;
  sizeBytes: number;
  userSizeBytes: number;
  /** wastedBytes / userSizeBytes; null where dive's division has no number (0/0, x/0). */
  wastedUserPercent: number | null;
  layers: LayerSummary[];
  /** The largest wasted paths, largest first (at most MAX_WASTED_PATHS). */
  wasted: WastedPath[];
  /** How many wasted paths there are in all. */
  wastedPaths: number;
  warnings: string[];
}

export const MAX_WASTED_PATHS = 20;

/** Each layer with its command, sizes and what it did to the layers below, bottom first. */
export function layerSummaries(analysis: ImageAnalysis): LayerSummary[] {
  const commands = layerCommands(analysis);
  return analysis.layers.map((layer, index) => {
    const changes = analysis.changes[index];
    return {
      index,
      id: layer.id,
      command: commands[index],
      archiveSize: layer.archiveSize,
      contentBytes: layerContentSize(layer),
      added: changes.added.length,
      modified: changes.modified.length,
      removed: changes.removed.length,
      addedBytes: changes.addedBytes,
      modifiedBytes: changes.modifiedBytes,
      removedBytes: changes.removedBytes,
      ...(layer.error === undefined ? {} : { error: layer.error }),
    };
  });
}

export function summariseAnalysis(analysis: ImageAnalysis, fromCache: boolean): ImageAnalysisSummary {
  const { efficiency } = analysis;
  return {
    imageId: analysis.imageId,
    readAt: analysis.readAt,
    fromCache,
    efficiency: efficiency.efficiency,
    wastedBytes: efficiency.wastedBytes,
    sizeBytes: efficiency.sizeBytes,
    userSizeBytes: efficiency.userSizeBytes,
    wastedUserPercent: Number.isFinite(efficiency.wastedUserPercent) ? efficiency.wastedUserPercent : null,
    layers: layerSummaries(analysis),
    wasted: efficiency.inefficiencies.slice(0, MAX_WASTED_PATHS).map((item) => ({
      path: item.path,
      wastedBytes: item.cumulativeSize,
      count: item.count,
      addedIn: [...new Set(item.addedIn)],
      removedIn: [...new Set(item.removedIn)],
    })),
    wastedPaths: efficiency.inefficiencies.length,
    warnings: efficiency.warnings,
  };
}
