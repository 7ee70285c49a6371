// Real VS Code for the tests: code-server from npm (the desktop build cannot be downloaded here),
// installed once into .cache/code-server and started per run with throwaway directories.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages, findOnPath } from './apt.mjs';
import { ensureNode24, node24PackageDir } from './node24.mjs';
import { onCleanup, run, signalProcessGroup, sleep, spawnProcessGroup, stopProcessGroup } from './processes.mjs';

const version = '4.139.1';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const prefix = path.join(repoRoot, '.cache', 'code-server');
const packageDir = path.join(prefix, 'node_modules', 'code-server');
const entry = path.join(packageDir, 'out', 'node', 'entry.js');
const marker = path.join(prefix, `verified-${version}`);

// node-gyp needs these to build code-server's native modules (kerberos needs krb5-config).
const buildTools = { 'g++': 'g++', make: 'make', python3: 'python3', 'pkg-config': 'pkg-config', 'krb5-config': 'libkrb5-dev' };

// Native modules the server side loads on Linux: each must load under Node 24.
const nativeModules = {
  [path.join(packageDir, 'lib', 'vscode')]: ['kerberos', '@vscode/spdlog', '@vscode/sqlite3', 'node-pty', '@parcel/watcher', '@vscode/native-watchdog'],
  [packageDir]: ['argon2'],
};

// Keeps the Chat panel, walkthroughs and update checks (extra windows and processes) out of the way.
const baseSettings = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  // The private engines only: never the contexts, Podman sockets or desktop VMs of this machine's user.
  'workloadStacks.findEngines': false,
};

async function ensureBuildTools() {
  const missing = Object.entries(buildTools).filter(([command]) => !findOnPath(command)).map(([, pkg]) => pkg);
  if (missing.length > 0) await ensureDebianPackages(missing);
}

async function verifyNativeModules(node24) {
  for (const [dir, modules] of Object.entries(nativeModules)) {
    const script = modules.map((name) => `require(${JSON.stringify(name)});`).join('');
    await run(node24, ['-e', script], { cwd: dir }).catch((error) => {
      throw new Error(`code-server's native modules (${modules.join(', ')}) do not load under Node 24: ${error.message}`);
    });
  }
}

let installation;

/** Installs code-server (once; later calls only check a marker) and returns how to run it. */
export function ensureCodeServer() {
  // Callers running at the same time (integration and e2e) share one install.
  installation ??= install().catch((error) => {
    installation = undefined;
    throw error;
  });
  return installation;
}

async function install() {
  const node24 = await ensureNode24();
  if (existsSync(marker)) return { node24, entry };
  await ensureBuildTools();
  console.log(`[code-server] installing code-server@${version} into ${prefix} (2-3 minutes)`);
  const started = Date.now();
  await run('npm', ['install', '--prefix', prefix, `code-server@${version}`], {
    env: {
      // Under `npm test` the outer npm's npm_* variables (its user agent naming Node 20 among them)
      // would reach code-server's postinstall, which reads the Node version from that user agent.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
      // npm's own shebang picks the first `node`: Node 24 runs npm, the postinstall and node-gyp.
      PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH}`,
      // Build against Node 24's headers, not the machine npmrc's nodedir (Node 20's).
      npm_config_nodedir: node24PackageDir,
      // code-server's postinstall runs nested `npm install`s whose native builds must run;
      // npm 11 only warns about unapproved install scripts, later versions block them.
      npm_config_ignore_scripts: 'false',
      npm_config_dangerously_allow_all_scripts: 'true',
    },
  });
  await verifyNativeModules(node24);
  const server = await launchCodeServer(node24, {});
  await server.stop();
  writeFileSync(marker, `installed and started in ${Math.round((Date.now() - started) / 1000)} s\n`);
  console.log(`[code-server] ready after ${Math.round((Date.now() - started) / 1000)} s`);
  return { node24, entry };
}

function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Variables of an editor the harness may itself run in would make code-server's CLI talk to
// that editor instead of the instance started here.
function inheritedEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VSCODE_')));
}

// The leader can exit before its children: wait until no process of the group is left.
async function waitForGroupGone(pgid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (signalProcessGroup(pgid, 0)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * Starts code-server on a free loopback port with fresh config, user-data and extensions
 * directories, in its own process group (a plain SIGTERM to the server leaves its children).
 */
export async function startCodeServer(options = {}) {
  const { node24 } = await ensureCodeServer();
  return launchCodeServer(node24, options);
}

/** `workspaceTrust`: keep VS Code's workspace trust on (a folder then opens in Restricted Mode until trusted). */
async function launchCodeServer(node24, { env = {}, smokeTestDriver = false, installVsix, settings = {}, workspaceDir, workspaceTrust = false }) {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'ws-cs-'));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  const configFile = path.join(tempDir, 'config.yaml');
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir);
  // Without --config code-server writes one into ~/.config.
  await writeFile(configFile, 'auth: none\ncert: false\n');
  await writeFile(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...baseSettings, ...settings }, null, 2));
  // code-server's window is a remote one: settings of machine scope (workloadStacks.engines,
  // libvirt.uris...) belong in its Machine settings. From User settings alone they were applied in
  // some runs and not in others (the extension then saw no engines setting, and no change event).
  await mkdir(path.join(userDataDir, 'Machine'), { recursive: true });
  await writeFile(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(settings, null, 2));

  const serverEnv = {
    ...inheritedEnv(),
    // code-server keeps its logs and a heartbeat under XDG_DATA_HOME (~/.local/share otherwise).
    XDG_DATA_HOME: path.join(tempDir, 'data'),
    // No marketplace: tests reach nothing beyond loopback (a gallery without serviceUrl is off).
    EXTENSIONS_GALLERY: '{}',
    ...env,
  };
  const dirArgs = [entry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  let child;
  let output = '';

  async function stop() {
    unregisterCleanup();
    if (child) {
      await stopProcessGroup(child);
      if (!(await waitForGroupGone(child.pid, 5_000))) signalProcessGroup(child.pid, 'SIGKILL');
      child = undefined;
    }
    await rm(tempDir, { recursive: true, force: true, maxRetries: 5 });
  }
  const unregisterCleanup = onCleanup('code-server', stop, () => {
    if (child) signalProcessGroup(child.pid, 'SIGKILL');
    rmSync(tempDir, { recursive: true, force: true });
  });

  try {
    if (installVsix) {
      const installed = await run(node24, [...dirArgs, '--install-extension', installVsix], { env: serverEnv });
      // The CLI can report a failed install and still exit 0; an installed extension is a folder.
      const entries = await readdir(extensionsDir, { withFileTypes: true });
      if (!entries.some((entry) => entry.isDirectory())) {
        throw new Error(`code-server did not install ${installVsix}:\n${installed.stdout}${installed.stderr}`);
      }
    }

    const port = await freeLoopbackPort();
    const args = [
      ...dirArgs,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--reconnection-grace-time', '5',
      // Without it the test payload in the URL is silently ignored; it also hides toasts.
      ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      ...(workspaceDir ? [workspaceDir] : []),
    ];
    child = spawnProcessGroup(node24, args, { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const keepTail = (chunk) => {
      output = (output + chunk).slice(-20_000);
    };
    child.stdout.on('data', keepTail);
    child.stderr.on('data', keepTail);

    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/healthz`, child, 30_000);
    return { url, port, userDataDir, extensionsDir, stop, output: () => output };
  } catch (error) {
    await stop();
    throw new Error(`${error.message}${output ? `\ncode-server output:\n${output}` : ''}`, { cause: error });
  }
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode})`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then((response) => response.ok, () => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s`);
}
