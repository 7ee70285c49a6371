// The overhead probe inside a pod's container, through the API server's exec alone: the binary goes
// in on an exec's stdin (a fixed script: mkdir, cat, chmod; the folder is an argument, never part
// of the script), runs as an exec with an argv array, and removes itself with its own --remove.
import { PassThrough, Writable } from 'stream';
import type { InstalledProbe, ProbeAddress, ProbeOutput, ProbeTarget } from '../probeTarget';
import { ProbeUnavailableError, probeDirName } from '../probeTarget';
import type { KubeClient } from './client';
import { exitCodeOf } from './podShell';

const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
const PROBE_FILE = 'ws-probe';
/** Needs /bin/sh, mkdir, cat and chmod in the image; `$1` is the folder, passed as an argument. */
const INSTALL_SCRIPT = 'umask 022 && mkdir -m 1777 "$1" && cat > "$1/ws-probe" && chmod 755 "$1/ws-probe"';

/** Kubernetes' architecture words to `uname -m`. */
const MACHINE_OF_ARCHITECTURE: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64' };

export interface PodProbePlace {
  namespace: string;
  pod: string;
  container: string;
  /** The node's status.nodeInfo.architecture. */
  architecture?: string;
  /** The pod runs on this machine's network (hostNetwork on a node that is this machine). */
  onThisMachinesNetwork: boolean;
}

class Collector extends Writable {
  text = '';
  private bytes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    if (this.bytes <= MAX_OUTPUT_BYTES) this.text += chunk.toString('utf8');
    done();
  }
}

/** Runs `command` in the container without a TTY; ends at `timeoutMs` or when `signal` aborts. */
export async function execCapture(client: KubeClient, place: PodProbePlace, command: string[], options: { timeoutMs: number; signal?: AbortSignal; stdin?: Uint8Array }): Promise<ProbeOutput> {
  const stdout = new Collector();
  const stderr = new Collector();
  const stdin = options.stdin ? new PassThrough() : null;
  let exitCode: number | undefined;
  let failure: string | undefined;
  const connection = await client.exec({ namespace: place.namespace, pod: place.pod, container: place.container }, command, {
    stdout,
    stderr,
    stdin,
    tty: false,
    onStatus: (status) => {
      exitCode = exitCodeOf(status);
      if (exitCode === undefined && status.status !== 'Success') failure = status.message ?? 'the exec failed';
    },
  });
  stdin?.end(Buffer.from(options.stdin!));
  const ended = await new Promise<'closed' | 'timeout' | 'cancelled'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    const cancel = () => resolve('cancelled');
    options.signal?.addEventListener('abort', cancel, { once: true });
    connection.on('close', () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
      resolve('closed');
    });
    connection.on('error', () => resolve('closed'));
  });
  if (ended !== 'closed') connection.close();
  const why = ended === 'timeout' ? `stopped waiting after ${options.timeoutMs} ms` : ended === 'cancelled' ? 'cancelled' : failure;
  return { exitCode: ended === 'closed' ? exitCode : undefined, stdout: stdout.text, stderr: [stderr.text.trim(), why].filter(Boolean).join('\n') };
}

export function podProbeTarget(client: KubeClient, placeOf: () => Promise<PodProbePlace>): ProbeTarget {
  let read: Promise<PodProbePlace> | undefined;
  const place = () => (read ??= placeOf());
  return {
    architecture: async () => {
      const { architecture } = await place();
      return (architecture && MACHINE_OF_ARCHITECTURE[architecture]) ?? architecture ?? 'x86_64';
    },
    install: async (probe) => {
      const where = await place();
      const dir = `/tmp/${probeDirName()}`;
      const copied = await execCapture(client, where, ['/bin/sh', '-c', INSTALL_SCRIPT, 'ws-probe-install', dir], { timeoutMs: 60_000, stdin: probe });
      if (copied.exitCode !== 0) {
        throw new ProbeUnavailableError(
          `The probe could not be copied into container ${where.container} by exec (${copied.stderr.trim() || `exit ${copied.exitCode}`}): it needs /bin/sh, mkdir, cat and chmod in the image and a writable /tmp.`,
        );
      }
      return installedProbe(client, where, dir);
    },
    reachableAddress: async (): Promise<ProbeAddress | { unreachable: string }> =>
      (await place()).onThisMachinesNetwork
        ? { bind: '127.0.0.1', connect: '127.0.0.1', path: 'over loopback: the pod runs on this machine’s network (hostNetwork)' }
        : { unreachable: 'the pod’s network is its cluster’s: this machine has no route to it that the lab could name' },
  };
}

function installedProbe(client: KubeClient, place: PodProbePlace, dir: string): InstalledProbe {
  const file = `${dir}/${PROBE_FILE}`;
  return {
    path: file,
    dir,
    notes: [`in container ${place.container} of the pod, by exec through the API server; file I/O in its /tmp`],
    run: (args, timeoutMs, signal) => execCapture(client, place, [file, ...args], { timeoutMs, signal }),
    remove: async () => {
      try {
        const result = await execCapture(client, place, [file, '--remove', file, dir], { timeoutMs: 10_000 });
        return result.exitCode === 0 ? undefined : `The probe could not remove ${dir} in the pod: ${result.stderr.trim() || `exit ${result.exitCode}`}`;
      } catch (error) {
        return `The probe could not remove ${dir} in the pod: ${(error as Error).message}`;
      }
    },
  };
}
