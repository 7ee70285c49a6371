// The extension's settings, read in one place with their defaults and bounds.
import * as vscode from 'vscode';
import type { EngineSetting } from './providers/docker/engineDiscovery';

const SECTION = 'workloadStacks';

export interface Settings {
  dockerHost: string | undefined;
  /** Engines added by hand, and found ones hidden (`hidden: true`). */
  engines: EngineSetting[];
  /** Look for engines by themselves (contexts, Podman, desktop VMs); off, only the CLI's and the added ones. */
  findEngines: boolean;
  requestTimeoutMs: number;
  pollIntervalMs: number;
  /** Tree clicks show diagrams in one reused tab. */
  reuseDiagramTab: boolean;
  /** Kubeconfig files read besides KUBECONFIG or ~/.kube/config (those only while findEngines is on). */
  kubeconfigs: string[];
  /** Namespaces whose pods are listed; empty: every namespace RBAC allows. */
  kubernetesNamespaces: string[];
  /** What a cluster's pods are grouped under in the tree. */
  kubernetesGroupBy: 'node' | 'namespace';
  /** Users besides this one whose QEMU processes are listed. */
  qemuTrustedUsers: string[];
  /** The disk the image analyses kept per image ID may take before the least recently used go. */
  imageCacheMegabytes: number;
  /** The overhead lab: runs per metric, milliseconds per run, fresh starts timed for provisioning. */
  overhead: { runs: number; runMs: number; provisioningRuns: number; sshTargets: Record<string, string> };
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const host = config.get<string>('docker.host', '').trim();
  return {
    dockerHost: host || undefined,
    engines: engineSettings(config.get<unknown>('engines', [])),
    findEngines: config.get<boolean>('findEngines', true) !== false,
    requestTimeoutMs: clamp(config.get<number>('docker.requestTimeoutSeconds', 10), 1, 300) * 1000,
    pollIntervalMs: clamp(config.get<number>('refresh.safetyPollSeconds', 60), 10, 3600) * 1000,
    reuseDiagramTab: config.get<boolean>('diagram.reuseTab', true) !== false,
    qemuTrustedUsers: stringList(config.get<unknown>('qemu.trustedUsers', [])),
    kubeconfigs: stringList(config.get<unknown>('kubernetes.kubeconfigs', [])).map((file) => file.trim()).filter(Boolean),
    kubernetesGroupBy: config.get<string>('kubernetes.groupBy', 'node') === 'namespace' ? 'namespace' : 'node',
    kubernetesNamespaces: stringList(config.get<unknown>('kubernetes.namespaces', [])).map((name) => name.trim()).filter(Boolean),
    imageCacheMegabytes: clamp(config.get<number>('images.cacheMegabytes', 256), 0, 16384),
    overhead: {
      runs: Math.round(clamp(config.get<number>('overhead.runs', 3), 1, 15)),
      runMs: Math.round(clamp(config.get<number>('overhead.runMilliseconds', 200), 20, 5000)),
      provisioningRuns: Math.round(clamp(config.get<number>('overhead.provisioningRuns', 3), 0, 10)),
      sshTargets: stringRecord(config.get<unknown>('overhead.sshTargets', {})),
    },
  };
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION);
}

/** Only the string values of a settings object (a hand-edited settings.json may hold anything). */
function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The well-formed entries of workloadStacks.engines: a host string, an optional name, an optional hidden flag. */
function engineSettings(value: unknown): EngineSetting[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): EngineSetting[] => {
    if (typeof entry === 'string') return entry.trim() ? [{ host: entry.trim() }] : [];
    if (typeof entry !== 'object' || entry === null || typeof (entry as { host?: unknown }).host !== 'string') return [];
    const { host, name, hidden } = entry as { host: string; name?: unknown; hidden?: unknown };
    if (!host.trim()) return [];
    return [{ host: host.trim(), ...(typeof name === 'string' && name.trim() ? { name: name.trim().slice(0, 80) } : {}), ...(hidden === true ? { hidden: true } : {}) }];
  });
}

/** Only the strings of a settings array. */
function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
