// The stack panel's messages: the diagram of one workload, its live stats and the overhead lab's
// annotation one way; ready, toolbar actions and the reveal toggle the other.
import type { LiveStats, Stack } from './model';
import type { OverheadAnnotation } from './overhead';
import { isOverheadAnnotation } from './overheadProtocol';
import { type ActionMessage, type ReadyMessage, type StatusMessage, isActionMessage, isPanelStatus, isReadyMessage } from './panelProtocol';
import { isNullableNumber, isRecord, isString, isWorkloadRef } from './protocolGuards';

export type StackToWebview =
  | { type: 'stack'; stack: Stack; secretsRevealed: boolean }
  | { type: 'stats'; stats: LiveStats }
  /** The source has no live usage for this workload (or its stream ended): why, in one sentence. */
  | { type: 'statsEnded'; reason: string }
  | StatusMessage
  /** The measured cost drawn beside its band; null removes it. */
  | { type: 'overheadAnnotation'; annotation: OverheadAnnotation | null };

export type StackFromWebview = ReadyMessage | ActionMessage | { type: 'revealSecrets'; reveal: boolean };

export function isStackFromWebview(value: unknown): value is StackFromWebview {
  if (!isRecord(value)) return false;
  return isReadyMessage(value) || isActionMessage(value) || (value.type === 'revealSecrets' && typeof value.reveal === 'boolean');
}

export function isStackToWebview(value: unknown): value is StackToWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'stack':
      return isStack(value.stack) && typeof value.secretsRevealed === 'boolean';
    case 'stats':
      return isLiveStats(value.stats);
    case 'statsEnded':
      return isString(value.reason);
    case 'status':
      return isPanelStatus(value.status);
    case 'overheadAnnotation':
      return value.annotation === null || isOverheadAnnotation(value.annotation);
    default:
      return false;
  }
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

export function isLayer(value: unknown): boolean {
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
