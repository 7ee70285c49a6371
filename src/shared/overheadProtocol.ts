// The overhead panel's messages: the results table one way; ready and the exports the other. The
// annotation a measurement leaves on a stack diagram is checked here too.
import type { OverheadAnnotation, OverheadResults } from './overhead';
import { type ReadyMessage, isReadyMessage } from './panelProtocol';
import { isOptionalNumber, isRecord, isString, isStringArray, isWorkloadRef } from './protocolGuards';

export type OverheadToWebview = { type: 'overhead'; results: OverheadResults; running: boolean };

/** Save the results (the host asks where). */
export type OverheadFromWebview = ReadyMessage | { type: 'exportOverhead'; format: 'markdown' | 'json' };

export function isOverheadFromWebview(value: unknown): value is OverheadFromWebview {
  return isRecord(value) && (isReadyMessage(value) || (value.type === 'exportOverhead' && (value.format === 'markdown' || value.format === 'json')));
}

export function isOverheadToWebview(value: unknown): value is OverheadToWebview {
  return isRecord(value) && value.type === 'overhead' && isOverheadResults(value.results) && typeof value.running === 'boolean';
}

function isOverheadCell(value: unknown): boolean {
  return (
    isRecord(value) &&
    isOptionalNumber(value.median) &&
    isOptionalNumber(value.spreadPct) &&
    isOptionalNumber(value.costRatio) &&
    (value.runs === undefined || (Array.isArray(value.runs) && value.runs.every((run) => typeof run === 'number'))) &&
    (value.verdict === undefined || ['baseline', 'same', 'costlier', 'cheaper'].includes(value.verdict as string)) &&
    (value.detail === undefined || isString(value.detail)) &&
    (value.error === undefined || isString(value.error))
  );
}

export function isOverheadResults(value: unknown): value is OverheadResults {
  return (
    isRecord(value) &&
    isString(value.startedAt) &&
    isString(value.finishedAt) &&
    typeof value.runs === 'number' &&
    typeof value.runMs === 'number' &&
    typeof value.cancelled === 'boolean' &&
    isString(value.referenceSource) &&
    Array.isArray(value.columns) &&
    value.columns.every(
      (column) =>
        isRecord(column) &&
        isWorkloadRef(column.ref) &&
        isString(column.name) &&
        isString(column.kind) &&
        isStringArray(column.measuredOn) &&
        isStringArray(column.notes) &&
        (column.error === undefined || isString(column.error)) &&
        (column.costLayer === undefined || isString(column.costLayer)),
    ) &&
    Array.isArray(value.rows) &&
    value.rows.every(
      (row) =>
        isRecord(row) &&
        isString(row.id) &&
        isString(row.label) &&
        isString(row.unit) &&
        (row.better === 'higher' || row.better === 'lower') &&
        Array.isArray(row.cells) &&
        row.cells.length === (value.columns as unknown[]).length &&
        row.cells.every(isOverheadCell) &&
        (row.reference === undefined || isString(row.reference)),
    )
  );
}

export function isOverheadAnnotation(value: unknown): value is OverheadAnnotation {
  return isRecord(value) && isString(value.layerKind) && isString(value.headline) && isStringArray(value.lines) && isString(value.measuredAt);
}
