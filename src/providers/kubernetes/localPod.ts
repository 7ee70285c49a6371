// A pod whose node is this machine is also read where it runs. kubelet reports the node's
// /etc/machine-id as its machineID; when it is this machine's, the pod's containers are found by
// their container IDs in /proc/*/cgroup, and each one's namespaces are compared with the pod
// sandbox's (the pause process) and with this machine's (PID 1's, else the extension host's own
// where PID 1 may not be looked at); its cgroup says the limits
// kubelet set. Only files are read: nothing is run, no runtime socket is asked.
import * as fs from 'fs';

const NAMESPACES = ['net', 'ipc', 'uts', 'pid', 'mnt', 'cgroup', 'user'] as const;

export interface LocalContainer {
  name: string;
  pid: number;
  /** The container's cgroup (the memory controller's path on cgroup v1). */
  cgroup: string;
  memoryLimitBytes?: number;
  /** `25000/100000`: CPU time allowed per period, in microseconds. */
  cpuQuota?: string;
  /** Namespaces of its own, those it shares with the pod's sandbox, and those of this machine. */
  own: string[];
  withPod: string[];
  withHost: string[];
}

export interface LocalPod {
  sandboxPid?: number;
  containers: LocalContainer[];
  /** Containers the status names that run no process here (not started, exited). */
  notRunning: string[];
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

let machineId: string | undefined;
/** Whether kubelet's machineID for a node is this machine's /etc/machine-id. */
export function isThisMachine(nodeMachineId: string | undefined): boolean {
  machineId ??= readText('/etc/machine-id')?.trim() ?? '';
  return nodeMachineId !== undefined && machineId !== '' && nodeMachineId === machineId;
}

function namespaceOf(pid: number | 'self', kind: string): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/ns/${kind}`);
  } catch {
    return undefined;
  }
}

/** This machine's namespace of a kind: PID 1's, or where PID 1 may not be looked at (no ptrace access), this process's own. */
function hostNamespace(kind: string): string | undefined {
  return namespaceOf(1, kind) ?? namespaceOf('self', kind);
}

/** `4:memory:/kubepods/burstable/pod…/ID` (v1) or `0::/kubepods/…` (v2) → the path. */
function cgroupPath(cgroups: string, controller: 'memory' | 'cpu'): { path: string; v2: boolean } | undefined {
  for (const line of cgroups.split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (path === undefined) continue;
    if (controllers.split(',').includes(controller)) return { path, v2: false };
  }
  const unified = /^0::(.*)$/m.exec(cgroups);
  return unified ? { path: unified[1], v2: true } : undefined;
}

function memoryLimit(cgroups: string): number | undefined {
  const found = cgroupPath(cgroups, 'memory');
  if (!found) return undefined;
  const text = readText(found.v2 ? `/sys/fs/cgroup${found.path}/memory.max` : `/sys/fs/cgroup/memory${found.path}/memory.limit_in_bytes`)?.trim();
  const bytes = text === undefined || text === 'max' ? undefined : Number(text);
  // cgroup v1 says "no limit" with the largest page-aligned number.
  return bytes !== undefined && Number.isFinite(bytes) && bytes < 2 ** 62 ? bytes : undefined;
}

function cpuQuota(cgroups: string): string | undefined {
  const found = cgroupPath(cgroups, 'cpu');
  if (!found) return undefined;
  if (found.v2) {
    const [quota, period] = (readText(`/sys/fs/cgroup${found.path}/cpu.max`) ?? '').trim().split(' ');
    return quota && quota !== 'max' && period ? `${quota}/${period}` : undefined;
  }
  const quota = readText(`/sys/fs/cgroup/cpu${found.path}/cpu.cfs_quota_us`)?.trim();
  const period = readText(`/sys/fs/cgroup/cpu${found.path}/cpu.cfs_period_us`)?.trim();
  return quota && quota !== '-1' && period ? `${quota}/${period}` : undefined;
}

/**
 * Finds the processes of a pod on this machine: `containers` maps each container's name to its
 * runtime ID (`containerd://ID` without the scheme); `podUid` finds the sandbox's cgroup.
 */
export function readLocalPod(podUid: string, containers: ReadonlyMap<string, string>): LocalPod {
  const podMarks = [`pod${podUid}`, `pod${podUid.replace(/-/g, '_')}`];
  const first = new Map<string, { pid: number; cgroups: string }>();
  let sandbox: { pid: number; cgroups: string } | undefined;
  const ids = [...containers.values()];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cgroups = readText(`/proc/${entry}/cgroup`);
    if (!cgroups || !podMarks.some((mark) => cgroups.includes(mark))) continue;
    const pid = Number(entry);
    const id = ids.find((candidate) => cgroups.includes(candidate));
    if (id === undefined) {
      if (!sandbox || pid < sandbox.pid) sandbox = { pid, cgroups };
    } else if (!first.has(id) || pid < first.get(id)!.pid) first.set(id, { pid, cgroups });
  }
  const found: LocalContainer[] = [];
  const notRunning: string[] = [];
  const host = new Map(NAMESPACES.map((kind) => [kind, hostNamespace(kind)]));
  const pod = new Map(NAMESPACES.map((kind) => [kind, sandbox && namespaceOf(sandbox.pid, kind)]));
  for (const [name, id] of containers) {
    const process = first.get(id);
    if (!process) {
      notRunning.push(name);
      continue;
    }
    const own: string[] = [];
    const withPod: string[] = [];
    const withHost: string[] = [];
    for (const kind of NAMESPACES) {
      const mine = namespaceOf(process.pid, kind);
      if (mine === undefined) continue;
      if (mine === host.get(kind)) withHost.push(kind);
      else if (mine === pod.get(kind)) withPod.push(kind);
      else own.push(kind);
    }
    found.push({ name, pid: process.pid, cgroup: cgroupPath(process.cgroups, 'memory')?.path ?? '', memoryLimitBytes: memoryLimit(process.cgroups), cpuQuota: cpuQuota(process.cgroups), own, withPod, withHost });
  }
  return { sandboxPid: sandbox?.pid, containers: found, notRunning };
}
