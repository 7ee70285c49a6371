// A pod's live CPU and memory, read every few seconds while its diagram is visible: from the
// cluster's metrics API (metrics.k8s.io, served by metrics-server) where there is one, else from
// its node's kubelet through the API server's node proxy (the Summary API metrics-server itself
// reads). CPU is in percent of one core, as an engine's stats say it; memory is the working set.
import { NO_IO_COUNTERS, type LiveStats } from '../../shared/model';
import type { Closeable } from '../provider';
import { isRecord, number, record, records, string } from '../docker/jsonFields';
import { KubeApiError, type KubeClient } from './client';
import { parseQuantity } from './quantity';

const INTERVAL_MS = 2_000;

export interface PodUsageTarget {
  namespace: string;
  name: string;
  nodeName?: string;
  /** The sum of the containers' memory limits, when every container has one. */
  memoryLimitBytes?: number;
}

type Reading = { cpuCores: number; memoryBytes: number };

/** metrics.k8s.io's PodMetrics: each container's usage as quantities (`250924290n`, `468Ki`). */
export function usageFromPodMetrics(raw: unknown): Reading | undefined {
  if (!isRecord(raw)) return undefined;
  const containers = records(raw, 'containers');
  if (containers.length === 0) return undefined;
  let cpuCores = 0;
  let memoryBytes = 0;
  for (const container of containers) {
    const usage = record(container, 'usage');
    const cpu = usage && parseQuantity(string(usage, 'cpu') ?? '');
    const memory = usage && parseQuantity(string(usage, 'memory') ?? '');
    if (cpu === undefined || memory === undefined) return undefined;
    cpuCores += cpu;
    memoryBytes += memory;
  }
  return { cpuCores, memoryBytes };
}

/** kubelet's Summary API: the pod's containers' usageNanoCores and workingSetBytes, summed. */
export function usageFromSummary(raw: unknown, target: Pick<PodUsageTarget, 'namespace' | 'name'>): Reading | undefined {
  if (!isRecord(raw)) return undefined;
  const pod = records(raw, 'pods').find((entry) => {
    const ref = record(entry, 'podRef');
    return ref && string(ref, 'name') === target.name && string(ref, 'namespace') === target.namespace;
  });
  const containers = pod ? records(pod, 'containers') : [];
  if (containers.length === 0) return undefined;
  let cpuCores = 0;
  let memoryBytes = 0;
  for (const container of containers) {
    const cpu = number(record(container, 'cpu') ?? {}, 'usageNanoCores');
    const memory = number(record(container, 'memory') ?? {}, 'workingSetBytes');
    if (cpu === undefined || memory === undefined) return undefined;
    cpuCores += cpu / 1e9;
    memoryBytes += memory;
  }
  return { cpuCores, memoryBytes };
}

const notFound = (error: unknown) => error instanceof KubeApiError && error.statusCode === 404;

/**
 * Reads the pod's usage now and every INTERVAL_MS until closed. Ends with the reason when neither
 * source has its numbers (no metrics API, and a node whose kubelet does not serve them: kwok's).
 */
export function streamPodUsage(client: KubeClient, target: PodUsageTarget, onStats: (stats: LiveStats) => void, onEnd: (error?: Error) => void): Closeable {
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let source: 'metrics' | 'summary' | undefined;
  const podPath = `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.name)}`;
  const summaryPath = target.nodeName ? `/api/v1/nodes/${encodeURIComponent(target.nodeName)}/proxy/stats/summary?only_cpu_and_memory=true` : undefined;

  const fromMetrics = async () => usageFromPodMetrics(await client.get(podPath));
  const fromSummary = async () => (summaryPath ? usageFromSummary(await client.get(summaryPath), target) : undefined);

  /** The first source that answers stays the source; a pod it has no numbers for yet (just started) is asked again. */
  const read = async (): Promise<Reading | undefined> => {
    if (source === 'metrics') return fromMetrics();
    if (source === 'summary') return fromSummary();
    let metricsAnswer: string;
    try {
      const reading = await fromMetrics();
      source = 'metrics';
      return reading;
    } catch (error) {
      metricsAnswer = notFound(error) ? 'the cluster serves none (no metrics-server)' : (error as Error).message;
    }
    try {
      if (!summaryPath) throw new Error('the pod has no node yet');
      const reading = await fromSummary();
      source = 'summary';
      return reading;
    } catch (error) {
      const kubelet = notFound(error) ? 'its node’s kubelet serves no stats (a node kwok simulates has none)' : (error as Error).message;
      throw new Error(`Live CPU and memory come from the cluster’s metrics API or the node’s kubelet: the metrics API (metrics.k8s.io): ${metricsAnswer}; the kubelet: ${kubelet}.`);
    }
  };

  const tick = async () => {
    try {
      const reading = await read();
      if (closed) return;
      if (reading) onStats({ readAt: new Date().toISOString(), cpuPercent: reading.cpuCores * 100, memoryBytes: reading.memoryBytes, memoryLimitBytes: target.memoryLimitBytes ?? null, pids: null, ...NO_IO_COUNTERS });
      timer = setTimeout(() => void tick(), INTERVAL_MS);
    } catch (error) {
      if (!closed) onEnd(error instanceof Error ? error : new Error(String(error)));
    }
  };
  void tick();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
    },
  };
}
