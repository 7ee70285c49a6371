// One QMP session (and one guest agent session) per diagram: every query the stack needs, each
// failure kept as a sentence beside the answers that did come.
import { withGuestAgent } from './guestAgentClient';
import type { Result } from './jsonLineSocket';
import { withQmp, type QmpLimits, DEFAULT_QMP_LIMITS } from './qmpClient';
import {
  type GuestOsInfo,
  type QmpBlockDevice,
  type QmpStatus,
  toBlockDevices,
  toGuestOsInfo,
  toHostName,
  toKvm,
  toMachineType,
  toMemoryBytes,
  toName,
  toStatus,
  toVcpuCount,
  toVersion,
} from './qmpReplies';

export interface QmpFacts {
  status?: QmpStatus;
  name?: string;
  kvm?: { enabled: boolean; present: boolean };
  vcpus?: number;
  memory?: { base: number; plugged?: number };
  blocks?: QmpBlockDevice[];
  version?: string;
  /** Machine type from `qom-get /machine type`, e.g. pc-i440fx-7.2. */
  machine?: string;
  /** Raw `return` values by command, for the inspect document. */
  raw: Record<string, unknown>;
  /** Commands that failed, with why. */
  errors: string[];
}

export const QMP_QUERIES = ['query-status', 'query-name', 'query-kvm', 'query-cpus-fast', 'query-memory-size-summary', 'query-block', 'query-version'] as const;

/** The facts in a set of raw `return` values keyed by query (what readQmpFacts collected). */
export function toQmpFacts(raw: Record<string, unknown>, errors: string[], greetingVersion?: unknown): QmpFacts {
  return {
    raw,
    errors,
    status: toStatus(raw['query-status']),
    name: toName(raw['query-name']),
    kvm: toKvm(raw['query-kvm']),
    vcpus: toVcpuCount(raw['query-cpus-fast']),
    memory: toMemoryBytes(raw['query-memory-size-summary']),
    blocks: toBlockDevices(raw['query-block']),
    version: toVersion(raw['query-version']) ?? toVersion(greetingVersion),
    machine: toMachineType(raw[MACHINE_TYPE_QUERY]),
  };
}

const MACHINE_TYPE_QUERY = 'qom-get /machine type';

export async function readQmpFacts(socketPath: string, limits: QmpLimits = DEFAULT_QMP_LIMITS): Promise<Result<QmpFacts>> {
  return withQmp(
    socketPath,
    async (qmp) => {
      const raw: Record<string, unknown> = {};
      const errors: string[] = [];
      for (const query of QMP_QUERIES) {
        const reply = await qmp.execute(query);
        if (reply.ok) raw[query] = reply.value;
        else errors.push(reply.error);
      }
      const machine = await qmp.execute('qom-get', { path: '/machine', property: 'type' });
      if (machine.ok) raw[MACHINE_TYPE_QUERY] = machine.value;
      return toQmpFacts(raw, errors, qmp.greetingVersion);
    },
    limits,
  );
}

/** Only the run state: the one query a tree refresh makes, with tight limits. */
export async function readQmpStatus(socketPath: string, limits: QmpLimits): Promise<QmpStatus | undefined> {
  const result = await withQmp(socketPath, (qmp) => qmp.execute('query-status'), limits);
  return result.ok && result.value.ok ? toStatus(result.value.value) : undefined;
}

export interface GuestAgentFacts {
  os?: GuestOsInfo;
  hostName?: string;
  raw: Record<string, unknown>;
}

export async function readGuestAgentFacts(socketPath: string): Promise<Result<GuestAgentFacts>> {
  const result = await withGuestAgent(socketPath, async (agent) => {
    const facts: GuestAgentFacts = { raw: {} };
    const osInfo = await agent.execute('guest-get-osinfo');
    if (!osInfo.ok) return { ok: false as const, error: osInfo.error };
    facts.raw['guest-get-osinfo'] = osInfo.value;
    facts.os = toGuestOsInfo(osInfo.value);
    const hostName = await agent.execute('guest-get-host-name');
    if (hostName.ok) {
      facts.raw['guest-get-host-name'] = hostName.value;
      facts.hostName = toHostName(hostName.value);
    }
    return { ok: true as const, value: facts };
  });
  return result.ok ? result.value : result;
}
