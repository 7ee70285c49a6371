// The one interface every workload source implements (Docker now; libvirt, QEMU... later).
// Providers never import `vscode`: the tree and the panels adapt them to the editor.
import type { ImageContents } from '../shared/imageAnalysis';
import type { LiveStats, Stack, WorkloadKind, WorkloadRef } from '../shared/model';
import type { ProbeTarget } from './probeTarget';

/** The subset of VS Code's LogOutputChannel that providers need, so they stay editor-free. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** Workload states the tree draws an icon for; providers map their own words onto these. */
export type WorkloadState = 'running' | 'paused' | 'exited' | 'created' | 'restarting' | 'dead' | 'removing' | 'unknown';

export type HealthState = 'healthy' | 'unhealthy' | 'starting';

/**
 * A Compose project groups containers by label only; a Podman pod is a unit of isolation, its
 * members share namespaces held by its infra container. `project` is the group's name either way.
 */
export interface WorkloadGroup {
  kind?: 'compose' | 'pod' | 'node' | 'namespace';
  project: string;
  service?: string;
  /** The pod's infra container (podman-pause), which holds what the members share. */
  infra?: boolean;
}

/** What a list call returns per workload: enough for a tree row, nothing inspected. */
export interface WorkloadSummary {
  ref: WorkloadRef;
  name: string;
  /** Image for containers, product or OS for VMs. */
  image: string;
  state: WorkloadState;
  /** The engine's own status sentence, e.g. "Up 5 minutes (healthy)". */
  status: string;
  health?: HealthState;
  /** The Compose project (and service) of the labels, or the Podman pod the container is in. */
  group?: WorkloadGroup;
  ports: PublishedPort[];
  /** Unix seconds. */
  created: number;
  /** Labels from the list call, for the tree filter (`label:key=value`). */
  labels?: Record<string, string>;
  /** The Kubernetes namespace of a pod. */
  namespace?: string;
  /** Sizes a VM row shows (vCPUs, memory); containers leave it out. */
  resources?: { vcpus?: number; memoryBytes?: number };
  /** A pod's containers (init containers first), shown as rows under the pod's. */
  containers?: PodContainerSummary[];
}

/** One container of a pod, as its row shows it: from the pod's status, no call of its own. */
export interface PodContainerSummary {
  name: string;
  image: string;
  state: WorkloadState;
  /** `Running`, `Waiting: CrashLoopBackOff`, `Terminated: OOMKilled (exit 137)`. */
  status: string;
  ready: boolean;
  restarts: number;
  init?: boolean;
}

export interface InspectOptions {
  /**
   * Also list the workload's processes (default true). The engine runs `ps` for it, one call at
   * a time across all callers; a comparison of many workloads leaves it out.
   */
  processes?: boolean;
}

/** A workload's state as an event reported it, ahead of the next list. */
export interface KnownState {
  state: WorkloadState;
  /** A status sentence in the engine's own words, until the list brings the engine's. */
  status: (previous: string) => string;
}

export interface PublishedPort {
  privatePort: number;
  publicPort?: number;
  hostIp?: string;
  protocol: string;
}

/** Why a provider cannot list, in words a user can act on, with the fix the tree offers. */
export interface Diagnosis {
  kind: 'not-running' | 'permission-denied' | 'wrong-host' | 'context-broken' | 'timeout' | 'tls' | 'host-key' | 'refused' | 'too-large' | 'restricted' | 'unknown';
  /** One sentence: what is wrong. */
  message: string;
  /** One sentence: what to do about it. */
  hint: string;
}

/** Whether a provider's tool or endpoint exists on this machine; a provider without one is hidden. */
export interface Availability {
  available: boolean;
  /** Why not, for the log (e.g. "virsh is not installed"). */
  reason?: string;
}

export type ListResult =
  /** `notices`: what went wrong beside a list that still answered (a refused URI, a dropped stream). */
  /** `engineId`: who the engine is (GET /info → ID and Name); two sources with one reach one engine. */
  | { ok: true; workloads: WorkloadSummary[]; endpoint: string; notices?: Diagnosis[]; engineId?: string }
  | { ok: false; diagnosis: Diagnosis; endpoint: string };

export type ContainerAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'remove';

/** VM lifecycle verbs; `forceOff` is the hard power-off (asks first: unsaved guest state is lost). */
export type VmAction = 'start' | 'shutdown' | 'forceOff' | 'pause' | 'resume' | 'reboot';

export type WorkloadAction = ContainerAction | VmAction;

/** Something to stop: a stream, a timer. */
export interface Closeable {
  close(): void;
}

export interface WorkloadProvider {
  readonly id: string;
  readonly label: string;
  readonly workloadKind: WorkloadKind;
  /**
   * Whether this provider's tool or endpoint exists here (by looking; where a tool's VMs are
   * optional, by listing them); absent means always. `mayRunPrograms` is false in Restricted Mode:
   * then it only looks.
   */
  availability?(options?: { mayRunPrograms?: boolean }): Promise<Availability>;
  /**
   * The program listing runs (virsh, VBoxManage, ssh), when it runs one; absent or undefined: it
   * reads files and sockets only. In Restricted Mode a provider that runs a program lists nothing.
   */
  listingProgram?(): string | undefined;
  list(): Promise<ListResult>;
  /** Reads everything the diagram needs; throws WorkloadGoneError when the workload is gone. */
  inspectStack(ref: WorkloadRef, options?: InspectOptions): Promise<Stack>;
  /**
   * Raw engine JSON for the read-only inspect editor, with secret values (environment variables,
   * secrets on a command line) masked unless `revealSecrets`.
   */
  inspectRaw(ref: WorkloadRef, options?: { revealSecrets?: boolean }): Promise<unknown>;
  /**
   * Calls back (possibly often: callers debounce) when something may have changed; with `known`
   * when the event itself says the workload's new state, so a row can show it before a list.
   */
  watch(onChange: (ref?: WorkloadRef, known?: KnownState) => void, onStatus: (connected: boolean, failedAttempts?: number) => void): Closeable;
  /** One stream of live usage for one workload, until closed. */
  streamStats(ref: WorkloadRef, onStats: (stats: LiveStats) => void, onEnd: (error?: Error) => void): Closeable;
  runAction(ref: WorkloadRef, action: WorkloadAction): Promise<void>;
  /** The program and arguments of an interactive console for a VM (e.g. virsh console), if any. */
  consoleCommand?(ref: WorkloadRef): { command: string; args: string[] } | undefined;
  /**
   * Where the overhead probe can run inside this workload; throws ProbeUnavailableError with the
   * reason when it cannot (no guest agent, not running). Absent: the provider cannot place it.
   */
  probeTarget?(ref: WorkloadRef): ProbeTarget;
  /** The actions this provider can carry out on a workload in this state (menus, QuickPicks). */
  actionsFor?(state: WorkloadState): readonly WorkloadAction[];
  /**
   * What is lost when `action` runs on this workload, where the tool's verb is a hard one (a reset
   * button, a terminate): the command asks first and says it. Undefined: the verb is a soft one.
   */
  actionWarning?(ref: WorkloadRef, action: WorkloadAction): string | undefined;
  /** Follows the workload's output, across restarts, until closed; `tty` decides the framing. */
  followLogs?(ref: WorkloadRef, tty: boolean, callbacks: LogCallbacks, options?: { container?: string }): Closeable;
  /** Opens an interactive shell inside the workload. */
  openShell?(ref: WorkloadRef, callbacks: ShellCallbacks, options?: { container?: string }): Promise<ShellSession>;
  /**
   * One sentence, in this provider's own terms, for an error its calls threw (what is wrong and
   * what to do). Absent: the error's own message says it.
   */
  explainError?(error: unknown): string;
  /** Drops the connection so the next call connects afresh (endpoint settings changed, Retry). */
  reconnect?(): void;
  /** The image a workload runs; undefined when it has none this provider can read. */
  imageOf?(ref: WorkloadRef): Promise<WorkloadImage | undefined>;
  /** The engine's images, each with its tags (to compare two tags). */
  listImages?(): Promise<WorkloadImage[]>;
  /**
   * The image's layers as its engine exports them, read as the archive streams (never written out);
   * `signal` stops the engine's stream; `onProgress` hears the archive's bytes read so far.
   */
  readImageContents?(image: WorkloadImage, options?: { signal?: AbortSignal; onProgress?: (bytesRead: number) => void }): Promise<ImageContents>;
}

/** An image as an engine names it: its ID (a content digest) and what the user calls it. */
export interface WorkloadImage {
  id: string;
  /** A tag ("nginx:1.27"), or the ID's short form where it has none. */
  name: string;
  /** Every tag the engine lists for it. */
  tags?: string[];
  sizeBytes?: number;
}

/** An interactive shell inside a workload, until closed. */
export interface ShellSession {
  write(data: string): void;
  resize(columns: number, rows: number): void;
  close(): void;
}

export interface ShellCallbacks {
  onOutput(data: string): void;
  onExit(exitCode: number | undefined): void;
}

export interface LogCallbacks {
  onOutput(text: string): void;
  /** A line about the follower itself (stopped, resumed), shown apart from the workload's output. */
  onNotice(text: string): void;
}

/** Thrown by inspect when the workload no longer exists (removed between list and inspect). */
export class WorkloadGoneError extends Error {
  constructor(public readonly ref: WorkloadRef) {
    super(`The ${ref.kind} ${ref.kind === 'container' ? ref.id.slice(0, 12) : ref.id} no longer exists.`);
    this.name = 'WorkloadGoneError';
  }
}
