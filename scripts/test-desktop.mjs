// `npm run test:desktop`: the integration suite (test/integration) in desktop VS Code through
// @vscode/test-electron, instead of code-server as `npm test` does.
// VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code; otherwise one is downloaded from
// update.code.visualstudio.com, which machines without internet access cannot reach.
// On Linux without a display, run it under `xvfb-run -a`.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './harness/processes.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function findVSCode() {
  const installed = process.env.VSCODE_EXECUTABLE;
  if (installed) {
    if (!existsSync(installed)) throw new Error(`VSCODE_EXECUTABLE=${installed} does not exist`);
    return installed;
  }
  try {
    return await downloadAndUnzipVSCode({ cachePath: path.join(repoRoot, '.vscode-test') });
  } catch (error) {
    throw new Error(
      `Could not download desktop VS Code (${error.message}).\n` +
        'This machine cannot reach update.code.visualstudio.com. Point VSCODE_EXECUTABLE at an installed ' +
        'VS Code executable to use it instead, or run `npm test`, which runs the same suite in code-server.',
    );
  }
}

async function main() {
  const vscodeExecutablePath = await findVSCode();
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    console.warn('No DISPLAY: desktop VS Code needs one (run this under `xvfb-run -a`).');
  }
  await run(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  await run(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'test'], { cwd: repoRoot, stdio: 'inherit' });

  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'ws-desktop-'));
  try {
    const workspaceDir = path.join(tempDir, 'workspace');
    await mkdir(workspaceDir);
    const exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [
        workspaceDir,
        '--user-data-dir', path.join(tempDir, 'user-data'),
        '--extensions-dir', path.join(tempDir, 'extensions'),
        '--disable-extensions',
        '--disable-workspace-trust',
        // Electron refuses to start as root with its sandbox on.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
      // The suite talks to whichever engine the caller points it at.
      extensionTestsEnv: process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {},
    });
    return exitCode;
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error) => {
    console.error(`test:desktop: ${error.message}`);
    process.exit(1);
  },
);
