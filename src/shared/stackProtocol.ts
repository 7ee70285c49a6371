// The stack panel's messages: the diagram of one workload, its live stats and the overhead lab's
// annotation one way; ready, toolbar actions and the reveal toggle the other.
import type { LiveStats, Stack } from './model';
import type { OverheadAnnotation } from './overhead';
import { isOverheadAnnotation } from './overheadProtocol';
import { type ActionMessage, type ReadyMessage, type StatusMessage, isActionMessage, isPanelStatus, isReadyMessage } from './panelProtocol';
import { isNullableNumber, isRecord, isString, isWorkloadRef } from './protocolGuards';
import { type ExportDiagramMessage, type ExportImageMessage, type RenderImageMessage, isExportDiagramMessage, isExportImageMessage, isRenderImageMessage } from './exportProtocol';
import { USAGE_METRICS, type UsageSample } from './usageRates';
import { type ImageAnalysisFromWebview, type ImageAnalysisToWebview, isImageAnalysisFromWebview, isImageAnalysisToWebview } from './imageAnalysisProtocol';

/** A usage recording under way, as the toolbar shows it. */
export interface RecordingState {
  startedAt: string;
  /** How long the recording keeps before its oldest samples go, in minutes. */
  windowMinutes: number;
}

export type StackToWebview =
  | { type: 'stack'; stack: Stack; secretsRevealed: boolean }
  /** `sample`: the point this reading adds to the usage history (rates from the previous reading). */
  | { type: 'stats'; stats: LiveStats; sample?: UsageSample }
  /** The whole bounded usage history the host keeps: after `ready`, and empty when the tab shows another workload. */
  | { type: 'usageHistory'; samples: UsageSample[] }
  /** A recording started (its state) or stopped (null). */
  | { type: 'recording'; recording: RecordingState | null }
  /** The source has no live usage for this workload (or its stream ended): why, in one sentence. */
  | { type: 'statsEnded'; reason: string }
  | StatusMessage
  /** The measured cost drawn beside its band; null removes it. */
  | { type: 'overheadAnnotation'; annotation: OverheadAnnotation | null }
  | RenderImageMessage
  | ImageAnalysisToWebview;

export type StackFromWebview = ReadyMessage | ActionMessage | { type: 'revealSecrets'; reveal: boolean } | { type: 'record'; record: boolean }
  | ExportDiagramMessage
  | ExportImageMessage
  | ImageAnalysisFromWebview;

export function isStackFromWebview(value: unknown): value is StackFromWebview {
  if (!isRecord(value)) return false;
  return (
    isReadyMessage(value) ||
    isActionMessage(value) ||
    (value.type === 'revealSecrets' && typeof value.reveal === 'boolean') ||
    (value.type === 'record' && typeof value.record === 'boolean') ||
    isExportDiagramMessage(value) ||
    isExportImageMessage(value) ||
    isImageAnalysisFromWebview(value)
  );
}

export function isStackToWebview(value: unknown): value is StackToWebview {
  if (!isRecord(value)) return false;
  if (isRenderImageMessage(value) || isImageAnalysisToWebview(value)) return true;
  switch (value.type) {
    case 'stack':
      return isStack(value.stack) && typeof value.secretsRevealed === 'boolean';
    case 'stats':
      return isLiveStats(value.stats) && (value.sample === undefined || isUsageSample(value.sample));
    case 'usageHistory':
      return Array.isArray(value.samples) && value.samples.every(isUsageSample);
    case 'recording':
      return value.recording === null || isRecordingState(value.recording);
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
    isNullableNumber(value.pids) &&
    isNullableNumber(value.netRxBytes) &&
    isNullableNumber(value.netTxBytes) &&
    isNullableNumber(value.blockReadBytes) &&
    isNullableNumber(value.blockWriteBytes)
  );
}

export function isUsageSample(value: unknown): value is UsageSample {
  return isRecord(value) && typeof value.atMs === 'number' && Number.isFinite(value.atMs) && USAGE_METRICS.every((metric) => isNullableNumber(value[metric]));
}

function isRecordingState(value: unknown): value is RecordingState {
  return isRecord(value) && isString(value.startedAt) && typeof value.windowMinutes === 'number' && Number.isFinite(value.windowMinutes);
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
