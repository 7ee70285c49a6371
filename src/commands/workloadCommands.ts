// Commands on one workload that are not state changes: open its diagram, inspect its raw JSON,
// copy its id, follow its logs, open a shell, open a published port.
import * as vscode from 'vscode';
import type { WorkloadProvider, WorkloadSummary } from '../providers/provider';
import type { PanelManager } from '../panel/panelManager';
import type { WorkloadCatalog } from '../catalog/workloadCatalog';
import { formatPorts } from '../tree/treeItems';
import { readSettings } from '../settings';
import { INSPECT_SCHEME, InspectDocuments } from './inspectDocument';
import { KEEP_OPEN_ON_FOCUS_OUT, type WorkloadTarget, asTarget, asTargets, containerOf, resolveTargets } from './workloadTarget';
import { publishedPortUrl } from './portAddress';
import { offersLogs, offersShell, openLogsTerminal, openShellTerminal } from './terminals';
import type { ErrorReporter } from './errorReport';
import { COMMANDS } from '../commandIds';

export interface WorkloadCommandDeps {
  catalog: WorkloadCatalog;
  panels: PanelManager;
  providerOf(id: string): WorkloadProvider | undefined;
  errors: ErrorReporter;
  /** The tree's current selection, for commands run from the view title. */
  selection(): readonly unknown[];
  /** The row a click selected, once the tree knows it (it forgets rows it is redrawing). */
  clickedRow(): Promise<unknown>;
}

export function registerWorkloadCommands(deps: WorkloadCommandDeps): vscode.Disposable[] {
  const { catalog } = deps;
  const one = async (arg: unknown, title: string, states?: WorkloadSummary['state'][]): Promise<WorkloadTarget | undefined> =>
    (await resolveTargets(catalog, arg, undefined, { title, states }))[0];

  return [
    vscode.commands.registerCommand(COMMANDS.openStack, async (arg?: unknown) => {
      const target = await one(arg, vscode.l10n.t('Open the stack diagram of which workload?'));
      if (target) deps.panels.open(target.ref, target.name);
    }),
    // A click on a tree row (not in the palette): like the Explorer's single-click preview, focus
    // stays in the tree for the arrow keys, and one tab is reused as the user browses.
    // A row's click (no argument: the row it selected), or a caller naming the row.
    vscode.commands.registerCommand(COMMANDS.showStackFromTree, async (arg?: unknown) => {
      const target = await asTarget(catalog, arg ?? (await deps.clickedRow()));
      if (target) deps.panels.open(target.ref, target.name, { preserveFocus: true, reuseTab: readSettings().reuseDiagramTab });
    }),
    vscode.commands.registerCommand(COMMANDS.compare, async (arg?: unknown, selection?: unknown) => {
      // From the palette or the view title: the rows selected in the tree, when there are several.
      const selected = await asTargets(catalog, deps.selection());
      const targets =
        arg === undefined && selected.length >= 2
          ? selected
          : await resolveTargets(catalog, arg, selection ?? deps.selection(), { title: vscode.l10n.t('Compare which workloads? (pick two or more)'), canPickMany: true });
      if (targets.length < 2) {
        if (targets.length === 1) void vscode.window.showInformationMessage(vscode.l10n.t('Pick at least two workloads to compare (Ctrl/Cmd-click rows in the tree).'));
        return;
      }
      deps.panels.openCompare(targets.map((t) => t.ref));
    }),
    vscode.commands.registerCommand(COMMANDS.inspect, async (arg?: unknown) => {
      const target = await one(arg, vscode.l10n.t('Inspect which workload?'));
      if (target) await inspectWorkload(deps, target);
    }),
    // The inspect editor's title action: the same document, with the secret values shown.
    vscode.commands.registerCommand(COMMANDS.revealSecrets, async () => {
      const uri = vscode.window.activeTextEditor?.document.uri;
      if (uri?.scheme !== INSPECT_SCHEME) return;
      const document = await vscode.workspace.openTextDocument(InspectDocuments.revealed(uri));
      await vscode.languages.setTextDocumentLanguage(document, 'json');
      await vscode.window.showTextDocument(document, { preview: true });
    }),
    vscode.commands.registerCommand(COMMANDS.copyId, async (arg?: unknown) => {
      const target = await one(arg, vscode.l10n.t('Copy the id of which workload?'));
      if (!target) return;
      await vscode.env.clipboard.writeText(target.ref.id);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the id of {0}', target.name), 3000);
    }),
    vscode.commands.registerCommand(COMMANDS.containerLogs, async (arg?: unknown) => {
      const target = await one(arg, vscode.l10n.t('Follow the logs of which container?'));
      if (target) await followLogsOf(deps, target, containerOf(arg));
    }),
    vscode.commands.registerCommand(COMMANDS.containerShell, async (arg?: unknown) => {
      const target = await one(arg, vscode.l10n.t('Open a shell in which running container?'), ['running']);
      if (target) openShellIn(deps, target, containerOf(arg));
    }),
    vscode.commands.registerCommand(COMMANDS.vmConsole, async (arg?: unknown) => {
      const target = (await resolveTargets(catalog, arg, undefined, { title: vscode.l10n.t('Open the console of which virtual machine?'), states: ['running'], kind: 'vm' }))[0];
      if (!target) return;
      const console = deps.providerOf(target.ref.providerId)?.consoleCommand?.(target.ref);
      if (!console) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Workload Stacks cannot open a console for {0}: its tool offers none.', target.name));
        return;
      }
      // Program and arguments go to the terminal as an array: no shell line is built from them.
      vscode.window.createTerminal({ name: vscode.l10n.t('Console: {0}', target.name), shellPath: console.command, shellArgs: console.args, iconPath: new vscode.ThemeIcon('terminal') }).show();
    }),
    vscode.commands.registerCommand(COMMANDS.containerOpenPort, async (arg?: unknown) => {
      const target = await one(arg, vscode.l10n.t('Open a published port of which container?'), ['running']);
      if (target) await openPublishedPort(catalog, target);
    }),
  ];
}

/** What the commands on one workload need to reach it and to explain a failure. */
export type WorkloadReach = Pick<WorkloadCommandDeps, 'providerOf' | 'errors'>;

export async function inspectWorkload(deps: WorkloadReach, target: WorkloadTarget): Promise<void> {
  try {
    const document = await vscode.workspace.openTextDocument(InspectDocuments.uriFor(target.ref, target.name));
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  } catch (error) {
    deps.errors.failed((why) => vscode.l10n.t('Could not inspect {0}: {1}', target.name, why), deps.providerOf(target.ref.providerId), error);
  }
}

/** `container`: one container of a pod (its row in the tree); absent, all of a pod's. */
export async function followLogsOf(deps: WorkloadReach, target: WorkloadTarget, container?: string): Promise<void> {
  const provider = deps.providerOf(target.ref.providerId);
  if (!offersLogs(provider)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Workload Stacks cannot follow the logs of {0}: its source offers none.', target.name));
    return;
  }
  try {
    const raw = (await provider.inspectRaw(target.ref)) as { Config?: { Tty?: unknown } };
    openLogsTerminal(provider, target, raw.Config?.Tty === true, container);
  } catch (error) {
    deps.errors.failed((why) => vscode.l10n.t('Could not read the logs of {0}: {1}', target.name, why), provider, error);
  }
}

/** `container`: one container of a pod; absent, the one kubectl would pick. */
export function openShellIn(deps: WorkloadReach, target: WorkloadTarget, container?: string): void {
  const provider = deps.providerOf(target.ref.providerId);
  if (!offersShell(provider)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Workload Stacks cannot open a shell in {0}: its source offers none.', target.name));
    return;
  }
  openShellTerminal(provider, target, container);
}

async function openPublishedPort(catalog: WorkloadCatalog, target: WorkloadTarget): Promise<void> {
  const summary = catalog.summaryOf(target.ref);
  const ports = summary?.ports.filter((p) => p.publicPort !== undefined && p.protocol === 'tcp') ?? [];
  if (!summary || ports.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} publishes no TCP port ({1}).', target.name, summary ? formatPorts(summary) : vscode.l10n.t('unknown')));
    return;
  }
  const chosen =
    ports.length === 1
      ? ports[0]
      : (await vscode.window.showQuickPick(
          ports.map((port) => ({ label: `${port.publicPort}`, description: `→ ${port.privatePort}/${port.protocol}`, port })),
          { title: vscode.l10n.t('Open which port of {0}?', target.name), ignoreFocusOut: KEEP_OPEN_ON_FOCUS_OUT },
        ))?.port;
  if (!chosen) return;
  const url = publishedPortUrl(chosen);
  if (!url) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0}: the engine says port {1} is published on "{2}", which is not an IP address, so nothing was opened.', target.name, String(chosen.publicPort), String(chosen.hostIp).slice(0, 80)),
    );
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
}
