// Saves a stopped usage recording where the user says: CSV or JSON by the name's extension
// (the save dialog offers both), written through vscode.workspace.fs so remote workspaces work too.
import * as vscode from 'vscode';
import type { WorkloadRef } from '../shared/model';
import { type UsageRecording, recordingToCsv, recordingToJson } from '../shared/usageExport';
import type { FinishedRecording } from './usageHistory';

export interface RecordedWorkload {
  ref: WorkloadRef;
  name: string;
  source: string;
}

/** A file name from a workload name: engine text, so only safe characters are kept. */
function defaultFileName(name: string, startedAt: string): string {
  const safeName = name.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'workload';
  return `${safeName}-usage-${startedAt.replace(/[:.]/g, '-')}.csv`;
}

/** Resolves with the saved file, or undefined when there was nothing to save or the user cancelled. */
export async function saveUsageRecording(workload: RecordedWorkload, finished: FinishedRecording): Promise<vscode.Uri | undefined> {
  if (finished.samples.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The recording of {0} holds no samples: nothing to save.', workload.name));
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = defaultFileName(workload.name, finished.startedAt);
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save the usage recording of {0}', workload.name),
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { CSV: ['csv'], JSON: ['json'] },
    saveLabel: vscode.l10n.t('Save Recording'),
  });
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The usage recording of {0} was not saved.', workload.name));
    return undefined;
  }
  const recording: UsageRecording = { workload: workload.ref, name: workload.name, source: workload.source, ...finished };
  const text = target.path.toLowerCase().endsWith('.json') ? recordingToJson(recording) : recordingToCsv(recording);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  return target;
}
