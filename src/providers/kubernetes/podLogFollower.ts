// Follows the logs of every container of a pod across restarts. kubelet ends a container's log
// stream when the container stops, and kubectl's `logs -f` ends with it; here a watch on the pod
// says when the container runs again (its restartCount goes up) and the stream resumes where it
// left off. Lines come with kubelet's timestamps, so a resumed stream shows no line twice.
import type { Closeable, LogCallbacks } from '../provider';
import type { KubeClient } from './client';
import { parseWatchEvent } from './contracts';
import { parsePodRow, type PodRow } from './podContracts';

interface Follow {
  stream?: Closeable;
  restartCount: number;
  /** The newest line shown, as a sortable timestamp (nanoseconds kept). */
  last?: string;
  /** The same, as kubelet wrote it, for ?sinceTime=. */
  lastText?: string;
}

/** `2026-12-05T16:40:00.1234Z` as `2026-12-05T16:40:00.123400000Z`: timestamps of one length sort as text. */
export function sortableTimestamp(text: string): string | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return undefined;
  const [, seconds, fraction = '', zone] = match;
  const utc = zone === 'Z' ? `${seconds}Z` : new Date(`${seconds}${zone}`).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${utc.slice(0, -1)}.${fraction.padEnd(9, '0')}Z`;
}

export interface PodLogTarget {
  namespace: string;
  name: string;
  /** One container's logs; absent, every container's, each line marked with its container when there are several. */
  container?: string;
}

export function followPodLogs(client: KubeClient, target: PodLogTarget, callbacks: LogCallbacks, explain: (error: unknown) => string): Closeable {
  const follows = new Map<string, Follow>();
  const podPath = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods`;
  let closed = false;
  let watch: Closeable | undefined;
  let retry: NodeJS.Timeout | undefined;
  let several = false;
  let watchFailures = 0;

  const attach = (container: string, follow: Follow) => {
    follow.stream?.close();
    const query = new URLSearchParams({ container, follow: 'true', timestamps: 'true' });
    // The API server passes sinceTime on to kubelet in whole seconds: the lines of that second
    // come again and are dropped by their timestamps below.
    if (follow.lastText) query.set('sinceTime', follow.lastText);
    const prefix = several ? `[${container}] ` : '';
    const stream = client.streamLines(`${podPath}/${encodeURIComponent(target.name)}/log?${query}`, {
      onLine: (line) => {
        const space = line.indexOf(' ');
        const stamp = space > 0 ? sortableTimestamp(line.slice(0, space)) : undefined;
        if (stamp === undefined) return callbacks.onOutput(`${prefix}${line}\n`);
        if (follow.last !== undefined && stamp <= follow.last) return;
        follow.last = stamp;
        follow.lastText = line.slice(0, space);
        callbacks.onOutput(`${prefix}${line.slice(space + 1)}\n`);
      },
      onEnd: (error) => {
        if (closed || follow.stream !== stream) return;
        follow.stream = undefined;
        if (error) callbacks.onNotice(`Could not read the logs of container ${container}: ${explain(error)}`);
        else callbacks.onNotice(`Container ${container} stopped; waiting for it to start again.`);
      },
    });
    follow.stream = stream;
  };

  const update = (pod: PodRow) => {
    const containers = target.container ? [...pod.initContainers, ...pod.containers].filter((spec) => spec.name === target.container) : pod.containers;
    if (target.container && containers.length === 0 && follows.size === 0) {
      callbacks.onNotice(`The pod has no container ${target.container}.`);
      return stop();
    }
    several = containers.length > 1;
    const statuses = [...pod.initContainerStatuses, ...pod.containerStatuses];
    for (const spec of containers) {
      const status = statuses.find((entry) => entry.name === spec.name);
      const restartCount = status?.restartCount ?? 0;
      const started = status?.state?.kind === 'running' || status?.state?.kind === 'terminated' || restartCount > 0;
      let follow = follows.get(spec.name);
      if (!follow) {
        follow = { restartCount };
        follows.set(spec.name, follow);
        if (started) attach(spec.name, follow);
        else callbacks.onNotice(`Container ${spec.name} has not started yet; waiting for it.`);
        continue;
      }
      if (restartCount > follow.restartCount) {
        follow.restartCount = restartCount;
        callbacks.onNotice(`Container ${spec.name} restarted (restart ${restartCount}); following its new logs.`);
        attach(spec.name, follow);
      } else if (!follow.stream && status?.state?.kind === 'running') {
        attach(spec.name, follow);
      }
    }
  };

  const openWatch = () => {
    const query = new URLSearchParams({ watch: '1', fieldSelector: `metadata.name=${target.name}` });
    watch = client.watch(`${podPath}?${query}`, {
      onLine: (raw) => {
        const event = parseWatchEvent(raw);
        if (!event || closed) return;
        if (event.type === 'ERROR') return callbacks.onNotice(`The watch on the pod failed: ${event.message}`);
        if (event.type === 'BOOKMARK') return;
        if (event.type === 'DELETED') {
          callbacks.onNotice('The pod was deleted; its logs end here.');
          return stop();
        }
        watchFailures = 0;
        const parsed = parsePodRow(event.object);
        if (parsed.ok) update(parsed.value);
      },
      onEnd: (error) => {
        if (closed) return;
        // The server ends a watch after a while; a failure is said once and retried, slower each time.
        if (error && watchFailures++ === 0) callbacks.onNotice(`Lost the watch on the pod (${explain(error)}); trying again.`);
        retry = setTimeout(openWatch, Math.min(30_000, 1_000 * 2 ** Math.min(watchFailures, 5)));
      },
    });
  };

  const stop = () => {
    closed = true;
    clearTimeout(retry);
    watch?.close();
    for (const follow of follows.values()) follow.stream?.close();
  };

  openWatch();
  return { close: stop };
}
