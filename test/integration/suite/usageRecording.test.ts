// Usage over time inside VS Code: Record Usage… and Stop Recording from the palette on a running
// container, the samples kept by its panel, the file written where the save dialog says (CSV or
// JSON by its name), and the tree row's tooltip with the latest sample.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Dockerode from 'dockerode';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../../src/api';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'workload-stacks.workload-stacks';

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/** Runs `work` with the save dialog answering `target`; says what the dialog was asked. */
async function withSaveDialog(target: vscode.Uri, work: () => Thenable<unknown>): Promise<vscode.SaveDialogOptions | undefined> {
  const window = vscode.window as Window;
  const original = window.showSaveDialog;
  let asked: vscode.SaveDialogOptions | undefined;
  window.showSaveDialog = async (options) => {
    asked = options;
    return target;
  };
  try {
    await work();
  } finally {
    window.showSaveDialog = original;
  }
  return asked;
}

describe('Usage recording', function () {
  this.timeout(90_000);
  let api: WorkloadStacksApi;
  let container: Dockerode.Container;
  let dir: string;
  const name = `usage-${Math.random().toString(36).slice(2, 8)}`;

  before(async () => {
    const host = process.env.DOCKER_HOST ?? '';
    if (!host.startsWith('unix://')) throw new Error(`The integration suite needs DOCKER_HOST=unix://<private dockerd socket>, got '${host}'.`);
    const docker = new Dockerode({ socketPath: host.slice('unix://'.length) });
    const extension = vscode.extensions.getExtension<WorkloadStacksApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    container = await docker.createContainer({
      name,
      Image: 'local/busybox:latest',
      Cmd: ['sh', '-c', 'while :; do :; done'],
      Labels: { 'workload-stacks.test': '1' },
      HostConfig: { Init: true },
    });
    await container.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-usage-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await container.remove({ force: true }).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records from the palette, saves CSV then JSON, and the row tooltip shows the latest sample', async () => {
    await api.catalog.refresh('docker');
    const listed = await waitFor('the container listed', () => api.catalog.summaryOf({ providerId: 'docker', id: container.id }));
    await vscode.commands.executeCommand('workloadStacks.recordUsage', { ref: listed.ref, name: listed.name });
    const panel = await waitFor('its stack panel', () => api.panels.find(listed.ref));
    assert.ok(panel.isRecording, 'the panel records');
    await waitFor('three samples with a CPU figure', () => (panel.usageSamples.filter((sample) => sample.cpuPercent !== null).length >= 3 ? true : undefined), 30_000);

    const csvFile = vscode.Uri.file(path.join(dir, 'usage.csv'));
    const asked = await withSaveDialog(csvFile, () => vscode.commands.executeCommand('workloadStacks.stopRecording'));
    assert.ok(asked?.filters && 'CSV' in asked.filters && 'JSON' in asked.filters, 'the dialog offers CSV and JSON');
    assert.ok(!panel.isRecording, 'stopped');
    const rows = fs.readFileSync(csvFile.fsPath, 'utf8').trimEnd().split('\r\n');
    assert.match(rows[0], /^time,workload,kind,cpu_percent,memory_bytes,/);
    assert.ok(rows.length >= 4, `a row per sample: ${rows.length - 1}`);
    const busy = rows.slice(1).map((row) => Number(row.split(',')[3])).filter((cpu) => cpu > 0);
    assert.ok(busy.length >= 2, `the busy loop shows in the CPU column: ${rows.join(' | ')}`);
    assert.ok(rows.slice(1).every((row) => row.split(',')[1] === name), 'every row names the workload');

    await vscode.commands.executeCommand('workloadStacks.recordUsage', { ref: listed.ref, name: listed.name });
    const started = panel.usageSamples.length;
    await waitFor('two more samples', () => (panel.usageSamples.length >= Math.min(started + 2, 300) ? true : undefined), 30_000);
    const jsonFile = vscode.Uri.file(path.join(dir, 'usage.json'));
    await withSaveDialog(jsonFile, () => vscode.commands.executeCommand('workloadStacks.stopRecording'));
    const saved = JSON.parse(fs.readFileSync(jsonFile.fsPath, 'utf8')) as { workload: { id: string; name: string }; samples: { cpuPercent: number | null }[] };
    assert.strictEqual(saved.workload.id, container.id);
    assert.strictEqual(saved.workload.name, name);
    assert.ok(saved.samples.length >= 2, `samples: ${saved.samples.length}`);

    // The rows as the view asks for them: the engine's children hold the container (ungrouped).
    const engine = (await api.tree.getChildren()).find((root) => root.type === 'engine' && root.id === listed.ref.providerId);
    assert.ok(engine, 'the docker root');
    await api.tree.getChildren(engine);
    const node = api.tree.findWorkloadNode(listed.ref.providerId, listed.ref.id);
    assert.ok(node, 'the row is in the tree');
    const item = api.tree.resolveTreeItem(api.tree.getTreeItem(node), node);
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
    // The Markdown source: appendText writes spaces as &nbsp;.
    assert.match(tooltip, /Usage&nbsp;at&nbsp;/);
    assert.match(tooltip, /\*\*CPU:\*\* \d+\.\d&nbsp;%/);
  });
});
