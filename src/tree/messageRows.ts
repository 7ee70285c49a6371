// The rows that are not workloads: why an engine cannot be listed (with its fix-its), an empty
// engine, and everything hidden by the filter.
import type { Diagnosis, WorkloadProvider } from '../providers/provider';
import type { MessageNode } from './nodes';
import { COMMANDS } from '../commandIds';

export function diagnosisRow(providerId: string, diagnosis: Diagnosis): MessageNode {
  return {
    type: 'message',
    id: `${providerId}/diagnosis/${diagnosis.kind}`,
    label: diagnosis.message,
    tooltip: `${diagnosis.message}\n${diagnosis.hint}`,
    tone: diagnosis.kind === 'restricted' ? 'info' : 'error',
    diagnosis,
  };
}

/** What went wrong beside a list that answered (a refused URI, a dropped stream), after the workloads. */
export function noticeRow(providerId: string, diagnosis: Diagnosis, index: number): MessageNode {
  return { ...diagnosisRow(providerId, diagnosis), id: `${providerId}/notice/${index}/${diagnosis.kind}` };
}

/** `filterText` empty: the hide-stopped setting hid them all. */
export function filteredOutRow(providerId: string, total: number, filterText: string): MessageNode {
  const hidden = filterText ? `the filter "${filterText}"` : 'the setting that hides stopped workloads';
  return {
    type: 'message',
    id: `${providerId}/filtered`,
    label: `All ${total} hidden by ${hidden}.`,
    tone: 'info',
    command: filterText ? { command: COMMANDS.clearFilter, title: 'Clear Filter' } : undefined,
  };
}

export function emptyRow(provider: WorkloadProvider): MessageNode {
  if (provider.workloadKind === 'pod') {
    return { type: 'message', id: `${provider.id}/empty`, label: 'No pods in this cluster.', tooltip: 'Pods appear here as they are created; the list follows the cluster’s watch while the view is visible.', tone: 'info' };
  }
  const vms = provider.workloadKind === 'vm';
  return {
    type: 'message',
    id: `${provider.id}/empty`,
    label: vms ? 'No virtual machines found.' : 'No containers on this engine.',
    tooltip: vms
      ? 'Virtual machines this tool knows appear here; the list follows them while the view is visible.'
      : 'Containers you create (docker run, docker compose up) appear here as they start.',
    tone: 'info',
  };
}

/** Under a diagnosis row: retry, and the provider's settings (or, in Restricted Mode, workspace trust). */
export function fixItRows(diagnosisRowId: string, provider: WorkloadProvider, diagnosis?: Diagnosis): MessageNode[] {
  if (diagnosis?.kind === 'restricted') {
    return [
      {
        type: 'message',
        id: `${diagnosisRowId}/trust`,
        label: 'Manage Workspace Trust',
        tone: 'action',
        command: { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' },
      },
    ];
  }
  return [
    {
      type: 'message',
      id: `${diagnosisRowId}/retry`,
      label: 'Retry connection',
      tone: 'action',
      command: { command: COMMANDS.retryConnection, title: 'Retry connection', arguments: [provider.id] },
    },
    {
      type: 'message',
      id: `${diagnosisRowId}/settings`,
      label: `Open ${provider.label} settings`,
      tone: 'action',
      command: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: [`workloadStacks.${provider.id.split(':')[0]}`] },
    },
  ];
}
