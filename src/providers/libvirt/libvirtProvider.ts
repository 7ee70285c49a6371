// libvirt through `virsh` as a WorkloadProvider. A refresh costs one virsh process per URI (two
// when domstats says too little, as with the test driver), whatever the number of domains; URIs
// are listed in parallel and one that fails never hides the others. Changes are found by polling
// `list` every 5 s while someone watches: `virsh event --loop` would need one long-lived process
// per URI and gives nothing the poll misses at this rate.
import { existsSync } from 'fs';
import * as path from 'path';
import { currentLookupContext, findExecutable } from '../vmtools/findExecutable';
import { libvirtConsoleCommand } from './console';
import type { ProbeTarget } from '../probeTarget';
import { bootUntilAgentAnswers, guestAgentProbeTarget, type AgentChannel } from '../qemu/guestProbe';
import { placeOnThisMachine } from '../host/placeOnHost';
import type { Layer, LiveStats, Stack, WorkloadRef } from '../../shared/model';
import type { HostFacts } from '../host/hostFacts';
import { readHostFacts } from '../host/hostFacts';
import { nodeHostFiles } from '../host/hostFiles';
import { runTool } from '../exec/runTool';
import {
  type Availability,
  type Closeable,
  type Diagnosis,
  type ListResult,
  type Logger,
  type WorkloadAction,
  type WorkloadProvider,
  type WorkloadState,
  type WorkloadSummary,
  WorkloadGoneError,
} from '../provider';
import { libvirtActionsFor, VIRSH_VERBS } from './domainState';
import { DOMAIN_GONE, readDomain } from './inspection';
import { listUri, type UriListing } from './listing';
import { buildDomainStack } from './stackMapper';
import { toLiveStats, type CpuSample } from './statsMapper';
import { parseDomainRefId, toDomainSummary, isRemoteUri } from './summaryMapper';
import { combineDiagnoses, diagnoseUriFailure, isQuietSessionAbsence } from './uriDiagnosis';
import { checkLibvirtUri, type UriCheck } from './uriPolicy';
import { Virsh, type ToolRunner } from './virsh';
import { parseKeyValueLines } from './virshOutput';

export const DEFAULT_LIBVIRT_URIS: readonly string[] = ['qemu:///system', 'qemu:///session'];
const WATCH_INTERVAL_MS = 5_000;
const STATS_INTERVAL_MS = 2_000;
/** A guest booting under software emulation can take a minute or more to start its agent. */
const BOOT_TIMEOUT_MS = 180_000;

export interface LibvirtProviderOptions {
  /** From the setting workloadStacks.libvirt.uris; re-read on every refresh. */
  uris: () => readonly string[];
  timeoutMs: () => number;
  log: Logger;
  /** Path of virsh; `virsh` on PATH by default. */
  virsh?: string;
  /** Runs the tool; tests pass a counting runner. */
  runTool?: ToolRunner;
  /** What this machine runs on (e.g. a Firecracker VM), drawn under the host OS of local guests. */
  localHostHypervisor?: () => Layer | undefined;
  /** This machine's hardware and OS facts for local URIs; the host module's reader by default. */
  readLocalHost?: () => HostFacts;
}

/** How one URI fared in the last refresh, for the tree or the log. */
export type UriStatus =
  | { uri: string; ok: true; domains: number; processes: number }
  | { uri: string; ok: false; quiet: boolean; diagnosis: Diagnosis; processes: number };

export class LibvirtProvider implements WorkloadProvider {
  readonly id = 'libvirt';
  readonly label = 'libvirt';
  readonly workloadKind = 'vm' as const;

  private readonly virsh: Virsh;
  private readonly virshPath: string;
  private statuses: UriStatus[] = [];
  private readonly watchers = new Set<{ onChange: (ref?: WorkloadRef) => void; onStatus: (connected: boolean) => void }>();
  private watchTimer: NodeJS.Timeout | undefined;
  private lastFingerprint: string | undefined;

  constructor(private readonly options: LibvirtProviderOptions) {
    this.virshPath = options.virsh ?? 'virsh';
    this.virsh = new Virsh({ virsh: this.virshPath, timeoutMs: options.timeoutMs, runner: options.runTool ?? runTool });
  }

  /** Whether virsh is installed: a PATH lookup, no process started (also in Restricted Mode). */
  async availability(): Promise<Availability> {
    const found = path.isAbsolute(this.virshPath) ? existsSync(this.virshPath) : findExecutable([this.virshPath], [], currentLookupContext()) !== undefined;
    return found ? { available: true } : { available: false, reason: `${this.virshPath} is not installed or not on PATH` };
  }

  listingProgram(): string {
    return 'virsh';
  }

  /** The URIs in use, trimmed and without repeats, each with whether virsh may be given it. */
  checkedUris(): UriCheck[] {
    return [...new Set(this.options.uris().map((uri) => uri.trim()).filter(Boolean))].map(checkLibvirtUri);
  }

  /** The configured URIs virsh may be given. */
  uris(): string[] {
    return this.checkedUris().flatMap((check) => (check.ok ? [check.uri] : []));
  }

  /** The form of a configured, accepted URI that virsh receives; undefined for any other URI. */
  private connectionFor(uri: string): string | undefined {
    const check = this.checkedUris().find((candidate) => candidate.uri === uri);
    return check?.ok ? check.effective : undefined;
  }

  /** Per-URI outcome of the last list(). */
  uriStatuses(): readonly UriStatus[] {
    return this.statuses;
  }

  async list(): Promise<ListResult> {
    const checks = this.checkedUris();
    const refused = checks.flatMap((check) => (check.ok ? [] : [refusedDiagnosis(check)]));
    const accepted = checks.filter((check): check is UriCheck & { ok: true } => check.ok);
    const endpoint = accepted.map((check) => check.uri).join(', ');
    if (accepted.length === 0) {
      if (refused.length > 0) return { ok: false, endpoint, diagnosis: combineDiagnoses(refused) };
      return { ok: false, endpoint, diagnosis: { kind: 'unknown', message: 'No libvirt connection URIs are configured.', hint: 'Set workloadStacks.libvirt.uris, e.g. ["qemu:///system"].' } };
    }
    const listings = await Promise.all(
      accepted.map(({ uri, effective }) => listUri(this.virsh, effective, uri).catch((error: unknown) => crashedListing(uri, error))),
    );
    this.statuses = listings.map((listing) => this.statusOf(listing));
    const workloads: WorkloadSummary[] = [];
    const seen = new Set<string>();
    for (const listing of listings) {
      if (!listing.ok) continue;
      for (const domain of listing.domains) {
        // As root, qemu:///session reaches the system daemon: show each domain once, under the first URI.
        if (seen.has(domain.uuid)) continue;
        seen.add(domain.uuid);
        workloads.push(toDomainSummary(domain, listing.uri, this.id));
      }
    }
    const loud = this.statuses.filter((status): status is UriStatus & { ok: false } => !status.ok && !status.quiet);
    // Not ok only when nothing could be listed and something really failed (a quiet session is no failure).
    if (!this.statuses.some((status) => status.ok) && loud.length > 0) {
      return { ok: false, endpoint, diagnosis: combineDiagnoses([...refused, ...loud.map((failure) => failure.diagnosis)]) };
    }
    return refused.length > 0 ? { ok: true, workloads, endpoint, notices: refused } : { ok: true, workloads, endpoint };
  }

  async inspectStack(ref: WorkloadRef): Promise<Stack> {
    const { uri, connection, uuid } = this.parseRef(ref);
    const reading = await readDomain(this.virsh, connection, uuid);
    if (!reading.ok) {
      if (reading.gone) throw new WorkloadGoneError(ref);
      throw new Error(reading.message);
    }
    const stack = buildDomainStack({
      providerId: this.id,
      uri,
      uuid,
      ...reading.outputs,
      localHost: this.localHost(),
      readAt: new Date().toISOString(),
    });
    return isRemoteUri(uri) ? stack : placeOnThisMachine(stack, this.options.localHostHypervisor?.());
  }

  /** A failed virsh call, in libvirt's terms: what virsh said, and how to see all of it. */
  explainError(error: unknown): string {
    const said = error instanceof Error ? error.message : String(error);
    return `libvirt: ${said} Run \`virsh -c URI dominfo NAME\` with the same connection URI in a terminal to see the full error.`;
  }

  async inspectRaw(ref: WorkloadRef): Promise<unknown> {
    const { uri, connection, uuid } = this.parseRef(ref);
    const reading = await readDomain(this.virsh, connection, uuid);
    if (!reading.ok) {
      if (reading.gone) throw new WorkloadGoneError(ref);
      throw new Error(reading.message);
    }
    return { uri, uuid, dominfo: Object.fromEntries(parseKeyValueLines(reading.outputs.dominfo)), domstats: reading.outputs.domstats, dumpxml: reading.outputs.dumpxml };
  }

  watch(onChange: (ref?: WorkloadRef) => void, onStatus: (connected: boolean) => void): Closeable {
    const watcher = { onChange, onStatus };
    this.watchers.add(watcher);
    if (!this.watchTimer) this.scheduleWatch(0);
    return {
      close: () => {
        this.watchers.delete(watcher);
        if (this.watchers.size === 0 && this.watchTimer) {
          clearTimeout(this.watchTimer);
          this.watchTimer = undefined;
          this.lastFingerprint = undefined;
        }
      },
    };
  }

  streamStats(ref: WorkloadRef, onStats: (stats: LiveStats) => void, onEnd: (error?: Error) => void): Closeable {
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    let previous: CpuSample | undefined;
    const parsed = this.tryParseRef(ref);
    const sampleOnce = async () => {
      if (closed || !parsed) return;
      const result = await this.virsh.run(parsed.connection, ['domstats', '--raw', '--state', '--cpu-total', '--balloon', '--interface', '--block', parsed.uuid], 'read');
      if (closed) return;
      if (!result.ok) {
        closed = true;
        onEnd(DOMAIN_GONE.test(result.stderr) ? new WorkloadGoneError(ref) : new Error(result.message));
        return;
      }
      const reading = toLiveStats(result.stdout, Date.now(), previous);
      if (!reading.readable) {
        // Not domstats output (a wrapper, a changed virsh): a stream of empty samples would look like an idle VM.
        closed = true;
        onEnd(new Error(`virsh domstats printed nothing readable as domain statistics (it began: ${JSON.stringify(result.stdout.trim().slice(0, 60))}).`));
        return;
      }
      previous = reading.sample;
      onStats(reading.stats);
      timer = setTimeout(() => void sampleOnce(), STATS_INTERVAL_MS);
    };
    if (parsed) void sampleOnce();
    else setImmediate(() => onEnd(new Error(`Not a workload of a configured libvirt connection: ${ref.id}`)));
    return {
      close: () => {
        closed = true;
        if (timer) clearTimeout(timer);
      },
    };
  }

  consoleCommand(ref: WorkloadRef): { command: string; args: string[] } | undefined {
    const parsed = this.tryParseRef(ref);
    return parsed ? libvirtConsoleCommand(parsed.connection, parsed.uuid, this.options.virsh) : undefined;
  }

  async runAction(ref: WorkloadRef, action: WorkloadAction): Promise<void> {
    const { connection, uuid } = this.parseRef(ref);
    const verb = Object.hasOwn(VIRSH_VERBS, action) ? VIRSH_VERBS[action as keyof typeof VIRSH_VERBS] : undefined;
    if (!verb) throw new Error(`A libvirt domain cannot ${action}.`);
    const result = await this.virsh.run(connection, [verb, uuid], 'write');
    if (result.ok) return;
    if (DOMAIN_GONE.test(result.stderr)) throw new WorkloadGoneError(ref);
    throw new Error(result.message);
  }

  /** The overhead probe inside the guest, through `virsh qemu-agent-command` (libvirt owns the agent socket). */
  probeTarget(ref: WorkloadRef): ProbeTarget {
    const { connection, uuid } = this.parseRef(ref);
    const channel: AgentChannel = async (command, args, timeoutMs) => {
      const request = JSON.stringify(args ? { execute: command, arguments: args } : { execute: command });
      const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
      const result = await this.virsh.run(connection, ['qemu-agent-command', '--timeout', seconds, uuid, request], 'write', timeoutMs + 5_000);
      if (!result.ok) return { ok: false, error: result.message };
      try {
        const reply = JSON.parse(result.stdout) as { return?: unknown };
        return { ok: true, value: reply.return };
      } catch {
        return { ok: false, error: `virsh qemu-agent-command printed no JSON: ${result.stdout.slice(0, 120)}` };
      }
    };
    return {
      ...guestAgentProbeTarget(channel),
      // A domain the user picked while it was off: boot it to time provisioning, then off again.
      bootToReady: (signal) =>
        bootUntilAgentAnswers(() => this.runAction(ref, 'start'), channel, () => this.runAction(ref, 'forceOff'), BOOT_TIMEOUT_MS, signal),
    };
  }

  actionsFor(state: WorkloadState): readonly WorkloadAction[] {
    return libvirtActionsFor(state);
  }

  /**
   * The URI and UUID in a workload id, and the form of that URI virsh receives. An id can come from
   * outside (a restored panel, a command argument, a document URI): only a URI the user configured,
   * and that passes the policy, ever reaches virsh.
   */
  private tryParseRef(ref: WorkloadRef): { uri: string; connection: string; uuid: string } | undefined {
    const parsed = ref.providerId === this.id ? parseDomainRefId(ref.id) : undefined;
    const connection = parsed ? this.connectionFor(parsed.uri) : undefined;
    return parsed && connection ? { ...parsed, connection } : undefined;
  }

  private parseRef(ref: WorkloadRef): { uri: string; connection: string; uuid: string } {
    const parsed = this.tryParseRef(ref);
    if (!parsed) throw new WorkloadGoneError(ref);
    return parsed;
  }

  private localHost(): HostFacts | undefined {
    try {
      return this.options.readLocalHost ? this.options.readLocalHost() : readHostFacts(nodeHostFiles());
    } catch (error) {
      this.options.log.debug(`libvirt: local host facts unreadable: ${String(error)}`);
      return undefined;
    }
  }

  private statusOf(listing: UriListing): UriStatus {
    if (listing.ok) {
      for (const note of listing.notes) this.options.log.debug(`libvirt ${listing.uri}: ${note}`);
      return { uri: listing.uri, ok: true, domains: listing.domains.length, processes: listing.processes };
    }
    const quiet = isQuietSessionAbsence(listing.uri, listing.failure);
    const diagnosis = diagnoseUriFailure(listing.uri, listing.failure);
    if (quiet) this.options.log.debug(`libvirt ${listing.uri}: no session daemon, so no session VMs`);
    else this.options.log.info(`libvirt ${listing.uri}: ${diagnosis.message}`);
    return { uri: listing.uri, ok: false, quiet, diagnosis, processes: listing.processes };
  }

  private scheduleWatch(delayMs: number): void {
    this.watchTimer = setTimeout(() => void this.pollOnce(), delayMs);
  }

  private async pollOnce(): Promise<void> {
    const result = await this.list();
    if (this.watchers.size === 0) return;
    const fingerprint = result.ok
      ? result.workloads.map((workload) => `${workload.ref.id}=${workload.state}/${workload.resources?.vcpus}/${workload.resources?.memoryBytes}`).sort().join('|')
      : `error:${result.diagnosis.message}`;
    const changed = this.lastFingerprint !== undefined && fingerprint !== this.lastFingerprint;
    this.lastFingerprint = fingerprint;
    for (const watcher of [...this.watchers]) {
      watcher.onStatus(result.ok);
      if (changed) watcher.onChange();
    }
    if (this.watchers.size > 0) this.scheduleWatch(WATCH_INTERVAL_MS);
  }
}

function refusedDiagnosis(check: UriCheck & { ok: false }): Diagnosis {
  return {
    kind: 'refused',
    message: `Not listed: the libvirt URI "${check.uri}" is refused because ${check.reason}.`,
    hint: 'Remove it from workloadStacks.libvirt.uris, or use a plain URI such as qemu:///system or qemu+ssh://user@host/system.',
  };
}

function crashedListing(uri: string, error: unknown): UriListing {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, uri, processes: 0, failure: { ok: false, kind: 'failed', message, stderr: '' } };
}
