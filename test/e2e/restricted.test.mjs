// Restricted Mode for real: code-server with workspace trust on, a folder the user has not
// trusted. The extension runs (it supports untrusted workspaces in a limited way), lists what it
// can read without running a program (this machine, the engine on its socket), and says in the
// tree why libvirt is not listed; once the user trusts the folder, libvirt is listed too.
import assert from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer } from '../../scripts/harness/codeServer.mjs';
import { launchChromium } from '../../scripts/harness/browser.mjs';
import { testDomains, writeTestDriverNode } from '../../scripts/harness/libvirtLab.mjs';
import { findTreeRow, openActivity, openWorkbench, screenshot, screenshotIfFailed, treeRows } from '../../scripts/harness/workbench.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through \`npm test\` (node scripts/test.mjs e2e).`);
  return value;
}

describe('Workload Stacks end to end in Restricted Mode', function () {
  this.timeout(300_000);
  let server;
  let browser;
  let page;
  let workspace;

  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'ws-e2e-restricted-'));
    const libvirtTestUri = writeTestDriverNode(workspace);
    server = await startCodeServer({
      installVsix: required('WS_TEST_VSIX'),
      env: { DOCKER_HOST: required('WS_TEST_DOCKER_HOST') },
      workspaceDir: workspace,
      workspaceTrust: true,
      // Opens the folder in Restricted Mode without the trust dialog in front of everything.
      settings: { 'security.workspace.trust.startupPrompt': 'never', 'workloadStacks.libvirt.uris': [libvirtTestUri] },
    });
    browser = await launchChromium();
    page = await openWorkbench(browser, server.url, { folder: workspace });
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('lists the engine on its socket, and says libvirt is not listed as that would run virsh', async () => {
    await findTreeRow(page, 'limited-box', { timeout: 60_000 });
    await findTreeRow(page, 'Restricted Mode: libvirt is not listed, as listing it runs virsh.', { timeout: 60_000 });
    const rows = await treeRows(page).allTextContents();
    for (const domain of testDomains) assert.ok(!rows.some((row) => row.includes(domain.name)), `${domain.name} is not listed: ${rows.join(' | ')}`);
    await findTreeRow(page, 'Manage Workspace Trust');
    await screenshot(page, 'e2e-restricted');
  });

  it('lists libvirt once the user trusts the folder', async () => {
    // The fix-it row under the Restricted Mode message, as a user would take it.
    await (await findTreeRow(page, 'Manage Workspace Trust')).click();
    await page.getByRole('button', { name: /^Trust( Folder)?$/ }).first().click({ timeout: 30_000 });
    await openActivity(page, 'Workload Stacks');
    for (const domain of testDomains.slice(0, 2)) await findTreeRow(page, domain.name, { timeout: 60_000 });
  });
});
