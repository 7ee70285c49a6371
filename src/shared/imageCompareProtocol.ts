// The image compare panel's messages: the comparison one way; `ready` the other. The model comes
// through postMessage, so its guard checks every field before the page draws any of it.
import type { FileDifference, FileSide, ImageCompareModel, ImageCompareSummary, PartedImageLayer, SharedImageLayer } from './imageCompare';
import { MAX_IMAGE_COMPARE_ROWS } from './imageCompare';
import { type ReadyMessage, isReadyMessage } from './panelProtocol';
import { isCount, isRecord, isString } from './protocolGuards';

export type ImageCompareToWebview = { type: 'imageCompare'; model: ImageCompareModel };

export type ImageCompareFromWebview = ReadyMessage;

const RELATIONS: readonly string[] = ['identical', 'same-layers', 'a-under-b', 'b-under-a', 'parted', 'unrelated'];
const ENTRY_TYPES: readonly string[] = ['file', 'dir', 'symlink', 'hardlink', 'other'];
const DIFFERENCE_KINDS: readonly string[] = ['only-a', 'only-b', 'changed'];
const FILE_ATTRIBUTES: readonly string[] = ['type', 'size', 'content', 'mode', 'owner', 'target'];


function isOptionalCount(value: unknown): boolean {
  return value === undefined || isCount(value);
}

function isPair(value: unknown, item: (value: unknown) => boolean): boolean {
  return Array.isArray(value) && value.length === 2 && value.every(item);
}

function isSummary(value: unknown): value is ImageCompareSummary {
  return (
    isRecord(value) &&
    isString(value.name) &&
    isString(value.imageId) &&
    isString(value.readAt) &&
    typeof value.efficiency === 'number' &&
    Number.isFinite(value.efficiency) &&
    ['layers', 'sizeBytes', 'archiveBytes', 'wastedBytes', 'unreadableLayers'].every((key) => isCount(value[key]))
  );
}

function isSharedLayer(value: unknown): value is SharedImageLayer {
  return isRecord(value) && isString(value.id) && isString(value.command) && (value.commandB === undefined || isString(value.commandB)) && isCount(value.sizeBytes);
}

function isPartedLayer(value: unknown): value is PartedImageLayer {
  return (
    isRecord(value) &&
    isString(value.id) &&
    isString(value.command) &&
    ['index', 'sizeBytes', 'added', 'modified', 'removed'].every((key) => isCount(value[key]))
  );
}

function isPartedList(value: unknown): boolean {
  return Array.isArray(value) && value.every(isPartedLayer);
}

function isFileSide(value: unknown): value is FileSide {
  return (
    isRecord(value) &&
    isString(value.type) &&
    ENTRY_TYPES.includes(value.type) &&
    isCount(value.size) &&
    ['files', 'mode', 'uid', 'gid'].every((key) => isOptionalCount(value[key])) &&
    (value.linkTarget === undefined || isString(value.linkTarget))
  );
}

/** A row has the sides its kind says: only-a just `a`, only-b just `b`, changed both and what changed. */
function isFileDifference(value: unknown): value is FileDifference {
  if (!isRecord(value) || !isString(value.path) || !isString(value.kind) || !DIFFERENCE_KINDS.includes(value.kind)) return false;
  const sidesFit =
    value.kind === 'only-a'
      ? isFileSide(value.a) && value.b === undefined && value.changed === undefined
      : value.kind === 'only-b'
        ? isFileSide(value.b) && value.a === undefined && value.changed === undefined
        : isFileSide(value.a) &&
          isFileSide(value.b) &&
          Array.isArray(value.changed) &&
          value.changed.length > 0 &&
          value.changed.every((attribute) => isString(attribute) && FILE_ATTRIBUTES.includes(attribute));
  return sidesFit;
}

function isDifferenceTotal(value: unknown): boolean {
  return isRecord(value) && isCount(value.paths) && isCount(value.files) && isCount(value.bytes);
}

function isFileDifferences(value: unknown): boolean {
  if (!isRecord(value) || !Array.isArray(value.rows) || value.rows.length > MAX_IMAGE_COMPARE_ROWS || !value.rows.every(isFileDifference)) return false;
  const totals = value.totals;
  return (
    isCount(value.omitted) &&
    isRecord(totals) &&
    isDifferenceTotal(totals.onlyA) &&
    isDifferenceTotal(totals.onlyB) &&
    isRecord(totals.changed) &&
    isCount(totals.changed.paths) &&
    isCount(totals.changed.bytesA) &&
    isCount(totals.changed.bytesB)
  );
}

export function isImageCompareModel(value: unknown): value is ImageCompareModel {
  if (!isRecord(value)) return false;
  const base = value.base;
  return (
    isPair(value.images, isSummary) &&
    isString(value.relation) &&
    RELATIONS.includes(value.relation) &&
    isRecord(base) &&
    Array.isArray(base.layers) &&
    base.layers.every(isSharedLayer) &&
    isCount(base.sizeBytes) &&
    (value.partAt === null || isCount(value.partAt)) &&
    isPair(value.parted, isPartedList) &&
    isFileDifferences(value.files)
  );
}

export function isImageCompareToWebview(value: unknown): value is ImageCompareToWebview {
  return isRecord(value) && value.type === 'imageCompare' && isImageCompareModel(value.model);
}

export function isImageCompareFromWebview(value: unknown): value is ImageCompareFromWebview {
  return isRecord(value) && isReadyMessage(value);
}
