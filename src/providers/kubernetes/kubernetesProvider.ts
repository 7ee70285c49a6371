// One kubeconfig context as a WorkloadProvider: its pods, grouped by node, kept current by list and
// watch (podInformer.ts); a pod's stack from the pod, its node and its RuntimeClass. A context
// whose credentials run a program (an exec plugin) lists nothing in Restricted Mode.
import type { LiveStats, Stack, WorkloadRef } from '../../shared/model';
import type { Closeable, Diagnosis, ListResult, LogCallbacks, Logger, ShellCallbacks, ShellSession, WorkloadAction, WorkloadProvider } from '../provider';
import { WorkloadGoneError } from '../provider';
import { KubeApiError, KubeClient } from './client';
import type { FoundCluster } from './clusterDiscovery';
import { parsePod, type Pod, type PodRow } from './podContracts';
import { parseNode } from './contracts';
import { isThisMachine, type LocalPod, readLocalPod } from './localPod';
import { diagnoseKubeError } from './diagnose';
import { maskPodSecrets } from './maskPod';
import { PodInformer, type Scope } from './podInformer';
import { followPodLogs } from './podLogFollower';
import { openPodShell } from './podShell';
import { runningContainer } from './containerChoice';
import { podProbeTarget } from './podProbe';
import { streamPodUsage } from './podUsage';
import { parseQuantityBytes } from './quantity';
import { ProbeUnavailableError, type ProbeTarget } from '../probeTarget';
import { buildPodStack } from './podStack';
import { parsePodRefId, podRefId, podState, podStatusText, toPodSummary } from './podSummary';

export interface KubernetesProviderOptions {
  cluster: FoundCluster;
  /** workloadStacks.kubernetes.namespaces: empty, every namespace RBAC lets the user list. */
  namespaces: () => readonly string[];
  /** workloadStacks.kubernetes.groupBy: pods under their node (default) or their namespace. */
  groupBy?: () => 'node' | 'namespace';
  timeoutMs: () => number;
  log: Logger;
}

export class KubernetesProvider implements WorkloadProvider {
  readonly id: string;
  readonly label: string;
  readonly workloadKind = 'pod' as const;
  private readonly client: KubeClient | undefined;
  private informers = new Map<string, PodInformer>();
  /** Where pods are read, decided by the first list: everything, or the namespaces RBAC allows. */
  private scopes: { scopes: Scope[]; notice?: Diagnosis } | undefined;
  /** The pods of the list that found every namespace readable: the first list() shows them, no second call. */
  private probed: PodRow[] | undefined;
  /** Who watches; the informers run while anyone does. */
  private readonly changeListeners = new Set<{ onChange: Parameters<WorkloadProvider['watch']>[0]; onStatus: Parameters<WorkloadProvider['watch']>[1] }>();

  /** What discovery found: the context, its files, or why its file cannot be read. */
  get cluster(): FoundCluster {
    return this.options.cluster;
  }

  constructor(private readonly options: KubernetesProviderOptions) {
    this.id = options.cluster.id;
    this.label = options.cluster.label;
    const context = options.cluster.context;
    this.client = context ? new KubeClient({ files: options.cluster.files, context: context.name, timeoutMs: options.timeoutMs, log: options.log }) : undefined;
  }

  listingProgram(): string | undefined {
    return this.options.cluster.context?.execCommand;
  }

  private server(): string {
    return this.options.cluster.context?.server ?? this.options.cluster.files[0] ?? '';
  }

  private contextName(): string {
    return this.options.cluster.context?.name ?? this.label;
  }

  private informer(scope: Scope): PodInformer {
    const key = scope ?? '*';
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new PodInformer(this.client!, scope, { onChange: (pod, deleted) => this.changed(pod, deleted), onStatus: (connected, failed) => this.status(connected, failed) });
      this.informers.set(key, informer);
    }
    return informer;
  }

  private changed(pod: PodRow | undefined, deleted = false): void {
    for (const listener of this.changeListeners) {
      if (!pod) listener.onChange();
      else {
        const ref: WorkloadRef = { kind: 'pod', providerId: this.id, id: podRefId(pod) };
        listener.onChange(ref, deleted ? undefined : { state: podState(pod), status: () => podStatusText(pod) });
      }
    }
  }

  private status(connected: boolean, failedAttempts: number): void {
    for (const listener of this.changeListeners) listener.onStatus(connected, failedAttempts);
  }

  /** Every namespace when RBAC allows it; else the namespaces named, or the context's own. */
  private async decideScopes(): Promise<{ scopes: Scope[]; notice?: Diagnosis }> {
    if (this.scopes) return this.scopes;
    const named = this.options.namespaces();
    if (named.length > 0) return (this.scopes = { scopes: [...named] });
    try {
      this.probed = await this.informer(undefined).list();
      return (this.scopes = { scopes: [undefined] });
    } catch (error) {
      if (!(error instanceof KubeApiError) || error.statusCode !== 403) throw error;
      const own = this.options.cluster.context?.namespace ?? 'default';
      this.informers.delete('*');
      return (this.scopes = {
        scopes: [own],
        notice: { kind: 'permission-denied', message: `RBAC does not let this user list pods in every namespace: showing namespace ${own}.`, hint: 'Name the namespaces you may read in workloadStacks.kubernetes.namespaces.' },
      });
    }
  }

  async list(): Promise<ListResult> {
    const endpoint = this.server();
    const { cluster } = this.options;
    if (!this.client) {
      return { ok: false, endpoint, diagnosis: { kind: 'context-broken', message: `This kubeconfig cannot be read: ${cluster.problem ?? 'unknown problem'}`, hint: 'Fix the file (kubectl config view shows the same fault), or remove it from KUBECONFIG or workloadStacks.kubernetes.kubeconfigs.' } };
    }
    try {
      const { scopes, notice } = await this.decideScopes();
      const notices: Diagnosis[] = notice ? [notice] : [];
      const pods: PodRow[] = [];
      const answers = await Promise.all(scopes.map(async (scope) => {
        const informer = this.informer(scope);
        const probed = scope === undefined ? this.probed : undefined;
        this.probed = undefined;
        try {
          return { pods: informer.cached() ?? probed ?? (await informer.list()) };
        } catch (error) {
          return { scope, error };
        }
      }));
      if (answers.every((answer) => answer.pods === undefined)) throw answers[0].error;
      for (const answer of answers) {
        if (answer.pods) {
          pods.push(...answer.pods);
          continue;
        }
        const diagnosis = diagnoseKubeError(answer.error, endpoint, this.contextName());
        notices.push({ ...diagnosis, message: `Namespace ${answer.scope}: ${diagnosis.message}` });
      }
      // Read once per list: the setting's getter reads VS Code's configuration (5000 calls cost 70 ms).
      const groupBy = this.options.groupBy?.();
      return { ok: true, endpoint, workloads: pods.map((pod) => toPodSummary(pod, this.id, groupBy)), ...(notices.length > 0 ? { notices } : {}) };
    } catch (error) {
      return { ok: false, endpoint, diagnosis: diagnoseKubeError(error, endpoint, this.contextName()) };
    }
  }

  private refOf(ref: WorkloadRef): { namespace: string; name: string } {
    const parsed = parsePodRefId(ref.id);
    if (!parsed || !this.client) throw new WorkloadGoneError(ref);
    return parsed;
  }

  private async readPod(ref: WorkloadRef): Promise<unknown> {
    const { namespace, name } = this.refOf(ref);
    try {
      return await this.client!.get(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`);
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) throw new WorkloadGoneError(ref);
      throw error;
    }
  }

  /** The pod read and checked; an answer that is no pod throws `unreadable`'s error (an Error by default). */
  private async podOf(ref: WorkloadRef, unreadable: (why: string) => Error = (why) => new Error(why)): Promise<{ raw: unknown; pod: Pod }> {
    const raw = await this.readPod(ref);
    const parsed = parsePod(raw);
    if (!parsed.ok) throw unreadable(`The pod could not be read: ${parsed.error}`);
    return { raw, pod: parsed.value };
  }

  async inspectStack(ref: WorkloadRef): Promise<Stack> {
    const { raw, pod } = await this.podOf(ref);
    const orError = (promise: Promise<unknown>) => promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const [node, runtimeClass] = await Promise.all([
      pod.nodeName ? orError(this.client!.get(`/api/v1/nodes/${encodeURIComponent(pod.nodeName)}`)) : undefined,
      pod.runtimeClassName ? orError(this.client!.get(`/apis/node.k8s.io/v1/runtimeclasses/${encodeURIComponent(pod.runtimeClassName)}`)) : undefined,
    ]);
    return buildPodStack({ providerId: this.id, pod: raw, node, runtimeClass, local: this.readHere(pod, node), readAt: new Date().toISOString() });
  }

  /** The pod's processes, namespaces and cgroups, when its node is this machine (kubelet's machineID is ours). */
  private readHere(pod: Pod, node: unknown): LocalPod | undefined {
    const parsed = node instanceof Error || node === undefined ? undefined : parseNode(node);
    if (!parsed?.ok || !pod.metadata.uid || !isThisMachine(parsed.value.nodeInfo.machineID)) return undefined;
    const containers = new Map<string, string>();
    for (const status of [...pod.initContainerStatuses, ...pod.containerStatuses]) {
      const id = status.containerID?.replace(/^[a-z0-9-]+:\/\//, '');
      if (id && /^[0-9a-f]{12,64}$/.test(id)) containers.set(status.name, id);
    }
    return readLocalPod(pod.metadata.uid, containers);
  }

  async inspectRaw(ref: WorkloadRef, options?: { revealSecrets?: boolean }): Promise<unknown> {
    const raw = await this.readPod(ref);
    return options?.revealSecrets ? raw : maskPodSecrets(raw);
  }

  watch(onChange: Parameters<WorkloadProvider['watch']>[0], onStatus: Parameters<WorkloadProvider['watch']>[1]): Closeable {
    const listener = { onChange, onStatus };
    this.changeListeners.add(listener);
    let closed = false;
    if (this.changeListeners.size === 1) this.startInformers();
    return {
      close: () => {
        if (closed) return;
        closed = true;
        this.changeListeners.delete(listener);
        if (this.changeListeners.size === 0) for (const informer of this.informers.values()) informer.close();
      },
    };
  }

  /** Opens the watches of every scope; a first list that fails is tried again by the same schedule as a watch. */
  private startInformers(attempt = 1): void {
    if (!this.client) return;
    this.decideScopes().then(
      ({ scopes }) => {
        if (this.changeListeners.size === 0) return;
        for (const scope of scopes) this.informer(scope).start();
      },
      () => {
        if (this.changeListeners.size === 0) return;
        this.status(false, attempt);
        setTimeout(() => this.changeListeners.size > 0 && this.startInformers(attempt + 1), Math.min(30_000, 1_000 * 2 ** (attempt - 1)));
      },
    );
  }

  /** The pod's CPU and memory every few seconds, from the metrics API or its node's kubelet (podUsage.ts). */
  streamStats(ref: WorkloadRef, onStats: (stats: LiveStats) => void, onEnd: (error?: Error) => void): Closeable {
    let stream: Closeable | undefined;
    let closed = false;
    this.podOf(ref).then(
      ({ pod }) => {
        if (closed) return;
        const limits = pod.containers.map((container) => (container.limits.memory === undefined ? undefined : parseQuantityBytes(container.limits.memory)));
        const memoryLimitBytes = limits.length > 0 && limits.every((limit) => limit !== undefined) ? limits.reduce((sum, limit) => sum! + limit!, 0) : undefined;
        stream = streamPodUsage(this.client!, { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, nodeName: pod.nodeName, memoryLimitBytes }, onStats, onEnd);
      },
      (error: unknown) => !closed && onEnd(error instanceof Error ? error : new Error(String(error))),
    );
    return {
      close: () => {
        closed = true;
        stream?.close();
      },
    };
  }

  actionsFor(): readonly WorkloadAction[] {
    return ['remove'];
  }

  /** `remove` deletes the pod (the command asked first); a pod is not stopped or started as a container is. */
  async runAction(ref: WorkloadRef, action: WorkloadAction): Promise<void> {
    if (action !== 'remove') throw new Error(`${action} is not an action on pods: a pod is deleted, and its controller (if any) makes a new one.`);
    const { namespace, name } = this.refOf(ref);
    try {
      await this.client!.delete(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`);
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) throw new WorkloadGoneError(ref);
      throw new Error(this.explainError(error));
    }
  }

  /** Follows every container's logs, across restarts (tty plays no part: kubelet's log is text). */
  followLogs(ref: WorkloadRef, _tty: boolean, callbacks: LogCallbacks, options?: { container?: string }): Closeable {
    return followPodLogs(this.client!, { ...this.refOf(ref), container: options?.container }, callbacks, (error) => this.explainError(error));
  }

  /** A shell in the container kubectl would pick: the default-container annotation's, else the first. */
  async openShell(ref: WorkloadRef, callbacks: ShellCallbacks, options?: { container?: string }): Promise<ShellSession> {
    const { namespace, name } = this.refOf(ref);
    const { pod } = await this.podOf(ref);
    const chosen = runningContainer(pod, options?.container);
    if ('why' in chosen) throw new Error(chosen.why);
    try {
      return await openPodShell(this.client!, { namespace, pod: name, container: chosen.container }, callbacks);
    } catch (error) {
      throw new Error(this.explainError(error));
    }
  }

  /** The overhead probe in the pod's default container, by exec (the image needs a shell and a writable /tmp). */
  probeTarget(ref: WorkloadRef): ProbeTarget {
    return podProbeTarget(this.client!, async () => {
      const { namespace, name } = this.refOf(ref);
      const { pod } = await this.podOf(ref, (why) => new ProbeUnavailableError(why));
      const chosen = runningContainer(pod);
      if ('why' in chosen) throw new ProbeUnavailableError(`${chosen.why} The probe runs inside it.`);
      const node = pod.nodeName ? parseNode(await this.client!.get(`/api/v1/nodes/${encodeURIComponent(pod.nodeName)}`).catch(() => undefined)) : undefined;
      const local = node?.ok === true && isThisMachine(node.value.nodeInfo.machineID);
      return { namespace, pod: name, container: chosen.container, architecture: node?.ok ? node.value.nodeInfo.architecture : undefined, onThisMachinesNetwork: local && pod.hostNetwork };
    });
  }

  explainError(error: unknown): string {
    const diagnosis = diagnoseKubeError(error, this.server(), this.contextName());
    return `${diagnosis.message} ${diagnosis.hint}`;
  }

  reconnect(): void {
    this.scopes = undefined;
    this.client?.reset();
    for (const informer of this.informers.values()) informer.close();
    this.informers.clear();
    if (this.changeListeners.size > 0) this.startInformers();
  }

  /** Requests sent to the API server so far (a watch counts once): the bench's idle figures. */
  requestsMade(): number {
    return this.client?.requestCount ?? 0;
  }

  /** Lists and watches opened so far, by scope: the tests and the bench count requests with it. */
  informerCounts(): Record<string, PodInformer['counts']> {
    return Object.fromEntries([...this.informers].map(([key, informer]) => [key, { ...informer.counts }]));
  }
}
