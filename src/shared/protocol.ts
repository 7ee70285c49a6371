// The typed host <-> webview protocol, imported by both bundles. Every message received on either
// side goes through a guard here first; anything that does not match is dropped by the receiver.
import type { CompareModel } from './compare';
import type { LiveStats, Stack } from './model';
import type { OverheadAnnotation, OverheadResults } from './overhead';

/** Panel state shown in the header: live data, data that may be old, or a workload that is gone. */
export type PanelStatus =
  | { kind: 'loading' }
  | { kind: 'live' }
  | { kind: 'stale'; message: string }
  | { kind: 'removed'; message: string }
  | { kind: 'error'; message: string };

export type HostToWebview =
  | { type: 'stack'; stack: Stack; secretsRevealed: boolean }
  | { type: 'stats'; stats: LiveStats }
  | { type: 'status'; status: PanelStatus }
  | { type: 'compare'; model: CompareModel }
  /** The overhead panel's table: sent again whenever a column finishes. */
  | { type: 'overhead'; results: OverheadResults; running: boolean }
  /** On a stack panel: the measured cost drawn beside its band; null removes it. */
  | { type: 'overheadAnnotation'; annotation: OverheadAnnotation | null };

/** Actions the panel toolbar may ask for; the host maps each to a palette command. */
export const PANEL_ACTIONS = ['refresh', 'inspect', 'logs', 'shell', 'start', 'stop', 'restart'] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'action'; action: PanelAction }
  | { type: 'revealSecrets'; reveal: boolean }
  /** From the overhead panel: save the results (the host asks where). */
  | { type: 'exportOverhead'; format: 'markdown' | 'json' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return Object.keys(value).length === 1;
    case 'action':
      return typeof value.action === 'string' && (PANEL_ACTIONS as readonly string[]).includes(value.action);
    case 'revealSecrets':
      return typeof value.reveal === 'boolean';
    case 'exportOverhead':
      return value.format === 'markdown' || value.format === 'json';
    default:
      return false;
  }
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isNullableNumber(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value));
}

function isFact(value: unknown): boolean {
  return (
    isRecord(value) &&
    isString(value.key) &&
    isString(value.label) &&
    isString(value.value) &&
    isString(value.source)
  );
}

function isImageLayer(value: unknown): boolean {
  return isRecord(value) && isString(value.id) && isString(value.createdBy) && typeof value.sizeBytes === 'number' && isString(value.created);
}

function isProcessTable(value: unknown): boolean {
  return (
    isRecord(value) &&
    Array.isArray(value.titles) &&
    value.titles.every(isString) &&
    Array.isArray(value.rows) &&
    value.rows.every((row) => isRecord(row) && Array.isArray(row.cells) && row.cells.every(isString))
  );
}

function isLayer(value: unknown): boolean {
  return (
    isRecord(value) &&
    isString(value.kind) &&
    isString(value.title) &&
    Array.isArray(value.facts) &&
    value.facts.every(isFact) &&
    (value.imageLayers === undefined || (Array.isArray(value.imageLayers) && value.imageLayers.every(isImageLayer))) &&
    (value.processes === undefined || isProcessTable(value.processes)) &&
    (value.unavailable === undefined || isString(value.unavailable))
  );
}

export function isStack(value: unknown): value is Stack {
  return (
    isRecord(value) &&
    isString(value.name) &&
    isString(value.state) &&
    isString(value.readAt) &&
    isWorkloadRef(value.workload) &&
    Array.isArray(value.layers) &&
    value.layers.every(isLayer)
  );
}

function isLiveStats(value: unknown): value is LiveStats {
  return (
    isRecord(value) &&
    isString(value.readAt) &&
    isNullableNumber(value.cpuPercent) &&
    isNullableNumber(value.memoryBytes) &&
    isNullableNumber(value.memoryLimitBytes) &&
    isNullableNumber(value.pids)
  );
}

function isPanelStatus(value: unknown): value is PanelStatus {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'loading':
    case 'live':
      return true;
    case 'stale':
    case 'removed':
    case 'error':
      return isString(value.message);
    default:
      return false;
  }
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'stack':
      return isStack(value.stack) && typeof value.secretsRevealed === 'boolean';
    case 'stats':
      return isLiveStats(value.stats);
    case 'status':
      return isPanelStatus(value.status);
    case 'compare':
      return isCompareModel(value.model);
    case 'overhead':
      return isOverheadResults(value.results) && typeof value.running === 'boolean';
    case 'overheadAnnotation':
      return value.annotation === null || isOverheadAnnotation(value.annotation);
    default:
      return false;
  }
}

function isWorkloadRef(value: unknown): boolean {
  return isRecord(value) && isString(value.kind) && isString(value.providerId) && isString(value.id);
}

function isCompareModel(value: unknown): value is CompareModel {
  return (
    isRecord(value) &&
    isString(value.readAt) &&
    Array.isArray(value.shared) &&
    value.shared.every(isLayer) &&
    Array.isArray(value.columns) &&
    value.columns.every(
      (column) =>
        isRecord(column) &&
        isWorkloadRef(column.workload) &&
        isString(column.name) &&
        isString(column.state) &&
        Array.isArray(column.layers) &&
        column.layers.every(isLayer) &&
        isRecord(column.kernel) &&
        typeof column.kernel.shared === 'boolean' &&
        isString(column.kernel.text),
    )
  );
}

/** What the compare panel's serializer stores: the workloads it compared. */
export interface ComparePanelState {
  compare: { kind: string; providerId: string; id: string }[];
}

export function isComparePanelState(value: unknown): value is ComparePanelState {
  return isRecord(value) && Array.isArray(value.compare) && value.compare.length > 0 && value.compare.every(isWorkloadRef);
}

/** What the serializer stores so a panel restored after a reload can ask for live data again. */
export interface PanelState {
  workload: { kind: string; providerId: string; id: string };
  name: string;
}

export function isPanelState(value: unknown): value is PanelState {
  return (
    isRecord(value) &&
    isString(value.name) &&
    isWorkloadRef(value.workload)
  );
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isString);
}

function isOptionalNumber(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value));
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

function isOverheadAnnotation(value: unknown): value is OverheadAnnotation {
  return isRecord(value) && isString(value.layerKind) && isString(value.headline) && isStringArray(value.lines) && isString(value.measuredAt);
}
