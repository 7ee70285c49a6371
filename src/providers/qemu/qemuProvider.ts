// QEMU processes not managed by libvirt, as a WorkloadProvider. Listing reads /proc (argv, state)
// and asks each QMP socket only for query-status, with tight limits, since /proc cannot tell a
// guest paused with QMP `stop` from a running one; a busy or silent socket falls back to /proc.
// A diagram opens one QMP session (and one guest agent session) for all of its queries.
import * as fs from 'fs';
import * as path from 'path';
import { ProbeUnavailableError, type ProbeTarget } from '../probeTarget';
import { guestAgentProbeTarget, socketAgentChannel } from './guestProbe';
import { placeOnThisMachine } from '../host/placeOnHost';
import type { Layer, LiveStats, Stack, WorkloadRef } from '../../shared/model';
import { readHostFacts } from '../host/hostFacts';
import { nodeHostFiles } from '../host/hostFiles';
import {
  type Availability,
  type Closeable,
  type ListResult,
  type Logger,
  type WorkloadAction,
  type WorkloadProvider,
  type WorkloadState,
  WorkloadGoneError,
} from '../provider';
import { parseQemuArgv } from './argv';
import type { QemuCommandLine } from './commandLine';
import { isLibvirtManaged } from './libvirtManaged';
import { withArgvSecretsMasked } from './maskArgv';
import { readGuestAgentFacts, readQmpFacts, readQmpStatus } from './monitorFacts';
import { streamProcessStats } from './processStats';
import { parseProcessId, type QemuProcess, readQemuProcess, scanQemuProcesses } from './procScan';
import { DEFAULT_QMP_LIMITS, withQmp } from './qmpClient';
import { resolveRelativePaths } from './resolvePaths';
import { guestState, qemuActionsFor } from './runState';
import { buildQemuStack } from './stackMapper';
import { parseBootTime, toQemuSummary } from './summary';
import { processOwner, trustedUids, withTrustedSockets } from './trust';

export interface QemuProviderOptions {
  log: Logger;
  /** /proc, or a recorded tree in tests. */
  procRoot?: string;
  /** How often watch() rescans /proc for QEMU processes coming and going. */
  pollIntervalMs?: number;
  /** What this machine runs on (e.g. a Firecracker VM), drawn under the host OS. */
  localHostHypervisor?: () => Layer | undefined;
  /** Users besides the extension host's own whose QEMU processes are listed (the setting). */
  trustedUsers?: () => readonly string[];
}

/** A refresh must stay fast even when a monitor is held by another client: tight limits here. */
const LIST_STATUS_LIMITS = { connectTimeoutMs: 300, commandTimeoutMs: 500, maxLineBytes: 64 * 1024 };
const QMP_ACTIONS: Partial<Record<WorkloadAction, string>> = {
  pause: 'stop',
  resume: 'cont',
  shutdown: 'system_powerdown',
  reboot: 'system_reset',
  forceOff: 'quit',
};

export class QemuProvider implements WorkloadProvider {
  readonly id = 'qemu';
  readonly label = 'QEMU';
  readonly workloadKind = 'vm' as const;
  private readonly procRoot: string;

  constructor(private readonly options: QemuProviderOptions) {
    this.procRoot = options.procRoot ?? '/proc';
  }

  async availability(): Promise<Availability> {
    if (this.bareQemuProcesses().length > 0) return { available: true };
    const onPath = (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && hasQemuBinary(dir));
    return onPath ? { available: true } : { available: false, reason: 'no qemu-system-* on PATH and no QEMU process running' };
  }

  async list(): Promise<ListResult> {
    const bootTime = parseBootTime(readText(path.join(this.procRoot, 'stat')) ?? '');
    const workloads = await Promise.all(
      this.bareQemuProcesses().map(async ({ process, commandLine }) => {
        const socket = commandLine.qmpSockets[0];
        const status = socket ? await readQmpStatus(socket, LIST_STATUS_LIMITS) : undefined;
        const reason = !socket ? 'no QMP socket' : status ? undefined : 'QMP not answering';
        return toQemuSummary(this.id, process, commandLine, guestState(status, process.stat.state, reason), bootTime);
      }),
    );
    return { ok: true, workloads, endpoint: `${this.procRoot} (QEMU processes not managed by libvirt)` };
  }

  async inspectStack(ref: WorkloadRef): Promise<Stack> {
    const { process, commandLine } = this.find(ref);
    const qmpSocket = commandLine.qmpSockets[0];
    const agentSocket = commandLine.agentSocket;
    const [qmp, agent] = await Promise.all([
      qmpSocket ? readQmpFacts(qmpSocket) : Promise.resolve(undefined),
      agentSocket ? readGuestAgentFacts(agentSocket) : Promise.resolve(undefined),
    ]);
    if (qmp && !qmp.ok) this.options.log.debug(`QEMU ${process.pid}: ${qmp.error}`);
    if (agent && !agent.ok) this.options.log.debug(`QEMU ${process.pid} guest agent: ${agent.error}`);
    const host = readHostFacts(nodeHostFiles());
    const stack = buildQemuStack({ providerId: this.id, process, commandLine, qmp, agent, host, readAt: new Date().toISOString() });
    return placeOnThisMachine(stack, this.options.localHostHypervisor?.());
  }

  /** A failed read of a QEMU process: its monitor or /proc entry, in QEMU's terms. */
  explainError(error: unknown): string {
    const said = error instanceof Error ? error.message : String(error);
    return `QEMU: ${said} The process may have exited, or its QMP socket may not be readable by you.`;
  }

  async inspectRaw(ref: WorkloadRef, options: { revealSecrets?: boolean } = {}): Promise<unknown> {
    const { process, commandLine } = this.find(ref);
    const qmp = commandLine.qmpSockets[0] ? await readQmpFacts(commandLine.qmpSockets[0]) : undefined;
    const argv = options.revealSecrets ? process.argv : withArgvSecretsMasked(process.argv);
    return { pid: process.pid, executable: process.executable, cwd: process.cwd, argv, commandLine, qmp: qmp?.ok ? qmp.value.raw : qmp?.error };
  }

  /** The overhead probe inside the guest, through the guest agent socket on QEMU's command line. */
  probeTarget(ref: WorkloadRef): ProbeTarget {
    const { process, commandLine } = this.find(ref);
    if (!commandLine.agentSocket) {
      throw new ProbeUnavailableError(`${commandLine.name ?? `QEMU ${process.pid}`} has no guest agent channel, so nothing can run inside it. Start QEMU with a virtserialport named org.qemu.guest_agent.0 and run qemu-guest-agent in the guest.`);
    }
    return guestAgentProbeTarget(socketAgentChannel(commandLine.agentSocket));
  }

  watch(onChange: (ref?: WorkloadRef) => void, onStatus: (connected: boolean) => void): Closeable {
    let previous = this.signature();
    const timer = setInterval(() => {
      const current = this.signature();
      if (current !== previous) onChange();
      previous = current;
    }, this.options.pollIntervalMs ?? 3_000);
    queueMicrotask(() => onStatus(true)); // nothing to connect to: /proc is always there
    return { close: () => clearInterval(timer) };
  }

  streamStats(ref: WorkloadRef, onStats: (stats: LiveStats) => void, onEnd: (error?: Error) => void): Closeable {
    let found: QemuProcess;
    try {
      found = this.find(ref).process;
    } catch (error) {
      setImmediate(() => onEnd(error instanceof Error ? error : new Error(String(error))));
      return { close: () => undefined };
    }
    return streamProcessStats(found.pid, found.stat.startTicks, 2_000, onStats, onEnd, this.procRoot);
  }

  async runAction(ref: WorkloadRef, action: WorkloadAction): Promise<void> {
    const command = QMP_ACTIONS[action];
    if (!command) throw new Error(`A QEMU process cannot ${action}: once it has exited, it is gone (start it again the way it was started).`);
    const { process: target, commandLine } = this.find(ref);
    const socket = commandLine.qmpSockets[0];
    if (!socket) {
      if (action !== 'forceOff') throw new Error(`${commandLine.name ?? `QEMU ${target.pid}`} has no QMP socket, so it can only be forced off. Start QEMU with -qmp unix:PATH,server=on,wait=off to control it.`);
      process.kill(target.pid, 'SIGTERM'); // QEMU quits on SIGTERM as on QMP `quit`; the id check above makes it this process
      if (await this.waitUntilGone(target, 5_000)) return;
      throw new Error(`QEMU ${target.pid} is still running after SIGTERM.`);
    }
    const result = await withQmp(socket, (qmp) => qmp.execute(command), DEFAULT_QMP_LIMITS);
    const reply = result.ok ? result.value : result;
    if (action === 'forceOff') {
      // `quit` may close the socket before its reply arrives: success is QEMU being gone.
      if (await this.waitUntilGone(target, 5_000)) return;
      throw new Error(`QEMU ${target.pid} is still running after QMP quit${reply.ok ? '' : `: ${reply.error}`}`);
    }
    if (!reply.ok) throw new Error(`QMP ${command} failed: ${reply.error}`);
  }

  actionsFor(state: WorkloadState): readonly WorkloadAction[] {
    return qemuActionsFor(state);
  }

  actionWarning(_ref: WorkloadRef, action: WorkloadAction): string | undefined {
    // QMP's only reboot is system_reset: the machine's reset line, with no word to the guest.
    return action === 'reboot'
      ? 'A QEMU process without libvirt can only be reset, like pressing the reset button: the guest gets no chance to shut down, unsaved work in it is lost, and its file systems may need a check.'
      : undefined;
  }

  private async waitUntilGone(target: QemuProcess, timeoutMs: number): Promise<boolean> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
      if (readQemuProcess(target.pid, this.procRoot)?.id !== target.id) return true;
    }
    return false;
  }

  private bareQemuProcesses(): { process: QemuProcess; commandLine: QemuCommandLine }[] {
    const uids = this.trustedUids();
    return this.trustedProcesses(uids).map((found) => ({ process: found, commandLine: this.commandLineOf(found, uids) }));
  }

  /** QEMU processes without libvirt that run as a trusted user; any other user's are not ours to talk to. */
  private trustedProcesses(uids: ReadonlySet<number>): QemuProcess[] {
    return scanQemuProcesses(this.procRoot).filter((found) => !isLibvirtManaged(found.argv) && uids.has(processOwner(this.procRoot, found.pid) ?? -1));
  }

  /** Its command line, with only the sockets that are safe to speak to. */
  private commandLineOf(found: QemuProcess, uids: ReadonlySet<number>): QemuCommandLine {
    const { commandLine, refused } = withTrustedSockets(resolveRelativePaths(parseQemuArgv(found.argv), found.cwd), uids);
    for (const reason of refused) this.options.log.debug(`QEMU ${found.pid}: not using a socket of its command line: ${reason}`);
    return commandLine;
  }

  private trustedUids(): Set<number> {
    return trustedUids(this.options.trustedUsers?.() ?? []);
  }

  private find(ref: WorkloadRef): { process: QemuProcess; commandLine: QemuCommandLine } {
    const uids = this.trustedUids();
    const parsed = parseProcessId(ref.id);
    const found = parsed ? readQemuProcess(parsed.pid, this.procRoot) : undefined;
    if (!found || found.id !== ref.id || isLibvirtManaged(found.argv) || !uids.has(processOwner(this.procRoot, found.pid) ?? -1)) throw new WorkloadGoneError(ref);
    return { process: found, commandLine: this.commandLineOf(found, uids) };
  }

  /** Which QEMU processes exist and their /proc state letters: a change means a refresh is due. */
  private signature(): string {
    return this.trustedProcesses(this.trustedUids())
      .map((found) => `${found.id}:${found.stat.state}`)
      .join(' ');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hasQemuBinary(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((name) => /^qemu-system-/.test(name));
  } catch {
    return false;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
