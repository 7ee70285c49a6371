// Measurement 5: the extension's engine requests while the view is hidden and while it is visible
// but idle. The extension talks to the counting proxy (DOCKER_HOST); this side only marks the
// windows with wall-clock times, which the runner matches against the proxy's request log.
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../src/api';
import { engineNode, walkRows } from './engineCalls';
import { report, sleep } from './report';

const SETTLE_MS = 5_000;

async function window(id: string, measure: string, seconds: number): Promise<void> {
  await sleep(SETTLE_MS);
  const start = Date.now();
  await sleep(seconds * 1000);
  report({ id, measure, unit: 'timestamp', extra: { start, end: Date.now() } });
}

export async function measureIdle(api: WorkloadStacksApi, seconds: number): Promise<void> {
  // The tree lists once through the proxy, so there is something to keep up to date.
  await vscode.commands.executeCommand('workbench.view.extension.workloadStacks');
  await walkRows(api, await engineNode(api));
  await vscode.commands.executeCommand('workbench.view.explorer');
  await window('idle-hidden', '(5) engine requests/min, view hidden', seconds);
  await vscode.commands.executeCommand('workbench.view.extension.workloadStacks');
  await window('idle-visible', '(5) engine requests/min, view visible and idle', seconds);
}
