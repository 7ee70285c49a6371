// The stack panel's messages about the image under a container: the analysis's state (the
// libraries band draws its summary) and a layer's files on request, one way; start, cancel and
// "show me layer n's files" the other. A layer's files go only when asked: an image can hold
// hundreds of thousands.
import type { ImageAnalysisSummary } from './imageAnalysis';
import type { LayerEntry } from './imageContents';
import { hasFileFields } from './imageContentsGuard';
import { isCount, isRecord, isString } from './protocolGuards';

export type ImageAnalysisState =
  /** The workload has no image this extension can read (a VM, this machine, a pod). */
  | { kind: 'none' }
  /** It has one; not read yet (reading it is the user's choice: it can take a while). */
  | { kind: 'idle' }
  | { kind: 'reading'; bytesRead: number }
  | { kind: 'done'; summary: ImageAnalysisSummary }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' };

export type FileChange = 'added' | 'modified' | 'removed' | 'unchanged';

/** A path of the tree (its parents come before it in a list), with the entry's own fields. */
export interface LayerFileRow extends Pick<LayerEntry, 'path' | 'type' | 'size' | 'mode' | 'uid' | 'gid' | 'linkTarget'> {
  /** What the layer shown did to this path (in the aggregate view: the selected layer). */
  change: FileChange;
  /** The layer that set this path last (in a single layer's view: that layer). */
  layer: number;
}

export interface LayerFiles {
  /** The image the rows belong to: an answer that arrives after the panel moved to another image is dropped. */
  imageId: string;
  layer: number;
  /** The files of layers 0..layer stacked (true), or what that one layer holds (false). */
  aggregate: boolean;
  rows: LayerFileRow[];
  /** Rows left out beyond the cap (MAX_LAYER_FILE_ROWS). */
  omitted: number;
}

/** Far more files than anyone reads in a tree; bounds a message and the page's DOM. */
export const MAX_LAYER_FILE_ROWS = 50_000;

export type ImageAnalysisToWebview =
  | { type: 'imageAnalysis'; state: ImageAnalysisState }
  | { type: 'layerFiles'; files: LayerFiles };

export type ImageAnalysisFromWebview =
  | { type: 'analyseImage' }
  | { type: 'cancelImageAnalysis' }
  | { type: 'layerFiles'; layer: number; aggregate: boolean };

const FILE_CHANGES: readonly string[] = ['added', 'modified', 'removed', 'unchanged'];


function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isCountList(value: unknown): boolean {
  return Array.isArray(value) && value.every(isCount);
}

function isLayerSummary(value: unknown): boolean {
  return (
    isRecord(value) &&
    isCount(value.index) &&
    isString(value.id) &&
    isString(value.command) &&
    ['archiveSize', 'contentBytes', 'added', 'modified', 'removed', 'addedBytes', 'modifiedBytes', 'removedBytes'].every((key) => isCount(value[key])) &&
    (value.error === undefined || isString(value.error))
  );
}

function isWastedPath(value: unknown): boolean {
  return isRecord(value) && isString(value.path) && isCount(value.wastedBytes) && isCount(value.count) && isCountList(value.addedIn) && isCountList(value.removedIn);
}

export function isImageAnalysisSummary(value: unknown): value is ImageAnalysisSummary {
  return (
    isRecord(value) &&
    isString(value.imageId) &&
    isString(value.readAt) &&
    typeof value.fromCache === 'boolean' &&
    isFiniteNumber(value.efficiency) &&
    isCount(value.wastedBytes) &&
    isCount(value.sizeBytes) &&
    isCount(value.userSizeBytes) &&
    (value.wastedUserPercent === null || isFiniteNumber(value.wastedUserPercent)) &&
    Array.isArray(value.layers) &&
    value.layers.every(isLayerSummary) &&
    Array.isArray(value.wasted) &&
    value.wasted.every(isWastedPath) &&
    isCount(value.wastedPaths) &&
    Array.isArray(value.warnings) &&
    value.warnings.every(isString)
  );
}

export function isImageAnalysisState(value: unknown): value is ImageAnalysisState {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'none':
    case 'idle':
    case 'cancelled':
      return true;
    case 'reading':
      return isCount(value.bytesRead);
    case 'done':
      return isImageAnalysisSummary(value.summary);
    case 'failed':
      return isString(value.message);
    default:
      return false;
  }
}

function isLayerFileRow(value: unknown): boolean {
  return (
    isRecord(value) &&
    hasFileFields(value) &&
    typeof value.change === 'string' &&
    FILE_CHANGES.includes(value.change) &&
    isCount(value.layer)
  );
}

export function isLayerFiles(value: unknown): value is LayerFiles {
  return (
    isRecord(value) &&
    isString(value.imageId) &&
    isCount(value.layer) &&
    typeof value.aggregate === 'boolean' &&
    Array.isArray(value.rows) &&
    value.rows.length <= MAX_LAYER_FILE_ROWS &&
    value.rows.every(isLayerFileRow) &&
    isCount(value.omitted)
  );
}

export function isImageAnalysisToWebview(value: unknown): value is ImageAnalysisToWebview {
  if (!isRecord(value)) return false;
  if (value.type === 'imageAnalysis') return isImageAnalysisState(value.state);
  if (value.type === 'layerFiles') return isLayerFiles(value.files);
  return false;
}

export function isImageAnalysisFromWebview(value: unknown): value is ImageAnalysisFromWebview {
  if (!isRecord(value)) return false;
  if (value.type === 'analyseImage' || value.type === 'cancelImageAnalysis') return true;
  return value.type === 'layerFiles' && isCount(value.layer) && typeof value.aggregate === 'boolean';
}
