// Runs the extension's integration suite (test/integration, compiled to out/) inside code-server.
// code-server's smoke-test driver reads extensionDevelopmentPath and extensionTestsPath from the
// URL payload, runs the suite in the extension host, and reports its console output and exit code
// through two functions the page must expose before it loads.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { launchChromium } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';
import { screenshot } from './workbench.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaultTestsPath = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
const runTimeoutMs = 8 * 60_000;
// Printed once by test/integration/index.ts when the suite ends.
const countsLine = /^integration: (\d+) passed, (\d+) failed$/;

// The arguments of a console call, formatted as console.log would (mocha passes '%s' formats).
function logText(args) {
  return format(...(Array.isArray(args) ? args : [args]));
}

/** The extension's own log files (its output channel) under code-server's user data. */
function extensionLogFiles(userDataDir) {
  const logs = path.join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs, { recursive: true })
    .map(String)
    .filter((file) => path.basename(file).endsWith('Workload Stacks.log'))
    .map((file) => path.join(logs, file));
}

/**
 * Every test container carries `secret` in its environment; none of the extension's log lines
 * (info level and above, as users run it) may hold it. Returns a failure message, or undefined.
 */
function secretLeakIn(userDataDir, secret) {
  const files = extensionLogFiles(userDataDir);
  if (files.length === 0) return `the extension's log was not found under ${path.join(userDataDir, 'logs')}`;
  const leaking = files.filter((file) => readFileSync(file, 'utf8').includes(secret));
  if (leaking.length > 0) return `a container's secret environment value was written to ${leaking.join(', ')}`;
  console.log(`[integration] no secret in the extension's log (${files.map((f) => path.relative(userDataDir, f)).join(', ')})`);
  return undefined;
}

/** Runs the suite once; resolves with its counts, rejects when it never finished. */
export async function runIntegrationTests({ env = {}, workspaceDir, testsPath = defaultTestsPath } = {}) {
  if (!existsSync(testsPath)) throw new Error(`${testsPath} is missing: compile the tests first (npx tsc -p test)`);
  const ownWorkspace = workspaceDir ? undefined : await mkdtemp(path.join(os.tmpdir(), 'ws-it-'));
  const folder = workspaceDir ?? ownWorkspace;
  let server;
  let browser;
  let page;
  try {
    const secret = `ws-secret-canary-${randomBytes(6).toString('hex')}`;
    server = await startCodeServer({ env: { ...env, WS_TEST_SECRET_CANARY: secret }, smokeTestDriver: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });

    let reportExit;
    const exited = new Promise((resolve) => (reportExit = resolve));
    const lines = [];
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      for (const line of logText(args).split('\n')) {
        lines.push(line);
        console.log(`[integration ${type}] ${line}`);
      }
    });

    const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${file}`;
    const url = new URL(server.url);
    url.searchParams.set('folder', folder);
    url.searchParams.set('payload', JSON.stringify([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(testsPath)],
    ]));
    await page.goto(url.href);

    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), runTimeoutMs)));
    const exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (exitCode === 'timeout') {
      throw new Error(
        `the integration suite did not finish within ${runTimeoutMs / 60_000} minutes ` +
          `(screenshot: test-results/integration-failure.png); code-server said:\n${server.output().slice(-3000)}`,
      );
    }

    const counts = lines.map((line) => countsLine.exec(line.trim())).filter(Boolean).pop();
    if (!counts) throw new Error(`the integration suite exited with ${exitCode} without printing its counts line (see the log above)`);
    const leak = secretLeakIn(server.userDataDir, secret);
    if (leak) console.log(`[integration] FAILED: ${leak}`);
    const passed = Number(counts[1]);
    const failed = Number(counts[2]) + (leak ? 1 : 0);
    if (exitCode !== 0 || failed > 0) await screenshot(page, 'integration-failure');
    return { passed, failed, exitCode };
  } catch (error) {
    // The picture of the workbench at the moment of failure; a failing screenshot must not hide the error.
    if (page) await screenshot(page, 'integration-failure').catch(() => {});
    throw error;
  } finally {
    await browser?.close();
    await server?.stop();
    if (ownWorkspace) await rm(ownWorkspace, { recursive: true, force: true });
  }
}
