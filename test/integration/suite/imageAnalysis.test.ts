// Inside the image, in VS Code: Analyse Image Layers on a container reads its image from the
// private engine into the diagram's libraries band (64 layers: busybox and 63 of one small file
// each), a second container of the same image shows it at once from the extension's storage,
// Compare Images sets two containers' images side by side, and the cache is cleared only after
// the user says so.
import * as assert from 'assert';
import Dockerode from 'dockerode';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../../src/api';
import type { ImageAnalysisState } from '../../../src/shared/imageAnalysisProtocol';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'workload-stacks.workload-stacks';
const TEST_LABEL = 'workload-stacks.test';
const DEEP_IMAGE = 'local/deep:latest';
const DEEP_LAYERS = 64;

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/** Runs `work` with every warning dialog answered by `answer`; returns the dialogs' texts. */
async function answeringWarnings(answer: string | undefined, work: () => Thenable<unknown>): Promise<string[]> {
  const window = vscode.window as Window;
  const original = window.showWarningMessage;
  const asked: string[] = [];
  window.showWarningMessage = ((message: string) => (asked.push(message), Promise.resolve(answer))) as typeof window.showWarningMessage;
  try {
    await work();
  } finally {
    window.showWarningMessage = original;
  }
  return asked;
}

describe('Image layers', function () {
  this.timeout(120_000);
  let api: WorkloadStacksApi;
  let docker: Dockerode;
  const containers: Dockerode.Container[] = [];

  async function listedContainer(image: string): Promise<{ ref: { kind: 'container'; providerId: string; id: string }; name: string }> {
    const container = await docker.createContainer({ name: `image-${Math.random().toString(36).slice(2, 8)}`, Image: image, Cmd: ['sleep', '3600'], Labels: { [TEST_LABEL]: '1' } });
    containers.push(container);
    await api.catalog.refresh('docker');
    const listed = await waitFor('the container listed', () => api.catalog.summaryOf({ providerId: 'docker', id: container.id }));
    return { ref: listed.ref as { kind: 'container'; providerId: string; id: string }, name: listed.name };
  }

  function imageState(ref: { providerId: string; id: string }): ImageAnalysisState | undefined {
    return api.panels.find(ref as never)?.snapshot.image;
  }

  before(async () => {
    const host = process.env.DOCKER_HOST ?? '';
    if (!host.startsWith('unix://')) throw new Error(`The integration suite needs DOCKER_HOST=unix://<private dockerd socket>, got '${host}'.`);
    docker = new Dockerode({ socketPath: host.slice('unix://'.length) });
    const extension = vscode.extensions.getExtension<WorkloadStacksApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    // Whatever an earlier suite kept: this one starts from an empty cache.
    await answeringWarnings('Clear', () => vscode.commands.executeCommand('workloadStacks.image.clearCache'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const container of containers) await container.remove({ force: true }).catch(() => undefined);
  });

  it('reads a container’s image into the libraries band: 64 layers, each one’s file, no waste', async () => {
    const target = await listedContainer(DEEP_IMAGE);
    await vscode.commands.executeCommand('workloadStacks.openStack', target);
    const idle = await waitFor('the band to offer the analysis', () => (imageState(target.ref)?.kind === 'idle' ? true : undefined), 20_000);
    assert.ok(idle);

    await vscode.commands.executeCommand('workloadStacks.image.analyse', target);
    const state = await waitFor('the analysis', () => {
      const shown = imageState(target.ref);
      return shown?.kind === 'done' || shown?.kind === 'failed' ? shown : undefined;
    }, 60_000);
    assert.strictEqual(state.kind, 'done', JSON.stringify(state));
    if (state.kind !== 'done') return;
    const { summary } = state;
    const inspected = await docker.getImage(DEEP_IMAGE).inspect();
    assert.strictEqual(summary.imageId, inspected.Id);
    assert.strictEqual(summary.fromCache, false);
    assert.strictEqual(summary.layers.length, DEEP_LAYERS);
    assert.deepStrictEqual(summary.layers.map((layer) => layer.id), inspected.RootFS.Layers, 'the layers are the image’s diff IDs, bottom first');
    for (const layer of summary.layers.slice(1)) {
      const name = String(layer.index + 1).padStart(2, '0');
      assert.strictEqual(layer.addedBytes, `layer ${name}\n`.length, `layer ${layer.index} adds its one file`);
      assert.strictEqual(layer.removed, 0);
      assert.strictEqual(layer.command, `/bin/sh -c echo "layer ${name}" > /layers/${name}`);
    }
    assert.strictEqual(summary.wastedBytes, 0);
    assert.strictEqual(summary.efficiency, 1);
  });

  it('shows a second container of that image at once from the extension’s storage, reading nothing', async () => {
    const target = await listedContainer(DEEP_IMAGE);
    await vscode.commands.executeCommand('workloadStacks.openStack', target);
    const state = await waitFor('the known analysis', () => {
      const shown = imageState(target.ref);
      return shown?.kind === 'done' ? shown : undefined;
    }, 20_000);
    assert.strictEqual(state.kind === 'done' && state.summary.fromCache, true);
  });

  it('compares two containers’ images: busybox is the base of the deep image, whose /layers is its own', async () => {
    const deep = await listedContainer(DEEP_IMAGE);
    const busybox = await listedContainer('local/busybox:latest');
    await vscode.commands.executeCommand('workloadStacks.image.compare', undefined, [busybox, deep]);
    const panel = await waitFor('the image compare panel', () => api.panels.imageComparePanels[0], 60_000);
    const { model } = panel;
    assert.deepStrictEqual(model.images.map((image) => image.layers), [1, DEEP_LAYERS]);
    assert.strictEqual(model.base.layers.length, 1, 'busybox’s one layer is the base of both');
    assert.strictEqual(model.partAt, 1);
    assert.deepStrictEqual([model.parted[0].length, model.parted[1].length], [0, DEEP_LAYERS - 1]);
    assert.strictEqual(model.files.totals.onlyA.paths, 0, 'busybox has nothing the deep image lacks');
    assert.ok(model.files.rows.some((row) => row.path === 'layers'), 'the deep image’s /layers is only in it');
  });

  it('reads the image when Analyse Image Layers comes before the diagram is open, from the palette', async () => {
    const target = await listedContainer('local/busybox:latest');
    assert.strictEqual(api.panels.find(target.ref as never), undefined, 'no diagram open yet');
    await vscode.commands.executeCommand('workloadStacks.image.analyse', target);
    const state = imageState(target.ref);
    assert.strictEqual(state?.kind, 'done', JSON.stringify(state));
    assert.strictEqual(state.kind === 'done' && state.summary.layers.length, 1, 'busybox is one layer');
  });

  it('clears the kept analyses only after the user says so', async () => {
    const declined = await answeringWarnings(undefined, () => vscode.commands.executeCommand('workloadStacks.image.clearCache'));
    assert.strictEqual(declined.length, 1);
    assert.match(declined[0], /^Clear the 2 image analyses kept \(/);
    const target = await listedContainer(DEEP_IMAGE);
    await vscode.commands.executeCommand('workloadStacks.openStack', target);
    await waitFor('the analysis still kept', () => (imageState(target.ref)?.kind === 'done' ? true : undefined), 20_000);

    await answeringWarnings('Clear', () => vscode.commands.executeCommand('workloadStacks.image.clearCache'));
    const fresh = await listedContainer(DEEP_IMAGE);
    await vscode.commands.executeCommand('workloadStacks.openStack', fresh);
    await waitFor('the band to offer the analysis again', () => (imageState(fresh.ref)?.kind === 'idle' ? true : undefined), 20_000);
  });
});
