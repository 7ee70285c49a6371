// What every end-to-end suite starts the same way: a workspace folder of its own, code-server with
// the packaged VSIX (DOCKER_HOST on the private engine), Chromium on the workbench with the view
// open; and how it closes them again.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer } from '../../scripts/harness/codeServer.mjs';
import { launchChromium } from '../../scripts/harness/browser.mjs';
import { openActivity, openWorkbench } from '../../scripts/harness/workbench.mjs';

export function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through \`npm test\` (node scripts/test.mjs e2e), which builds the VSIX and starts a private engine.`);
  return value;
}

/** `settings` may be a function of the workspace folder (a libvirt test node written into it). */
export async function openSession({ prefix, settings = {} }) {
  const workspace = mkdtempSync(path.join(os.tmpdir(), prefix));
  const session = { workspace, server: undefined, browser: undefined, page: undefined };
  session.close = async () => {
    await session.browser?.close();
    await session.server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  };
  try {
    session.server = await startCodeServer({
      installVsix: required('WS_TEST_VSIX'),
      env: { DOCKER_HOST: required('WS_TEST_DOCKER_HOST') },
      workspaceDir: workspace,
      settings: typeof settings === 'function' ? settings(workspace) : settings,
    });
    session.browser = await launchChromium();
    session.page = await openWorkbench(session.browser, session.server.url, { folder: workspace, secret: required('WS_TEST_SECRET_CANARY') });
    await openActivity(session.page, 'Workload Stacks', { timeout: 60_000 });
    return session;
  } catch (error) {
    await session.close();
    throw error;
  }
}
