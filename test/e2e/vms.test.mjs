// End to end with VMs: the packaged VSIX in code-server, with a real QEMU TCG guest (QMP and a
// guest agent) and libvirt test-driver domains beside the sample containers. The tree shows this
// machine, the engine and the VMs; the diagrams show their bands; compare lines a container and a
// VM up over the layers of this machine.
import assert from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { testDomains, writeTestDriverNode } from '../../scripts/harness/libvirtLab.mjs';
import { labVmName, startQemuLab } from '../../scripts/harness/qemuLab.mjs';
import { assertSecretStayedHome, escapeRegExp, factValue, findTreeRow, findTreeRowByLabel, openDiagramFromTree, runCommand, runCommandAndPick, screenshot, screenshotIfFailed, webviewFrame } from '../../scripts/harness/workbench.mjs';
import { openSession } from './session.mjs';

describe('Workload Stacks end to end with virtual machines', function () {
  this.timeout(300_000);
  let lab;
  let session;
  let page;

  before(async () => {
    lab = await startQemuLab();
    session = await openSession({ prefix: 'ws-e2e-vm-', settings: (workspace) => ({ 'workloadStacks.libvirt.uris': [writeTestDriverNode(workspace)] }) });
    page = session.page;
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    await session?.close();
    await lab?.stop();
  });

  async function layersTopDown(frame) {
    return frame.locator('#stack > [data-layer]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-layer')));
  }

  it('shows this machine, the engine, the libvirt domains and the QEMU guest in the tree', async () => {
    await findTreeRowByLabel(page, os.hostname(), { timeout: 60_000 });
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

  it('draws this machine as the tree row says, with evidence read on this machine', async () => {
    const hostname = os.hostname();
    const row = await findTreeRowByLabel(page, hostname);
    const description = ((await row.locator('.label-description').textContent()) ?? '').trim();
    const frame = await openDiagramFromTree(page, hostname, new RegExp(`^Stack: ${escapeRegExp(hostname)}$`), { exactLabel: true });
    const bottomUp = (await layersTopDown(frame)).reverse();
    // The row and the diagram tell the same story; an x86 CPU that reports the hypervisor flag
    // runs under one, so then the band must be there, between the hardware and the host OS.
    const cpuSaysVm = /^flags\s*:.*\bhypervisor\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
    const drawsHypervisor = bottomUp[1] === 'hypervisor' && bottomUp[2] === 'host-os';
    if (cpuSaysVm) assert.ok(drawsHypervisor, `the CPU reports a hypervisor: ${bottomUp.join(',')}`);
    if (drawsHypervisor) {
      const hypervisor = await factValue(frame, 'hypervisor');
      assert.ok(hypervisor.length > 0 && description.includes(hypervisor), `row "${description}" names the diagram's "${hypervisor}"`);
    } else {
      assert.ok(!bottomUp.includes('hypervisor'), `no hypervisor band out of place: ${bottomUp.join(',')}`);
    }
    // Every clue names where it was read; what it saw there is there on this machine (a clue
    // about something absent, "no DMI tables", is the exception).
    const clues = await frame.locator('[data-fact^="evidence-"]').evaluateAll((nodes) =>
      nodes.map((n) => ({ source: n.getAttribute('title') ?? '', value: n.querySelector('.fact-value')?.textContent?.trim() ?? '' })),
    );
    assert.ok(clues.length > 0, 'some evidence is shown');
    const seen = clues.filter((clue) => !/^no\b/i.test(clue.value));
    // A glob source ("/sys/bus/pci/devices/*/vendor") is checked at its directory.
    const files = seen.map((clue) => clue.source.match(/\/(?:proc|sys|etc|run|dev)\/[^\s;,)*]+/)?.[0]?.replace(/\/$/, '')).filter(Boolean);
    assert.ok(files.length > 0, `some evidence comes from a file: ${clues.map((c) => c.source).join(' | ')}`);
    for (const file of files) assert.ok(existsSync(file), `${file} exists here`);
    await screenshot(page, 'host-diagram');
  });

  it('asks before forcing a VM off, says what is lost, and does nothing when the user cancels', async () => {
    await runCommandAndPick(page, 'Workload Stacks: Force Off Virtual Machine', 'Force off which virtual machine?', 'test-web');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match((await dialog.textContent()) ?? '', /pulling the power plug/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    assert.match((await (await findTreeRow(page, 'test-web')).textContent()) ?? '', /running/i, 'still running');
  });

  it('asks before rebooting the bare QEMU guest, whose only reboot is a reset, and does nothing on cancel', async () => {
    await runCommandAndPick(page, 'Workload Stacks: Reboot Virtual Machine', 'Reboot which virtual machine?', labVmName);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match((await dialog.textContent()) ?? '', /reset button.*unsaved work in it is lost/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    // The row's accessible name carries the state; its description is QEMU's own words, which
    // are the process state from /proc ("process sleeping") when QMP is slow to answer.
    assert.match((await (await findTreeRow(page, labVmName)).getAttribute('aria-label')) ?? '', /, running\b/, 'still running');
  });

  it('compares three containers and a VM as the figure: one engine block under the containers, all on this machine; the VM brings its own kernel', async () => {
    const containers = ['limited-box', 'deep-image', 'paused-worker'];
    await (await findTreeRow(page, containers[0])).click();
    await page.getByRole('tab', { name: /Stack: limited-box/ }).waitFor({ timeout: 30_000 });
    for (const name of [...containers.slice(1), labVmName]) {
      const row = await findTreeRow(page, name);
      await row.click({ modifiers: ['Control'] });
      // Selected before the next click: a lost click says which row here, not as a missing column later.
      await page.waitForFunction((element) => element.getAttribute('aria-selected') === 'true', await row.elementHandle(), { timeout: 5_000 }).catch(async () => {
        throw new Error(`Ctrl-click did not select ${name}; selected: ${await page.locator('.monaco-list-row[aria-selected="true"]').allTextContents()}`);
      });
    }
    await runCommand(page, 'Workload Stacks: Compare Stacks Side by Side');
    await page.getByRole('tab', { name: /Compare: / }).waitFor({ timeout: 30_000 });
    const frame = webviewFrame(page);
    await frame.locator('.compare-column').nth(3).waitFor({ timeout: 30_000 });
    const shared = await frame.locator('[data-shared="true"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-layer')));
    for (const kind of ['hardware', 'hypervisor', 'host-os']) assert.ok(shared.includes(kind), `${kind} is shared: ${shared}`);
    const engine = frame.locator('[data-shared="some"][data-layer="engine"]');
    assert.deepStrictEqual((await engine.getAttribute('data-shared-by'))?.split('\n').sort(), [...containers].sort(), 'one engine block under the three containers');
    assert.strictEqual(await frame.locator('.compare-column[data-workload-kind="container"] [data-layer="engine"]').count(), 0, 'no container draws an engine of its own');
    assert.strictEqual(await frame.locator('.compare-column[data-workload-kind="vm"] [data-layer="virtual-hardware"]').count(), 1);
    assert.strictEqual(await frame.locator('.compare-column[data-workload-kind="vm"] .kernel-note[data-kernel="own"]').count(), 1);
    assert.strictEqual(await frame.locator('.compare-column[data-workload-kind="container"] .kernel-note[data-kernel="shared"]').count(), 3);
    // The whole figure, down to the hardware all four stand on (the README's picture): a taller
    // window, once the webview inside has been resized to it and painted.
    const viewport = page.viewportSize();
    const figureBottom = () => frame.locator('.compare-shared').evaluate((node) => new Promise((resolve) => requestAnimationFrame(() => resolve(node.getBoundingClientRect().bottom <= window.innerHeight))));
    await page.setViewportSize({ width: 1440, height: 1200 });
    for (const deadline = Date.now() + 15_000; !(await figureBottom()); ) assert.ok(Date.now() < deadline, 'the whole figure fits the taller window');
    await screenshot(page, 'compare-container-vm');
    await page.setViewportSize(viewport);
  });
  // Last: every message any webview received during this suite was scanned for the secret that
  // every sample container carries.
  it('sent no webview a secret value the user had not revealed', () => {
    const seen = assertSecretStayedHome(page);
    console.log(`      scanned the messages of ${seen.webviews} webview frame(s); ${seen.revealed} revealed on request`);
  });
});
