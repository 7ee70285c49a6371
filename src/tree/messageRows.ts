// The rows that are not workloads: why an engine cannot be listed (with its fix-its), an empty
// engine, and everything hidden by the filter.
import * as vscode from 'vscode';
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
  const label = filterText
    ? vscode.l10n.t('All {0} hidden by the filter "{1}".', total, filterText)
    : vscode.l10n.t('All {0} hidden by the setting that hides stopped workloads.', total);
  return {
    type: 'message',
    id: `${providerId}/filtered`,
    label,
    tone: 'info',
    command: filterText ? { command: COMMANDS.clearFilter, title: vscode.l10n.t('Clear Filter') } : undefined,
  };
}

export function emptyRow(provider: WorkloadProvider): MessageNode {
  if (provider.workloadKind === 'pod') {
    return { type: 'message', id: `${provider.id}/empty`, label: vscode.l10n.t('No pods in this cluster.'), tooltip: vscode.l10n.t('Pods appear here as they are created; the list follows the cluster’s watch while the view is visible.'), tone: 'info' };
  }
  const vms = provider.workloadKind === 'vm';
  return {
    type: 'message',
    id: `${provider.id}/empty`,
    label: vms ? vscode.l10n.t('No virtual machines found.') : vscode.l10n.t('No containers on this engine.'),
    tooltip: vms
      ? vscode.l10n.t('Virtual machines this tool knows appear here; the list follows them while the view is visible.')
      : vscode.l10n.t('Containers you create (docker run, docker compose up) appear here as they start.'),
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
        label: vscode.l10n.t('Manage Workspace Trust'),
        tone: 'action',
        command: { command: 'workbench.trust.manage', title: vscode.l10n.t('Manage Workspace Trust') },
      },
    ];
  }
  return [
    {
      type: 'message',
      id: `${diagnosisRowId}/retry`,
      label: vscode.l10n.t('Retry connection'),
      tone: 'action',
      command: { command: COMMANDS.retryConnection, title: vscode.l10n.t('Retry connection'), arguments: [provider.id] },
    },
    {
      type: 'message',
      id: `${diagnosisRowId}/settings`,
      label: vscode.l10n.t('Open {0} settings', provider.label),
      tone: 'action',
      command: { command: 'workbench.action.openSettings', title: vscode.l10n.t('Open Settings'), arguments: [`workloadStacks.${provider.id.split(':')[0]}`] },
    },
  ];
}
