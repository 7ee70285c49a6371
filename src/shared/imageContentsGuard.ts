// Whether a value read back from the image cache is what was stored: the file is ours, but a disk,
// a crash or another program can leave anything in it, and everything in it came from an image.
import type { ImageContents } from './imageAnalysis';
import type { LayerEntryType } from './imageContents';
import { isCount, isRecord, isString } from './protocolGuards';

const ENTRY_TYPES: readonly unknown[] = ['file', 'dir', 'symlink', 'hardlink', 'other'] satisfies LayerEntryType[];


function isOptionalTrue(value: unknown): boolean {
  return value === undefined || value === true;
}

/** The fields a layer entry shares with a file row and a file's side of a comparison. */
export function hasFileFields(value: Record<string, unknown>): boolean {
  return (
    isString(value.path) &&
    ENTRY_TYPES.includes(value.type) &&
    isCount(value.size) &&
    isCount(value.mode) &&
    isCount(value.uid) &&
    isCount(value.gid) &&
    (value.linkTarget === undefined || isString(value.linkTarget))
  );
}

function isLayerEntry(value: unknown): boolean {
  return (
    isRecord(value) &&
    hasFileFields(value) &&
    (value.contentHash === undefined || isString(value.contentHash)) &&
    isOptionalTrue(value.whiteout) &&
    isOptionalTrue(value.opaque)
  );
}

function isLayerContents(value: unknown): boolean {
  return (
    isRecord(value) &&
    isString(value.id) &&
    isCount(value.archiveSize) &&
    Array.isArray(value.entries) &&
    value.entries.every(isLayerEntry) &&
    (value.error === undefined || isString(value.error))
  );
}

export function isImageContents(value: unknown): value is ImageContents {
  return (
    isRecord(value) &&
    isString(value.imageId) &&
    isString(value.readAt) &&
    Array.isArray(value.layers) &&
    value.layers.every(isLayerContents) &&
    Array.isArray(value.history) &&
    value.history.every((step) => isRecord(step) && isString(step.createdBy) && typeof step.emptyLayer === 'boolean')
  );
}
