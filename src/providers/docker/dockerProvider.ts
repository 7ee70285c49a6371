// The Docker engine as a WorkloadProvider: one list call per refresh, inspection only for a diagram,
// one shared event stream, one stats stream per visible panel.
import * as os from 'os';
import type { Layer, LiveStats, Stack, WorkloadRef } from '../../shared/model';
import type { ProbeTarget } from '../probeTarget';
import { containerProbeTarget } from './containerProbe';
import {
  type Closeable,
  type ContainerAction,
  type WorkloadAction,
  type Diagnosis,
  type InspectOptions,
  type KnownState,
  type ListResult,
  type LogCallbacks,
  type Logger,
  type ShellCallbacks,
  type ShellSession,
  type WorkloadImage,
  type WorkloadProvider,
  WorkloadGoneError,
} from '../provider';
import { placeOnThisMachine } from '../host/placeOnHost';
import { type DockerClient, clientForEndpoint } from './client';
import { readImageContents } from './imageArchive/analyseImage';
import { imagesOf } from './imageList';
import { shortImageId } from '../../shared/imageAnalysis';
import type { ImageContents } from '../../shared/imageAnalysis';
import { diagnoseDockerError } from './diagnose';
import { type EndpointResolution, type DockerEndpoint } from './endpoint';
import { openContainerShell } from './containerShell';
import { knownStateOf } from './eventState';
import { withEnvironmentMasked } from './maskEnvironment';
import { MAX_EVENT_LINE_MIB, SharedEventStream } from './eventStream';
import { followContainerLogs } from './logFollower';
import { forEachJsonLine } from './jsonLines';
import { statsStreamMapper } from './statsMapper';
import { parseContainerList, parseEngineInfo } from './contracts';
import { runsOnThisMachine } from './engineLocation';
import { isPodmanVersion, podmanIdentity, readPodmanInspection } from './podman/inspection';
import { PodGroups } from './podman/pods';
import { buildContainerStack } from './stackMapper';
import { summariesOf, type PodMembership } from './summaryMapper';

export interface DockerProviderOptions {
  /** Which engine this is among the found ones (default `docker`, the one the Docker CLI would use). */
  id?: string;
  /** Its root's name in the tree (default `Docker`). */
  label?: string;
  /** Re-read on every reconnect so a changed setting or context takes effect. */
  resolveEndpoint: () => EndpointResolution;
  /** More `ssh` options for an ssh:// endpoint; the user's own ssh config applies without them. */
  sshArgs?: () => readonly string[];
  timeoutMs: () => number;
  log: Logger;
  /**
   * The band for what this machine itself runs on (e.g. a Firecracker VM), drawn under the host OS
   * of a local engine: containers on this machine sit on it too.
   */
  localHostHypervisor?: () => Layer | undefined;
}

/** /info and /version change only with the engine: read them once per connection, then reuse. */
const ENGINE_FACTS_TTL_MS = 60_000;
/** A stats frame is a few KiB (tens with hundreds of CPUs); past this the stream is dropped and opened again. */
const MAX_STATS_FRAME_MIB = 1;
const STATS_REOPEN_MS = 2_000;

export class DockerProvider implements WorkloadProvider {
  readonly id: string;
  readonly label: string;
  readonly workloadKind = 'container' as const;

  private connection: { client: DockerClient; endpoint: DockerEndpoint } | { diagnosis: Diagnosis; display: string } | undefined;
  private engineFacts: EngineFacts | undefined;
  /** Who the engine is, asked once per connection: its ID, and whether it is Podman (pods need a call more). */
  private identity: Promise<EngineIdentity> | undefined;
  private readonly pods = new PodGroups();
  private readonly events: SharedEventStream;

  constructor(private readonly options: DockerProviderOptions) {
    this.id = options.id ?? 'docker';
    this.label = options.label ?? 'Docker';
    this.events = new SharedEventStream({ open: () => this.client().events() }, options.log);
  }

  /** An ssh:// engine is reached through the system ssh; a socket or TCP engine runs nothing. */
  listingProgram(): string | undefined {
    const resolution = this.options.resolveEndpoint();
    return resolution.ok && resolution.endpoint.kind === 'ssh' ? 'ssh' : undefined;
  }

  /** Forget the connection (endpoint setting changed, or the user asked to retry). */
  reconnect(): void {
    this.connection = undefined;
    this.engineFacts = undefined;
    this.identity = undefined;
    this.pods.forget();
    this.events.restart();
  }


  async list(): Promise<ListResult> {
    const connection = this.connect();
    if (!('client' in connection)) return { ok: false, diagnosis: connection.diagnosis, endpoint: connection.display };
    const endpoint = connection.endpoint.display;
    try {
      const [raw, { engineId, podman }] = await Promise.all([connection.client.listContainers(), this.engineIdentity(connection.client)]);
      const parsed = parseContainerList(raw);
      const entries = parsed.ok ? parsed.value : [];
      const pods = podman ? await this.podMembership(connection.client, entries.map((entry) => entry.Id)) : undefined;
      const notices = this.streamNotices();
      return { ok: true, workloads: summariesOf(entries, this.id, pods), endpoint, ...(engineId ? { engineId } : {}), ...(notices.length > 0 ? { notices } : {}) };
    } catch (error) {
      return { ok: false, diagnosis: diagnoseDockerError(error, connection.endpoint), endpoint };
    }
  }

  async inspectStack(ref: WorkloadRef, options: InspectOptions = {}): Promise<Stack> {
    const client = this.client();
    const readAt = new Date().toISOString();
    // `top` goes out with the first round: it is the slowest call (the engine runs ps) and needs
    // only the id; for a stopped container the engine refuses it and the band says "none".
    const processes = options.processes === false ? undefined : client.top(ref.id).catch(asError);
    const [engine, container] = await Promise.all([this.readEngineFacts(client), this.inspectOrGone(client, ref)]);
    const imageId = imageIdOf(container);
    const [image, history, top] = await Promise.all([
      imageId ? client.inspectImage(imageId).catch(asError) : Promise.resolve(new Error('The container names no image.')),
      imageId ? client.imageHistory(imageId).catch(asError) : Promise.resolve(new Error('The container names no image.')),
      processes,
    ]);
    const podman = engine.podman ? await readPodmanInspection(client, ref.id, engine.libpodInfo) : undefined;
    const stack = buildContainerStack({ providerId: this.id, info: engine.info, version: engine.version, container, image, history, top, podman, readAt });
    return this.withLocalHypervisor(stack, engine.info);
  }

  /**
   * Read once per connection, from the engine facts (so a diagram opened soon after reads them no
   * more); a failed read is asked again next time (the list reports the trouble).
   */
  private engineIdentity(client: DockerClient): Promise<EngineIdentity> {
    this.identity ??= this.readEngineFacts(client).then(
      (facts) => ({ engineId: facts.podman ? podmanIdentity(facts.libpodInfo) : engineIdOf(facts.info), podman: facts.podman }),
      () => {
        this.identity = undefined;
        return { podman: false };
      },
    );
    return this.identity;
  }

  /** On Podman, the pod of each container; a failed pod list costs the groups, never the rows. */
  private async podMembership(client: DockerClient, listedIds: readonly string[]): Promise<PodMembership | undefined> {
    try {
      return await this.pods.of(client, listedIds);
    } catch (error) {
      this.options.log.warn(`pods of ${this.label}: ${asError(error).message}`);
      return undefined;
    }
  }

  /** An engine on this machine that reports no VM of its own runs on whatever this machine runs on. */
  private withLocalHypervisor(stack: Stack, info: unknown): Stack {
    const connection = this.connect();
    const parsed = parseEngineInfo(info);
    const local = 'client' in connection && runsOnThisMachine(connection.endpoint.kind, parsed.ok ? parsed.value : undefined, os.release());
    return local ? placeOnThisMachine(stack, this.options.localHostHypervisor?.()) : stack;
  }

  async imageOf(ref: WorkloadRef): Promise<WorkloadImage | undefined> {
    const container = await this.inspectOrGone(this.client(), ref);
    const id = imageIdOf(container);
    if (!id) return undefined;
    const named = (container as { Config?: { Image?: unknown } }).Config?.Image;
    return { id, name: typeof named === 'string' && named && !named.startsWith('sha256:') ? named : shortImageId(id) };
  }

  async listImages(): Promise<WorkloadImage[]> {
    return imagesOf(await this.client().listImages());
  }

  readImageContents(image: WorkloadImage, options: { signal?: AbortSignal; onProgress?: (bytesRead: number) => void } = {}): Promise<ImageContents> {
    return readImageContents(this.client(), image.id, { ...options, imageId: image.id });
  }

  async inspectRaw(ref: WorkloadRef, options: { revealSecrets?: boolean } = {}): Promise<unknown> {
    const raw = await this.inspectOrGone(this.client(), ref);
    return options.revealSecrets ? raw : withEnvironmentMasked(raw);
  }

  watch(onChange: (ref?: WorkloadRef, known?: KnownState) => void, onStatus: (connected: boolean, failedAttempts?: number) => void): Closeable {
    return this.events.subscribe({
      onEvent: (event) => onChange({ kind: 'container', providerId: this.id, id: event.id }, knownStateOf(event)),
      onConnection: onStatus,
    });
  }

  /** Rows for what went wrong on the streams beside the list (an event line past its cap). */
  private streamNotices(): Diagnosis[] {
    const overflowed = this.events.lastOverflow;
    if (!overflowed) return [];
    return [
      {
        kind: 'too-large',
        message: `At ${overflowed.toLocaleTimeString()} the engine sent an event longer than ${MAX_EVENT_LINE_MIB} MiB: Workload Stacks dropped that stream and reconnected, so events may have been missed.`,
        hint: 'The list is read again on every refresh. Retry clears this row; if it comes back, the engine or something in front of it is sending malformed events.',
      },
    ];
  }

  streamStats(ref: WorkloadRef, onStats: (stats: LiveStats) => void, onEnd: (error?: Error) => void): Closeable {
    let closed = false;
    let abort: AbortController | undefined;
    let reopenTimer: NodeJS.Timeout | undefined;
    const open = () => {
      this.client()
        .stats(ref.id)
        .then((opened) => {
          abort = opened.abort;
          if (closed) return opened.abort.abort();
          const toStats = statsStreamMapper();
          forEachJsonLine(opened.stream, (frame) => onStats(toStats(frame, new Date().toISOString())), {
            maxLineLength: MAX_STATS_FRAME_MIB * 1024 * 1024,
            onOverflow: () => {
              // A frame past the cap is dropped with its connection; usage goes on from a new one.
              this.options.log.warn(`stats ${ref.id.slice(0, 12)}: the engine sent a frame longer than ${MAX_STATS_FRAME_MIB} MiB; opening the stream again`);
              abort = undefined;
              opened.abort.abort();
              reopenTimer = setTimeout(() => !closed && open(), STATS_REOPEN_MS);
            },
          });
          opened.stream.on('end', () => !closed && abort === opened.abort && onEnd());
          opened.stream.on('error', (error: Error) => !closed && abort === opened.abort && onEnd(error));
        })
        .catch((error: unknown) => !closed && onEnd(asError(error)));
    };
    open();
    return {
      close: () => {
        closed = true;
        clearTimeout(reopenTimer);
        abort?.abort();
      },
    };
  }

  async runAction(ref: WorkloadRef, action: WorkloadAction): Promise<void> {
    if (!isContainerAction(action)) throw new Error(`A container cannot ${action}.`);
    try {
      await this.client().containerAction(ref.id, action);
    } catch (error) {
      if (statusOf(error) === 304) return; // already in the asked-for state
      if (statusOf(error) === 404) throw new WorkloadGoneError(ref);
      throw new Error(this.explainError(error));
    }
  }

  /** Interactive shell in a running container (bash when present, else sh). */
  openShell(ref: WorkloadRef, callbacks: ShellCallbacks): Promise<ShellSession> {
    return openContainerShell(this.client(), ref.id, callbacks);
  }

  /** The overhead probe inside the container, through the Engine API. */
  probeTarget(ref: WorkloadRef): ProbeTarget {
    return containerProbeTarget(this.client(), ref.id);
  }

  /** Follows the logs, surviving restarts; `tty` from the container's config decides the framing. */
  followLogs(ref: WorkloadRef, tty: boolean, callbacks: LogCallbacks): Closeable {
    return followContainerLogs(this.client(), this.events, ref.id, tty, callbacks);
  }

  /** A user-facing sentence for any error this provider's calls produce. */
  explainError(error: unknown): string {
    if (error instanceof WorkloadGoneError) return error.message;
    const connection = this.connect();
    if (!('client' in connection)) return connection.diagnosis.message;
    const diagnosis = diagnoseDockerError(error, connection.endpoint);
    return `${diagnosis.message} ${diagnosis.hint}`.trim();
  }

  /** The connected client; throws the diagnosis as an Error when there is no usable endpoint. */
  client(): DockerClient {
    const connection = this.connect();
    if ('client' in connection) return connection.client;
    throw new Error(`${connection.diagnosis.message} ${connection.diagnosis.hint}`);
  }

  private connect(): { client: DockerClient; endpoint: DockerEndpoint } | { diagnosis: Diagnosis; display: string } {
    if (this.connection) return this.connection;
    const resolution = this.options.resolveEndpoint();
    if (!resolution.ok) {
      this.connection = { diagnosis: resolution.diagnosis, display: resolution.display };
      return this.connection;
    }
    const endpoint = resolution.endpoint;
    const timeoutMs = this.options.timeoutMs();
    try {
      const client = clientForEndpoint(endpoint, { timeoutMs, sshArgs: this.options.sshArgs?.(), log: this.options.log });
      this.options.log.info(`Docker endpoint: ${endpoint.display} (${endpoint.source.description})`);
      this.connection = { client, endpoint };
    } catch (error) {
      // dockerode reads DOCKER_HOST and certificate files itself when constructed, and may throw.
      this.connection = { diagnosis: diagnoseDockerError(error, endpoint), display: endpoint.display };
    }
    return this.connection;
  }

  private async readEngineFacts(client: DockerClient): Promise<EngineFacts> {
    const cached = this.engineFacts;
    if (cached && Date.now() - cached.readAt < ENGINE_FACTS_TTL_MS) return cached;
    const [info, version] = await Promise.all([client.info(), client.version()]);
    const podman = isPodmanVersion(version);
    const libpodInfo = podman ? await client.libpod('/info').catch(asError) : undefined;
    this.engineFacts = { info, version, podman, libpodInfo, readAt: Date.now() };
    return this.engineFacts;
  }

  private async inspectOrGone(client: DockerClient, ref: WorkloadRef): Promise<unknown> {
    try {
      return await client.inspectContainer(ref.id);
    } catch (error) {
      if (statusOf(error) === 404) throw new WorkloadGoneError(ref);
      throw error;
    }
  }
}

interface EngineIdentity {
  engineId?: string;
  podman: boolean;
}

/**
 * The ID with the engine's host name: VMs cloned from one image can carry one identity key (and
 * so one ID), but not usually one host name as well.
 */
function engineIdOf(info: unknown): string | undefined {
  const parsed = parseEngineInfo(info);
  if (!parsed.ok || !parsed.value.ID) return undefined;
  return parsed.value.Name ? `${parsed.value.ID} on ${parsed.value.Name}` : parsed.value.ID;
}

interface EngineFacts {
  info: unknown;
  version: unknown;
  podman: boolean;
  /** Podman's GET /libpod/info (or the Error it failed with); undefined on Docker. */
  libpodInfo: unknown;
  readAt: number;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function imageIdOf(container: unknown): string | undefined {
  const image = (container as { Image?: unknown } | null)?.Image;
  return typeof image === 'string' && image ? image : undefined;
}

const CONTAINER_ACTIONS: readonly string[] = ['start', 'stop', 'restart', 'pause', 'unpause', 'remove'] satisfies ContainerAction[];

function isContainerAction(action: WorkloadAction): action is ContainerAction {
  return CONTAINER_ACTIONS.includes(action);
}
