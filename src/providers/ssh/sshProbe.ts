// The overhead probe in a VM reached over SSH, for guests without a QEMU guest agent whose user
// configured a destination for them. It runs the system `ssh` (so the user's keys, agent and
// ~/.ssh/config apply) with BatchMode: it never asks for a password; and with strict host key
// checking: a host whose key known_hosts does not hold is refused, and known_hosts is never
// written. ssh hands the remote command
// to a shell there, so every word sent is one of ours and checked against a plain-token pattern:
// nothing a workload or an engine reported ever reaches that shell.
import { spawn } from 'child_process';
import type { InstalledProbe, ProbeAddress, ProbeOutput, ProbeTarget } from '../probeTarget';
import { ProbeUnavailableError, probeDirName } from '../probeTarget';

/** Words the remote shell reads literally: paths, numbers, flags, metric ids, IPv4 addresses. */
const PLAIN_WORD = /^[A-Za-z0-9_./:,=-]+$/;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
const STEP_TIMEOUT_MS = 30_000;

export interface SshDestination {
  /** `user@host`, `host` or an alias of the user's ssh config. */
  host: string;
  port?: number;
  /** Extra `ssh` options (tests pass their key and known-hosts file). */
  options?: readonly string[];
}

/** Parses the setting's `[user@]host[:port]`; undefined when it is not one. */
export function parseSshDestination(text: string): SshDestination | undefined {
  const match = /^((?:[A-Za-z0-9._-]+@)?[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(text.trim());
  // ssh would read a user or host that begins with '-' as an option (a@-oProxyCommand=...).
  if (!match || match[1].split('@').some((part) => part.startsWith('-'))) return undefined;
  const port = match[2] ? Number(match[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host: match[1], port };
}

function sshArgs(destination: SshDestination, words: readonly string[]): string[] {
  for (const word of words) {
    if (!PLAIN_WORD.test(word)) throw new Error(`Refusing to send ${JSON.stringify(word)} to a remote shell.`);
  }
  return [
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'UpdateHostKeys=no',
    '-o', 'ConnectTimeout=10',
    ...(destination.port ? ['-p', String(destination.port)] : []),
    ...(destination.options ?? []),
    '--',
    destination.host,
    ...words,
  ];
}

/** Runs one remote command; `input` goes to its stdin. Never rejects: failures are in the output. */
function runSsh(destination: SshDestination, words: readonly string[], timeoutMs: number, options: { input?: Uint8Array; signal?: AbortSignal; remoteShellScript?: string } = {}): Promise<ProbeOutput> {
  return new Promise((resolve) => {
    let args: string[];
    try {
      // A fixed script of ours (for redirection) travels as one word after the checked ones.
      args = [...sshArgs(destination, words), ...(options.remoteShellScript ? [options.remoteShellScript] : [])];
    } catch (error) {
      resolve({ exitCode: undefined, stdout: '', stderr: (error as Error).message });
      return;
    }
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'], signal: options.signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      if (size < MAX_OUTPUT_BYTES) into.push(chunk);
      size += chunk.length;
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const finish = (exitCode: number | undefined, extra = '') => {
      clearTimeout(timer);
      resolve({ exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: [Buffer.concat(err).toString('utf8').trim(), extra].filter(Boolean).join('\n') });
    };
    child.on('error', (error) => finish(undefined, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ssh is not installed or not on PATH' : error.message));
    child.on('close', (code, signal) => finish(code ?? undefined, signal ? (options.signal?.aborted ? 'cancelled' : `stopped after ${timeoutMs} ms`) : ''));
    child.stdin.on('error', () => undefined); // a remote end that exits early closes the pipe
    child.stdin.end(options.input ? Buffer.from(options.input) : undefined);
  });
}

async function mustRun(destination: SshDestination, what: string, words: readonly string[], options?: { input?: Uint8Array; remoteShellScript?: string }): Promise<string> {
  const result = await runSsh(destination, words, STEP_TIMEOUT_MS, options);
  if (result.exitCode !== 0) {
    throw new ProbeUnavailableError(`Over SSH to ${destination.host}, ${what} failed: ${result.stderr.split('\n').slice(-2).join(' ') || `exit ${result.exitCode}`}`);
  }
  return result.stdout;
}

export function sshProbeTarget(destination: SshDestination): ProbeTarget {
  return {
    architecture: async () => (await mustRun(destination, 'uname -m', ['uname', '-m'])).trim() || 'x86_64',
    install: async (probe) => {
      const dir = `/tmp/${probeDirName()}`;
      const file = `${dir}/ws-probe`;
      if (!PLAIN_WORD.test(file)) throw new ProbeUnavailableError(`Unexpected probe path ${file}.`);
      await mustRun(destination, 'creating the probe’s directory', ['mkdir', '-m', '700', dir]);
      // `cat >` needs the remote shell's redirection: a script of ours with our own checked path.
      await mustRun(destination, 'copying the probe', ['sh', '-c'], { input: probe, remoteShellScript: `'cat > ${file} && chmod 755 ${file}'` });
      return sshInstalledProbe(destination, file, dir);
    },
    reachableAddress: async (): Promise<ProbeAddress | { unreachable: string }> => {
      // The address this machine's SSH connection arrived at is one it can reach.
      const connection = (await mustRun(destination, 'reading SSH_CONNECTION', ['sh', '-c'], { remoteShellScript: `'echo $SSH_CONNECTION'` })).trim().split(/\s+/);
      const address = connection[2];
      return address && /^\d+\.\d+\.\d+\.\d+$/.test(address) ? { bind: address, connect: address, path: 'the address this machine’s SSH connection reached' } : { unreachable: 'its SSH connection does not say an IPv4 address' };
    },
  };
}

function sshInstalledProbe(destination: SshDestination, file: string, dir: string): InstalledProbe {
  return {
    path: file,
    dir,
    notes: [`copied in and run over SSH (${destination.host}); file I/O in ${dir}`],
    run: (args, timeoutMs, signal) => runSsh(destination, [file, ...args], timeoutMs, { signal }),
    remove: async () => {
      const result = await runSsh(destination, [file, '--remove', file, dir], STEP_TIMEOUT_MS);
      return result.exitCode === 0 ? undefined : `The probe could not remove ${dir} over SSH: ${result.stderr || `exit ${result.exitCode}`}`;
    },
  };
}
