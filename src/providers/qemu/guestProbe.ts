// The overhead probe inside a VM through the QEMU guest agent: guest-file-open/write/close copy the
// binary into the guest's /tmp, `chmod` through guest-exec makes it executable (files the agent
// writes are not), guest-exec runs it and guest-exec-status collects its output. The agent serves
// one client at a time, so each step is one short command. Works for a bare QEMU (its socket) and
// for libvirt (virsh qemu-agent-command); `AgentChannel` hides which.
import { DEFAULT_AGENT_LIMITS, withGuestAgent } from './guestAgentClient';
import type { Result } from './jsonLineSocket';
import { isRecord } from './monitorSession';
import type { BootedWorkload, InstalledProbe, ProbeOutput, ProbeTarget } from '../probeTarget';
import { ProbeUnavailableError, probeDirName } from '../probeTarget';

/** One guest agent command and its `return` value. */
export type AgentChannel = (command: string, args: Record<string, unknown> | undefined, timeoutMs: number) => Promise<Result<unknown>>;

const CHUNK_BYTES = 48 * 1024;
const STEP_TIMEOUT_MS = 15_000;
const POLL_MS = 100;
const GUEST_DIR = '/tmp';
const MAX_OUTPUT_CHARS = 4 * 1024 * 1024;

async function call(channel: AgentChannel, command: string, args?: Record<string, unknown>, timeoutMs = STEP_TIMEOUT_MS): Promise<unknown> {
  const result = await channel(command, args, timeoutMs);
  if (!result.ok) throw new ProbeUnavailableError(`The guest agent failed at ${command}: ${result.error}`);
  return result.value;
}

/** Runs a program in the guest (argv, searched on the agent's PATH) and waits for its end. */
export async function guestExec(channel: AgentChannel, program: string, args: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutput> {
  const started = await call(channel, 'guest-exec', { path: program, arg: [...args], 'capture-output': true });
  const pid = isRecord(started) ? started.pid : undefined;
  if (typeof pid !== 'number') throw new ProbeUnavailableError('The guest agent started the probe but gave no process id.');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) return { exitCode: undefined, stdout: '', stderr: 'cancelled (the probe in the guest ends by itself at its own deadline)' };
    if (Date.now() > deadline) return { exitCode: undefined, stdout: '', stderr: `stopped waiting after ${timeoutMs} ms` };
    const status = await call(channel, 'guest-exec-status', { pid });
    if (isRecord(status) && status.exited === true) {
      const decode = (value: unknown) => (typeof value === 'string' ? Buffer.from(value.slice(0, MAX_OUTPUT_CHARS), 'base64').toString('utf8') : '');
      const signalled = typeof status.signal === 'number' ? `killed by signal ${status.signal}` : '';
      return {
        exitCode: typeof status.exitcode === 'number' ? status.exitcode : undefined,
        stdout: decode(status['out-data']),
        stderr: [decode(status['err-data']).trim(), signalled].filter(Boolean).join('\n'),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function writeGuestFile(channel: AgentChannel, file: string, data: Uint8Array): Promise<void> {
  const handle = await call(channel, 'guest-file-open', { path: file, mode: 'w' });
  if (typeof handle !== 'number') throw new ProbeUnavailableError('The guest agent opened no file handle.');
  try {
    for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) {
      const chunk = Buffer.from(data.subarray(offset, offset + CHUNK_BYTES));
      await call(channel, 'guest-file-write', { handle, 'buf-b64': chunk.toString('base64') });
    }
  } finally {
    await channel('guest-file-close', { handle }, STEP_TIMEOUT_MS);
  }
}

export function guestAgentProbeTarget(channel: AgentChannel): ProbeTarget {
  return {
    architecture: async () => {
      const info = await call(channel, 'guest-get-osinfo');
      const machine = isRecord(info) ? info.machine : undefined;
      return typeof machine === 'string' && machine ? machine : 'x86_64';
    },
    install: async (probe) => {
      const ping = await channel('guest-ping', undefined, 5_000);
      if (!ping.ok) throw new ProbeUnavailableError(`The guest agent does not answer (${ping.error}): install qemu-guest-agent in the guest and start it.`);
      const file = `${GUEST_DIR}/${probeDirName()}`;
      await writeGuestFile(channel, file, probe);
      const chmod = await guestExec(channel, 'chmod', ['755', file], STEP_TIMEOUT_MS).catch((error: Error) => ({ exitCode: undefined, stdout: '', stderr: error.message }));
      if (chmod.exitCode !== 0) {
        await guestExec(channel, 'rm', ['-f', file], STEP_TIMEOUT_MS).catch(() => undefined);
        throw new ProbeUnavailableError(`The probe was copied into the guest but could not be made executable (chmod: ${chmod.stderr || `exit ${chmod.exitCode}`}).`);
      }
      return guestInstalledProbe(channel, file);
    },
    reachableAddress: async () => {
      const interfaces = await call(channel, 'guest-network-get-interfaces');
      const address = firstGuestAddress(interfaces);
      return address ? { bind: address, connect: address, path: 'through the VM’s virtual network card' } : { unreachable: 'the guest agent reports no IPv4 address outside loopback' };
    },
  };
}

/** The first IPv4 address of a non-loopback interface in guest-network-get-interfaces' answer. */
export function firstGuestAddress(interfaces: unknown): string | undefined {
  if (!Array.isArray(interfaces)) return undefined;
  for (const entry of interfaces) {
    if (!isRecord(entry) || entry.name === 'lo' || !Array.isArray(entry['ip-addresses'])) continue;
    for (const address of entry['ip-addresses']) {
      if (isRecord(address) && address['ip-address-type'] === 'ipv4' && typeof address['ip-address'] === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(address['ip-address']) && !address['ip-address'].startsWith('127.')) {
        return address['ip-address'];
      }
    }
  }
  return undefined;
}

function guestInstalledProbe(channel: AgentChannel, file: string): InstalledProbe {
  return {
    path: file,
    dir: GUEST_DIR,
    notes: [`copied in and run through the QEMU guest agent; file I/O in the guest’s ${GUEST_DIR}`],
    run: (args, timeoutMs, signal) => guestExec(channel, file, args, timeoutMs, signal),
    remove: async () => {
      try {
        const result = await guestExec(channel, file, ['--remove', file], STEP_TIMEOUT_MS);
        return result.exitCode === 0 ? undefined : `The probe could not remove ${file} in the guest: ${result.stderr || `exit ${result.exitCode}`}`;
      } catch (error) {
        return `The probe could not remove ${file} in the guest: ${(error as Error).message}`;
      }
    },
  };
}

/** A bare QEMU's agent socket: one short session per command (the agent serves one client at a time). */
export function socketAgentChannel(socketPath: string): AgentChannel {
  return async (command, args, timeoutMs) => {
    const result = await withGuestAgent(socketPath, (agent) => agent.execute(command, args), { ...DEFAULT_AGENT_LIMITS, commandTimeoutMs: timeoutMs });
    return result.ok ? result.value : result;
  };
}

/**
 * Boots a VM that is off and waits for its guest agent to answer guest-ping: the time from the
 * start request to a guest ready to run programs, the VM side of "faster provisioning".
 */
export async function bootUntilAgentAnswers(start: () => Promise<void>, channel: AgentChannel, powerOff: () => Promise<void>, timeoutMs: number, signal?: AbortSignal): Promise<BootedWorkload> {
  const started = performance.now();
  await start();
  const restore = async () => {
    try {
      await powerOff();
      return undefined;
    } catch (error) {
      return `The VM the lab started could not be powered off again: ${(error as Error).message}`;
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ping = await channel('guest-ping', undefined, 1_000);
    if (ping.ok) return { ms: performance.now() - started, what: 'booting this VM until its guest agent answers', restore };
    if (signal?.aborted || Date.now() > deadline) {
      const why = signal?.aborted ? 'cancelled' : `its guest agent did not answer within ${timeoutMs / 1000} s (${ping.error})`;
      const left = await restore();
      throw new ProbeUnavailableError(`The VM was started to be measured, but ${why}; it was powered off again.${left ? ` ${left}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
