// The overhead probe on this machine: copied to a private temporary directory (the extension's own
// folder may be read-only or on another filesystem), run as a child process with an argv array,
// and removed with its directory afterwards. This is the baseline every other column is divided by.
import { execFile, spawn } from 'child_process';
import { mkdtemp, rm, writeFile } from 'fs/promises';
import os from 'os';
import path from 'path';
import type { InstalledProbe, ProbeOutput, ProbeTarget, ProvisioningResult } from '../probeTarget';

const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** `uname -m` words for Node's process.arch. */
const MACHINE_OF_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

export function hostProbeTarget(tempRoot = os.tmpdir()): ProbeTarget {
  return {
    architecture: async () => MACHINE_OF_ARCH[process.arch] ?? process.arch,
    install: async (probe) => {
      const dir = await mkdtemp(path.join(tempRoot, 'ws-probe-'));
      const file = path.join(dir, 'ws-probe');
      await writeFile(file, probe, { mode: 0o755 });
      return hostInstalledProbe(file, dir);
    },
    provision: (probe, runs, signal) => timeProcessStarts(tempRoot, probe, runs, signal),
    // Loopback only: the lab never opens a port of this machine to the network.
    reachableAddress: async () => ({ bind: '127.0.0.1', connect: '127.0.0.1', path: 'over loopback' }),
  };
}

function hostInstalledProbe(file: string, dir: string): InstalledProbe {
  return {
    path: file,
    dir,
    notes: [`in a temporary directory of this machine (${dir})`],
    run: (args, timeoutMs, signal) => runProbeProcess(file, args, dir, timeoutMs, signal),
    remove: async () => {
      try {
        await rm(dir, { recursive: true, force: true });
        return undefined;
      } catch (error) {
        return `Could not remove ${dir}: ${(error as Error).message}`;
      }
    },
  };
}

export function runProbeProcess(file: string, args: readonly string[], cwd: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutput> {
  return new Promise((resolve) => {
    // A cancel kills with SIGKILL and waits for the exit: execFile's own `signal` sends SIGTERM,
    // which a stopped process never acts on, and reports before the process is gone.
    const onAbort = () => child.kill('SIGKILL');
    const child = execFile(file, [...args], { cwd, timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
      signal?.removeEventListener('abort', onAbort);
      const failure = error as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean }) | null;
      let exitCode: number | undefined = 0;
      if (failure) exitCode = typeof failure.code === 'number' ? failure.code : undefined;
      const why = failure && exitCode === undefined ? (signal?.aborted ? 'cancelled' : failure.killed ? `stopped after ${timeoutMs} ms` : failure.message) : '';
      resolve({ exitCode, stdout, stderr: [stderr.trim(), why].filter(Boolean).join('\n') });
    });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Starting a process is this machine's "provisioning": fork, exec and exit of the probe's no-op. */
async function timeProcessStarts(tempRoot: string, probe: Uint8Array, runs: number, signal?: AbortSignal): Promise<ProvisioningResult> {
  const dir = await mkdtemp(path.join(tempRoot, 'ws-probe-'));
  try {
    const file = path.join(dir, 'ws-probe');
    await writeFile(file, probe, { mode: 0o755 });
    const runsMs: number[] = [];
    for (let run = 0; run < runs && !signal?.aborted; run++) {
      const started = process.hrtime.bigint();
      await new Promise<void>((resolve, reject) => {
        const child = spawn(file, ['--noop'], { stdio: 'ignore' });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the probe's no-op exited with ${code}`))));
      });
      runsMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return { what: 'a process on this machine (the probe’s no-op: fork, exec, exit)', runsMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
