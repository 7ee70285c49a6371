// What the extension must not trust, inside real VS Code: a workload reference made up outside the
// tree (a command argument, a restored panel's state, a document URI) is honoured only for a
// workload a configured source lists, and secret values never reach a webview or an editor until
// the user reveals them.
import * as assert from 'assert';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import Dockerode from 'dockerode';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../../src/api';
import type { WorkloadNode } from '../../../src/tree/nodes';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'workload-stacks.workload-stacks';
const TEST_LABEL = 'workload-stacks.test';
const SECRET_CANARY = process.env.WS_TEST_SECRET_CANARY ?? 'ws-secret-canary';
/** libvirt's built-in test driver: real virsh, no daemon. */
const TEST_DRIVER = 'test:///default';

describe('What Workload Stacks does not trust', function () {
  this.timeout(60_000);
  let api: WorkloadStacksApi;
  let docker: Dockerode;
  let dir: string;
  let ran: string;
  let hostileUri: string;
  const created: Dockerode.Container[] = [];

  before(async () => {
    const extension = vscode.extensions.getExtension<WorkloadStacksApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    const host = process.env.DOCKER_HOST ?? '';
    if (!host.startsWith('unix://')) throw new Error(`The integration suite needs DOCKER_HOST=unix://<private dockerd socket>, got '${host}'.`);
    docker = new Dockerode({ socketPath: host.slice('unix://'.length) });
    dir = mkdtempSync(path.join(os.tmpdir(), 'ws-trust-'));
    ran = path.join(dir, 'ran');
    const script = path.join(dir, 'marker.sh');
    writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> ${ran}\n`);
    chmodSync(script, 0o755);
    hostileUri = `qemu+ext:///system?command=${script}`;
    await vscode.workspace.getConfiguration('workloadStacks').update('libvirt.uris', [TEST_DRIVER], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workloadStacks').update('libvirt.uris', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all(created.map((container) => container.remove({ force: true }).catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  async function container(): Promise<{ container: Dockerode.Container; node: WorkloadNode }> {
    const made = await docker.createContainer({
      name: `trust-${Math.random().toString(36).slice(2, 8)}`,
      Image: 'local/busybox:latest',
      Cmd: ['sleep', '3600'],
      Env: [`API_TOKEN=${SECRET_CANARY}`],
      Labels: { [TEST_LABEL]: '1' },
      HostConfig: { Init: true },
    });
    created.push(made);
    await made.start();
    await api.catalog.refresh('docker');
    const node = await waitFor('the row', () => api.tree.findWorkloadNode('docker', made.id));
    return { container: made, node };
  }

  /** A workload id of the test driver's first domain, under a URI that would run the marker script. */
  async function forgedLibvirtRef(): Promise<{ kind: 'vm'; providerId: string; id: string }> {
    await api.catalog.refresh('libvirt');
    const domain = await waitFor('a test-driver domain', () => api.catalog.listedWorkloads().find((workload) => workload.ref.providerId === 'libvirt'));
    return { kind: 'vm', providerId: 'libvirt', id: `${hostileUri}#${domain.ref.id.split('#')[1]}` };
  }

  it('refuses a made-up workload reference given to a command, and runs nothing', async () => {
    const forged = await forgedLibvirtRef();
    const panelsBefore = vscode.window.tabGroups.all.flatMap((group) => group.tabs).length;
    await vscode.commands.executeCommand('workloadStacks.openStack', { ref: forged, name: 'forged' });
    await vscode.commands.executeCommand('workloadStacks.vm.start', { ref: forged, name: 'forged' });
    await vscode.commands.executeCommand('workloadStacks.inspect', { ref: forged, name: 'forged' });
    assert.strictEqual(existsSync(ran), false, 'the program the reference names never ran');
    assert.ok(api.panels.find(forged) === undefined, 'no panel was opened for it');
    assert.strictEqual(vscode.window.tabGroups.all.flatMap((group) => group.tabs).length, panelsBefore, 'no editor opened');
  });

  it('refuses a made-up reference in a restored panel state and in an inspect document URI', async () => {
    const forged = await forgedLibvirtRef();
    const panel = vscode.window.createWebviewPanel('workloadStacks.stack', 'restored', vscode.ViewColumn.Active, { enableScripts: true });
    let disposed = false;
    panel.onDidDispose(() => (disposed = true));
    await api.panels.serializer().deserializeWebviewPanel(panel, { workload: forged, name: 'restored' });
    await waitFor('the restored panel to be closed', () => disposed || undefined);
    assert.ok(api.panels.find(forged) === undefined, 'it was not adopted');

    const uri = vscode.Uri.from({ scheme: 'workload-stacks', path: '/libvirt/forged.json', query: new URLSearchParams({ kind: 'vm', id: forged.id }).toString() });
    const document = await vscode.workspace.openTextDocument(uri);
    assert.match(document.getText(), /not a workload Workload Stacks lists/);
    assert.strictEqual(existsSync(ran), false, 'the program the reference names never ran');
  });

  it('honours a reference to a workload a configured source lists', async () => {
    const { node } = await container();
    await vscode.commands.executeCommand('workloadStacks.openStack', { ref: { ...node.summary.ref }, name: node.summary.name });
    const panel = await waitFor('the panel', () => api.panels.find(node.summary.ref));
    await waitFor('its stack', () => panel.snapshot.stack);
    panel.panel.dispose();
  });

  it('keeps secret values out of the compare webview', async () => {
    const left = await container();
    const right = await container();
    await vscode.commands.executeCommand('workloadStacks.compare', left.node, [left.node, right.node]);
    const panel = await waitFor('the compare panel', () => api.panels.comparePanels.at(-1));
    const message = await waitFor('the compare model', () => panel.snapshot.model);
    const text = JSON.stringify(message);
    assert.ok(text.includes('API_TOKEN'), 'the variable itself is shown');
    assert.ok(!text.includes(SECRET_CANARY), 'its value is not in what the webview receives');
    panel.panel.dispose();
  });

  it('masks environment values in the Inspect document', async () => {
    const { node } = await container();
    await vscode.commands.executeCommand('workloadStacks.inspect', node);
    const editor = await waitFor('the inspect editor', () =>
      vscode.window.activeTextEditor?.document.uri.scheme === 'workload-stacks' ? vscode.window.activeTextEditor : undefined,
    );
    const text = editor.document.getText();
    assert.ok(text.includes('API_TOKEN='), 'the variable is listed');
    assert.ok(!text.includes(SECRET_CANARY), 'its value is masked');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
