// Child processes for the harness, and one cleanup registry so that whatever a run started is
// stopped again: on normal completion, on an error, and on Ctrl-C / SIGTERM / SIGHUP.
import { spawn } from 'node:child_process';

/** Resolves after `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Blocks the thread for `ms` milliseconds: only for the synchronous exit path. */
export function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** True while a process with this id exists (signal 0 only checks). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `command` with an argument array (never a shell) and resolves with its output.
 * Rejects with the command and the tail of its stderr when it exits non-zero.
 * `stdio: 'inherit'` shows the output live instead of capturing it.
 */
export function run(command, args, { cwd, env, input, stdio = 'pipe', uid, gid } = {}) {
  return new Promise((resolve, reject) => {
    const output = stdio === 'inherit' ? 'inherit' : 'pipe';
    const identity = uid === undefined ? {} : { uid, gid }; // libuv drops the supplementary groups with it
    const child = spawn(command, args, { cwd, env, ...identity, stdio: [input === undefined ? 'ignore' : 'pipe', output, output] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.stdin?.on('error', () => {}); // a child that exits without reading fails below, by its exit code
    child.stdin?.end(input);
    child.on('error', (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ stdout, stderr });
      const tail = (stderr || stdout).trim().split('\n').slice(-15).join('\n');
      reject(new Error(`${[command, ...args].join(' ')} exited with ${signal ?? code}${tail ? `:\n${tail}` : ''}`));
    });
  });
}

/**
 * Starts a long-running process as the leader of its own process group, so that stopping it
 * reaches its children too, and a Ctrl-C in the terminal reaches it only through our cleanup.
 */
export function spawnProcessGroup(command, args, options = {}) {
  return spawn(command, args, { ...options, detached: true });
}

/** Sends `signal` to one process; one already gone is no error. */
export function signalProcess(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Sends `signal` to every process of the group led by `pid`; false when none is left. */
export function signalProcessGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Resolves true once `child` has exited, false after `timeoutMs`. */
export function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopProcessGroup(child, graceMs = 10_000) {
  if (!signalProcessGroup(child.pid, 'SIGTERM')) return;
  if (await waitForExit(child, graceMs)) {
    signalProcessGroup(child.pid, 'SIGKILL'); // children that outlived their leader
    return;
  }
  signalProcessGroup(child.pid, 'SIGKILL');
  await waitForExit(child, 5_000);
}

// Newest last; run newest first, like a stack of `finally` blocks.
const cleanups = [];
let signalHandlersInstalled = false;
let cleaningUp;

/**
 * Registers `stop` (async) to run at cleanup, described by `description` in the log.
 * `stopSync` is the fallback used when the process exits without running the cleanups
 * (an uncaught error, `process.exit`, a second Ctrl-C). Returns a function that unregisters it,
 * for when the caller has stopped the thing itself.
 */
export function onCleanup(description, stop, stopSync) {
  installSignalHandlers();
  const entry = { description, stop, stopSync };
  cleanups.push(entry);
  return () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** Runs every registered cleanup once, newest first; returns what was stopped. */
export function runCleanups() {
  cleaningUp ??= stopAll().finally(() => {
    cleaningUp = undefined;
  });
  return cleaningUp;
}

async function stopAll() {
  const stopped = [];
  while (cleanups.length > 0) {
    const { description, stop } = cleanups.pop();
    const started = Date.now();
    try {
      await stop();
      stopped.push(description);
      console.error(`[cleanup] stopped ${description} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      console.error(`[cleanup] could not stop ${description}: ${error.message}`);
    }
  }
  return stopped;
}

function runSyncFallbacks() {
  while (cleanups.length > 0) {
    const { description, stopSync } = cleanups.pop();
    if (!stopSync) continue;
    try {
      stopSync();
    } catch (error) {
      console.error(`[cleanup] could not stop ${description}: ${error.message}`);
    }
  }
}

const signalExitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function installSignalHandlers() {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  for (const [signal, exitCode] of Object.entries(signalExitCodes)) {
    process.on(signal, () => {
      if (cleaningUp) {
        console.error(`[cleanup] ${signal} again: stopping what is left at once`);
        runSyncFallbacks();
        process.exit(exitCode);
      }
      console.error(`[cleanup] ${signal}: stopping everything this run started`);
      runCleanups().finally(() => process.exit(exitCode));
    });
  }
  process.on('exit', runSyncFallbacks);
}
