// End to end with VMs: the packaged VSIX in code-server, with a real QEMU TCG guest (QMP and a
// guest agent) and libvirt test-driver domains beside the sample containers. The tree shows this
// machine, the engine and the VMs; the diagrams show their bands; compare lines a container and a
// VM up over the layers of this machine.
import assert from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer } from '../../scripts/harness/codeServer.mjs';
import { launchChromium } from '../../scripts/harness/browser.mjs';
import { testDomains, writeTestDriverNode } from '../../scripts/harness/libvirtLab.mjs';
import { labVmName, startQemuLab } from '../../scripts/harness/qemuLab.mjs';
import { factValue, findTreeRow, openActivity, openDiagramFromTree, openWorkbench, runCommand, screenshot, webviewFrame } from '../../scripts/harness/workbench.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through \`npm test\` (node scripts/test.mjs e2e).`);
  return value;
}

describe('Workload Stacks end to end with virtual machines', function () {
  this.timeout(300_000);
  const dockerHost = required('WS_TEST_DOCKER_HOST');
  const vsix = required('WS_TEST_VSIX');
  let lab;
  let server;
  let browser;
  let page;
  let workspace;

  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'ws-e2e-vm-'));
    lab = await startQemuLab();
    const libvirtTestUri = writeTestDriverNode(workspace);
    server = await startCodeServer({
      installVsix: vsix,
      env: { DOCKER_HOST: dockerHost },
      workspaceDir: workspace,
      settings: { 'workloadStacks.libvirt.uris': [libvirtTestUri] },
    });
    browser = await launchChromium();
    page = await openWorkbench(browser, server.url, { folder: workspace });
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await lab?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });


  async function layersTopDown(frame) {
    return frame.locator('#stack > [data-layer]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-layer')));
  }

  it('shows this machine, the engine, the libvirt domains and the QEMU guest in the tree', async () => {
    await findTreeRow(page, 'Firecracker', { timeout: 60_000 });
    await findTreeRow(page, 'limited-box', { timeout: 60_000 });
    await findTreeRow(page, labVmName, { timeout: 60_000 });
    for (const domain of testDomains.slice(0, 3)) await findTreeRow(page, domain.name);
    await screenshot(page, 'e2e-vm-tree');
  });

  it('draws the QEMU guest: its hypervisor on this machine, its virtual hardware and its guest OS', async () => {
    const frame = await openDiagramFromTree(page, labVmName, new RegExp(`Stack: ${labVmName}`));
    const bottomUp = (await layersTopDown(frame)).reverse();
    assert.deepStrictEqual(bottomUp.slice(0, 5), ['hardware', 'hypervisor', 'host-os', 'hypervisor', 'virtual-hardware'], bottomUp.join(','));
    assert.ok(bottomUp.includes('guest-os'), bottomUp.join(','));
    assert.strictEqual(await factValue(frame, 'vcpus'), '1');
    assert.match(await factValue(frame, 'accelerator'), /TCG/);
    assert.match(await factValue(frame, 'memory'), /\S/);
    await screenshot(page, 'vm-diagram');
  });

  it('draws this machine as a Firecracker micro-VM, with its evidence', async () => {
    const frame = await openDiagramFromTree(page, 'Firecracker', /Stack: /);
    assert.match(await factValue(frame, 'hypervisor'), /Firecracker/);
    assert.match(await factValue(frame, 'evidence'), /FIRECK|firecracker/i);
    await screenshot(page, 'host-diagram');
  });

  it('compares a container and a VM over the layers of this machine; the VM brings its own kernel', async () => {
    await (await findTreeRow(page, 'limited-box')).click();
    await (await findTreeRow(page, labVmName)).click({ modifiers: ['Control'] });
    await runCommand(page, 'Workload Stacks: Compare Stacks Side by Side');
    await page.getByRole('tab', { name: /Compare: / }).waitFor({ timeout: 30_000 });
    const frame = webviewFrame(page);
    await frame.locator('.compare-column').first().waitFor({ timeout: 30_000 });
    const shared = await frame.locator('[data-shared="true"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-layer')));
    for (const kind of ['hardware', 'hypervisor', 'host-os']) assert.ok(shared.includes(kind), `${kind} is shared: ${shared}`);
    assert.strictEqual(await frame.locator('.compare-column[data-workload-kind="container"] [data-layer="engine"]').count(), 1);
    assert.strictEqual(await frame.locator('.compare-column[data-workload-kind="vm"] [data-layer="virtual-hardware"]').count(), 1);
    assert.strictEqual(await frame.locator('.compare-column[data-workload-kind="vm"] .kernel-note[data-kernel="own"]').count(), 1);
    assert.strictEqual(await frame.locator('.compare-column[data-workload-kind="container"] .kernel-note[data-kernel="shared"]').count(), 1);
    await screenshot(page, 'compare-container-vm');
  });
});
