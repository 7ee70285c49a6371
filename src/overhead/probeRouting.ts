// How the overhead probe reaches each workload: this machine directly, a VM the user named an SSH
// target for over SSH, anything else through its own provider (a container through its engine, a
// VM through its guest agent). A workload it cannot reach gets the reason instead of a target.
import * as os from 'os';
import type { WorkloadRef } from '../shared/model';
import { hostProbeTarget } from '../providers/host/hostProbe';
import { HOST_REF } from '../providers/host/hostStack';
import type { WorkloadProvider, WorkloadSummary } from '../providers/provider';
import { ProbeUnavailableError, type ProbeTarget } from '../providers/probeTarget';
import { parseSshDestination, sshProbeTarget } from '../providers/ssh/sshProbe';
import type { LabWorkload } from './overheadLab';

export interface ProbeRoutes {
  providerOf(id: string): WorkloadProvider | undefined;
  /** What the sources list now: the host row, and which VMs are off. */
  listedWorkloads(): readonly WorkloadSummary[];
  /** `workloadStacks.overhead.sshTargets`: VM name to `[user@]host[:port]`. */
  sshTargets(): Readonly<Record<string, string>>;
}

export interface PickedWorkload {
  ref: WorkloadRef;
  name: string;
}

function sameRef(a: WorkloadRef, b: WorkloadRef): boolean {
  return a.providerId === b.providerId && a.id === b.id;
}

export function probeTargetFor(routes: ProbeRoutes, ref: WorkloadRef, name?: string): ProbeTarget | Error {
  if (ref.kind === 'host') return routes.providerOf(ref.providerId)?.probeTarget?.(ref) ?? hostProbeTarget();
  const sshTargets = routes.sshTargets();
  const ssh = ref.kind === 'vm' && name !== undefined && Object.hasOwn(sshTargets, name) ? sshTargets[name] : undefined;
  if (ssh !== undefined) {
    const destination = parseSshDestination(ssh);
    return destination ? sshProbeTarget(destination) : new ProbeUnavailableError(`workloadStacks.overhead.sshTargets gives "${ssh}" for ${name}, which is not [user@]host[:port].`);
  }
  const provider = routes.providerOf(ref.providerId);
  if (!provider?.probeTarget) return new ProbeUnavailableError(`${provider?.label ?? ref.providerId} cannot run programs inside its workloads yet, so nothing was measured.`);
  try {
    return provider.probeTarget(ref);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** This machine first (every ratio divides by it), then the picked workloads in the order picked. */
export function labWorkloads(routes: ProbeRoutes, picked: readonly PickedWorkload[]): LabWorkload[] {
  const listed = routes.listedWorkloads();
  const hostRow = picked.find((target) => target.ref.kind === 'host') ?? listed.find((summary) => summary.ref.kind === 'host');
  const host: PickedWorkload = hostRow ? { ref: hostRow.ref, name: hostRow.name } : { ref: { ...HOST_REF }, name: os.hostname() || 'This machine' };
  const others = picked.filter((target) => target.ref.kind !== 'host' && !sameRef(target.ref, host.ref));
  const isOff = (ref: WorkloadRef) => ref.kind === 'vm' && listed.some((summary) => sameRef(summary.ref, ref) && summary.state === 'exited');
  return [host, ...others].map((target) => ({ ref: target.ref, name: target.name, kind: target.ref.kind, target: probeTargetFor(routes, target.ref, target.name), needsBoot: isOff(target.ref) }));
}

/** Whether the lab can boot this VM (its provider can start it and wait for its guest agent). */
export function canBoot(routes: ProbeRoutes, ref: WorkloadRef): boolean {
  const target = probeTargetFor(routes, ref);
  return !(target instanceof Error) && target.bootToReady !== undefined;
}
