// The compare panel's messages: the comparison, the header's status and image requests one way;
// ready, the toolbar's Refresh and Export, and the drawn images the other.
import type { CompareModel } from './compare';
import { type ActionMessage, type ReadyMessage, type StatusMessage, isActionMessage, isPanelStatus, isReadyMessage } from './panelProtocol';
import { isRecord, isString, isWorkloadRef } from './protocolGuards';
import { isLayer } from './stackProtocol';
import { type ExportDiagramMessage, type ExportImageMessage, type RenderImageMessage, isExportDiagramMessage, isExportImageMessage, isRenderImageMessage } from './exportProtocol';

export type CompareToWebview = { type: 'compare'; model: CompareModel } | StatusMessage | RenderImageMessage;

export type CompareFromWebview = ReadyMessage | ActionMessage | ExportDiagramMessage | ExportImageMessage;

export function isCompareFromWebview(value: unknown): value is CompareFromWebview {
  return isRecord(value) && (isReadyMessage(value) || isActionMessage(value) || isExportDiagramMessage(value) || isExportImageMessage(value));
}

export function isCompareToWebview(value: unknown): value is CompareToWebview {
  if (!isRecord(value)) return false;
  if (value.type === 'compare') return isCompareModel(value.model);
  if (isRenderImageMessage(value)) return true;
  return value.type === 'status' && isPanelStatus(value.status);
}

function isCompareGroup(value: unknown, columns: number): boolean {
  return (
    isRecord(value) &&
    Number.isInteger(value.from) &&
    Number.isInteger(value.to) &&
    Number.isInteger(value.depth) &&
    (value.from as number) >= 0 &&
    (value.to as number) > (value.from as number) + 1 &&
    (value.to as number) <= columns &&
    (value.depth as number) >= 0 &&
    isLayer(value.layer)
  );
}

function isCompareModel(value: unknown): value is CompareModel {
  return (
    isRecord(value) &&
    Array.isArray(value.groups) &&
    Array.isArray(value.columns) &&
    value.groups.every((group) => isCompareGroup(group, (value.columns as unknown[]).length)) &&
    isString(value.readAt) &&
    Array.isArray(value.shared) &&
    value.shared.every(isLayer) &&
    Array.isArray(value.differences) &&
    value.differences.every(
      (difference) =>
        isRecord(difference) &&
        isString(difference.key) &&
        isString(difference.label) &&
        Array.isArray(difference.values) &&
        difference.values.every((item) => item === null || isString(item)),
    ) &&
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
