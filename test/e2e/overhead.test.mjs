// End to end, the overhead lab: the packaged VSIX in code-server, a real QEMU TCG guest with a
// guest agent and the sample containers. The user runs "Measure Overhead" from the palette, picks
// a container and the VM, agrees, and sees the table fill in (this machine as the baseline), then
// the measured cost beside the isolation band of the container and the hypervisor band of the VM.
// A second run is cancelled from its progress notification.
import assert from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer } from '../../scripts/harness/codeServer.mjs';
import { launchChromium } from '../../scripts/harness/browser.mjs';
import { labGuestName, startLibvirtLab } from '../../scripts/harness/libvirtLab.mjs';
import { labVmName, startQemuLab } from '../../scripts/harness/qemuLab.mjs';
import { spawnSync } from 'node:child_process';
import { assertSecretStayedHome, chooseContextMenuItem, findTreeRow, openActivity, openDiagramFromTree, openWorkbench, runCommand, screenshot, treeRows, screenshotIfFailed, webviewFrame, withFocusMoves } from '../../scripts/harness/workbench.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through \`npm test\` (node scripts/test.mjs e2e).`);
  return value;
}

const PICK_TITLE = 'Measure the overhead of which workloads?';

/** The input's value once it matches `pattern` (the last value seen in the error otherwise). */
async function waitForValue(input, pattern, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let value = '';
  while (Date.now() < deadline) {
    value = await input.inputValue();
    if (pattern.test(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the input never matched ${pattern}: last value ${JSON.stringify(value)}`);
}

describe('Workload Stacks end to end: the overhead lab', function () {
  this.timeout(300_000);
  const dockerHost = required('WS_TEST_DOCKER_HOST');
  const vsix = required('WS_TEST_VSIX');
  let lab;
  let libvirtLab;
  let server;
  let browser;
  let page;
  let workspace;

  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'ws-e2e-overhead-'));
    lab = await startQemuLab();
    libvirtLab = await startLibvirtLab();
    server = await startCodeServer({
      installVsix: vsix,
      env: { DOCKER_HOST: dockerHost },
      workspaceDir: workspace,
      // Short runs: this checks the flow, not the figures (npm run bench and the VM suite do).
      settings: {
        'workloadStacks.overhead.runMilliseconds': 60,
        'workloadStacks.overhead.provisioningRuns': 1,
        'workloadStacks.libvirt.uris': [libvirtLab.env.WS_TEST_LIBVIRT_URI],
      },
    });
    browser = await launchChromium();
    page = await openWorkbench(browser, server.url, { folder: workspace, secret: required('WS_TEST_SECRET_CANARY') });
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });
    await findTreeRow(page, 'limited-box', { timeout: 60_000 });
    await findTreeRow(page, labVmName, { timeout: 60_000 });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await libvirtLab?.stop();
    await lab?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  /** Runs the command, ticks each of `names` in its multi-select QuickPick, accepts, agrees in the dialog; returns the dialog's text. */
  async function measure(names) {
    await runCommand(page, 'Workload Stacks: Measure Overhead');
    const widget = page.locator('.quick-input-widget', { hasText: PICK_TITLE });
    await withFocusMoves(page, `the QuickPick "${PICK_TITLE}" to offer ${names.join(', ')}`, async () => {
      await widget.waitFor({ timeout: 15_000 });
      for (const name of names) {
        await widget.locator('input.input').fill(name);
        await widget.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
      }
      await widget.locator('input.input').fill('');
    });
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, new RegExp(`Measure the overhead of ${names.length + 1} workloads\\?`));
    assert.match(text, /loads their CPU/);
    await dialog.getByRole('button', { name: 'Measure' }).click();
    await page.getByRole('tab', { name: /^Overhead: / }).first().waitFor({ timeout: 30_000 });
    return text;
  }

  it('measures the rows selected in the tree from their context menu, and does nothing when the user declines', async () => {
    await (await findTreeRow(page, 'limited-box')).click();
    const vmRow = await findTreeRow(page, labVmName);
    await vmRow.click({ modifiers: ['Control'] });
    await vmRow.click({ button: 'right' });
    await chooseContextMenuItem(page, 'Measure Overhead');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, /Measure the overhead of 3 workloads\?/, 'this machine and the two selected rows');
    assert.ok(text.includes('limited-box') && text.includes(labVmName), text);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    // Asked again, the command asks again: had the decline started a measurement, it would say one
    // is already running instead. Only then is "no Overhead tab" a fact rather than a moment.
    await vmRow.click({ button: 'right' });
    await chooseContextMenuItem(page, 'Measure Overhead');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match((await dialog.textContent()) ?? '', /Measure the overhead of 3 workloads\?/, 'the same question again, not "already running"');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    assert.strictEqual(await page.getByRole('tab', { name: /^Overhead: / }).count(), 0, 'nothing was measured');
  });

  it('measures this machine, a container and the TCG guest; the table and the diagrams show the cost', async () => {
    await measure(['limited-box', labVmName]);
    const frame = webviewFrame(page);
    const table = frame.locator('#overhead-table');
    await table.waitFor({ timeout: 60_000 });
    // The VM is measured last: its cell carries a ratio once everything is done. Floating point is
    // where emulation costs most (tens of times); an integer checksum can hide it on a busy machine.
    const vmCpu = table.locator('tr[data-row="cpu.float.one"] td[data-column="2"][data-ratio]');
    await vmCpu.waitFor({ timeout: 240_000 });
    await frame.locator('#overhead[data-running="false"]').waitFor({ timeout: 60_000 });
    const headers = await table.locator('thead th[scope="col"]').allTextContents();
    assert.ok(headers.some((header) => header.includes('limited-box')) && headers.some((header) => header.includes(labVmName)), headers.join(' | '));
    assert.ok(Number(await vmCpu.getAttribute('data-ratio')) > 2, `the TCG guest costs clearly more: ${await vmCpu.getAttribute('data-ratio')}`);
    assert.strictEqual(await vmCpu.getAttribute('data-verdict'), 'costlier');
    const containerCpu = table.locator('tr[data-row="cpu.float.one"] td[data-column="1"]');
    assert.ok(Number(await containerCpu.getAttribute('data-ratio')) > 0, 'the container has a ratio');
    const pageText = (await frame.locator('body').textContent()) ?? '';
    assert.match(pageText, /TCG/, 'the VM column says it ran under TCG');
    assert.match(pageText, /CPU limit/, 'the container column names its CPU limit');
    await screenshot(page, 'overhead-table');

    // Save as Markdown: VS Code's save dialog (a path input in the browser) offers the workspace.
    await frame.locator('#export-markdown').click();
    const saveInput = page.locator('.quick-input-widget input');
    await saveInput.waitFor({ timeout: 15_000 });
    // The dialog fills in the proposed path a moment after it opens.
    const proposed = await waitForValue(saveInput, /workload-stacks-overhead-.*\.md$/);
    assert.ok(proposed.startsWith(workspace), `proposed in the workspace: ${proposed}`);
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast', { hasText: 'Saved the overhead results' }).waitFor({ timeout: 15_000 });
    const saved = readdirSync(workspace).filter((name) => name.endsWith('.md'));
    assert.strictEqual(saved.length, 1, readdirSync(workspace).join(', '));
    const markdown = readFileSync(path.join(workspace, saved[0]), 'utf8');
    assert.match(markdown, /^\| CPU, integer checksum, one core \| MB\/s/m);
    assert.ok(markdown.includes('limited-box') && markdown.includes(labVmName) && /accelerator: TCG/.test(markdown), markdown);

    const containerDiagram = await openDiagramFromTree(page, 'limited-box', /Stack: limited-box/);
    const isolationNote = containerDiagram.locator('.overhead-annotation[data-layer-kind="isolation"]');
    await isolationNote.waitFor({ timeout: 30_000 });
    assert.match((await isolationNote.textContent()) ?? '', /Measured cost vs this machine/);
    await screenshot(page, 'overhead-annotation-container');

    const vmDiagram = await openDiagramFromTree(page, labVmName, new RegExp(`Stack: ${labVmName}`));
    const hypervisorNote = vmDiagram.locator('.overhead-annotation[data-layer-kind="hypervisor"]');
    await hypervisorNote.waitFor({ timeout: 30_000 });
    assert.match((await hypervisorNote.textContent()) ?? '', /up to \d/);
    await screenshot(page, 'overhead-annotation-vm');
  });

  it('stops when the user cancels from the progress notification, and says the results are partial', async () => {
    await measure(['limited-box']);
    const toast = page.locator('.notification-toast', { hasText: 'Measuring overhead' });
    await toast.waitFor({ timeout: 30_000 });
    await toast.hover();
    await toast.getByRole('button', { name: /Cancel/ }).click();
    await page.locator('.notification-toast', { hasText: 'Measurement cancelled' }).waitFor({ timeout: 30_000 });
    const frame = webviewFrame(page);
    await frame.getByText(/Cancelled: partial results/).first().waitFor({ timeout: 30_000 });
    // The container was not reached: its column stays, saying so, rather than vanishing.
    const headers = await frame.locator('#overhead-table thead th[scope="col"]').allTextContents();
    assert.ok(headers.some((header) => header.includes('limited-box')), headers.join(' | '));
    assert.ok((await frame.locator('body').textContent())?.includes('Cancelled before it was measured'));
    await screenshot(page, 'overhead-cancelled');
  });

  it('boots a libvirt VM that is off to time its provisioning, measures it, and powers it off again', async () => {
    const uri = libvirtLab.env.WS_TEST_LIBVIRT_URI;
    const domainState = () => spawnSync('virsh', ['-c', uri, 'domstate', labGuestName], { encoding: 'utf8' }).stdout.trim();
    spawnSync('virsh', ['-c', uri, 'destroy', labGuestName], { stdio: 'ignore' });
    assert.strictEqual(domainState(), 'shut off');
    await runCommand(page, 'Workload Stacks: Refresh');
    // A locator, not an element handle: the tree recycles its row elements when a list redraws
    // it, so a handle taken before the refresh can end up showing another row (or none).
    await treeRows(page).filter({ hasText: labGuestName }).filter({ hasText: /shut off/i }).first().waitFor({ timeout: 60_000 });

    const dialogText = await measure([labGuestName]);
    assert.match(dialogText, new RegExp(`${labGuestName} is off: the lab starts it to time the boot`));
    const frame = webviewFrame(page);
    await frame.locator('#overhead[data-running="false"]').waitFor({ timeout: 240_000 });
    const boot = frame.locator('tr[data-row="provisioning"] td[data-column="1"]');
    assert.ok(Number(await boot.getAttribute('data-ratio')) > 10, `booting a VM costs far more than starting a process: ${await boot.getAttribute('data-ratio')}`);
    assert.match((await boot.getAttribute('title')) ?? '', /booting this VM until its guest agent answers/);
    assert.ok(Number(await frame.locator('tr[data-row="cpu.float.one"] td[data-column="1"]').getAttribute('data-ratio')) > 2, 'measured inside the booted guest');
    assert.strictEqual(domainState(), 'shut off', 'powered off again, as it was found');
    await screenshot(page, 'overhead-boot');
  });
  // Last: every message any webview received during this suite was scanned for the secret that
  // every sample container carries.
  it('sent no webview a secret value the user had not revealed', () => {
    const seen = assertSecretStayedHome(page);
    console.log(`      scanned the messages of ${seen.webviews} webview frame(s); ${seen.revealed} revealed on request`);
  });
});
