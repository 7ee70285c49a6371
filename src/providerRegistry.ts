// Every workload source the extension knows, built once, and which of them the settings switch on.
// Order is the tree's order: this machine, the container engine, then the VM sources.
import type * as vscode from 'vscode';
import { DockerProvider } from './providers/docker/dockerProvider';
import { endpointInputFromProcess, resolveDockerEndpoint } from './providers/docker/endpoint';
import { HostProvider } from './providers/host/hostProvider';
import { hostHypervisorLayer } from './providers/host/hostStack';
import { DEFAULT_LIBVIRT_URIS, LibvirtProvider } from './providers/libvirt/libvirtProvider';
import type { Logger, WorkloadProvider } from './providers/provider';
import { QemuProvider } from './providers/qemu/qemuProvider';
import { createVmToolProviders } from './providers/vmtools';
import { readSettings } from './settings';

export interface ProviderRegistry {
  all: readonly WorkloadProvider[];
  docker: DockerProvider;
  /** The providers whose `workloadStacks.<id>.enabled` setting is on (all are, by default). */
  enabled(): WorkloadProvider[];
  providerOf(id: string): WorkloadProvider | undefined;
}

export function createProviderRegistry(log: Logger, configuration: () => vscode.WorkspaceConfiguration): ProviderRegistry {
  const host = new HostProvider();
  // What this machine runs on does not change while VS Code runs: read it once, on first need,
  // not again on every inspection of every local workload.
  let hostHypervisor: { layer: ReturnType<typeof hostHypervisorLayer> } | undefined;
  const localHostHypervisor = () => (hostHypervisor ??= { layer: hostHypervisorLayer(host.platform()) }).layer;
  const docker = new DockerProvider({
    resolveEndpoint: () => resolveDockerEndpoint(endpointInputFromProcess(readSettings().dockerHost)),
    timeoutMs: () => readSettings().requestTimeoutMs,
    log,
    localHostHypervisor,
  });
  const libvirt = new LibvirtProvider({
    uris: () => configuration().get<string[]>('libvirt.uris', [...DEFAULT_LIBVIRT_URIS]),
    timeoutMs: () => readSettings().requestTimeoutMs,
    log,
    localHostHypervisor,
  });
  // The tree's own safety poll re-lists VM tools while the view is visible.
  const vmTools = createVmToolProviders({ log, pollIntervalMs: 0, localHostHypervisor });
  const qemu = new QemuProvider({ log, localHostHypervisor, trustedUsers: () => readSettings().qemuTrustedUsers });
  const all: WorkloadProvider[] = [host, docker, libvirt, qemu, ...vmTools];
  return {
    all,
    docker,
    enabled: () => all.filter((provider) => configuration().get<boolean>(`${provider.id}.enabled`, true)),
    providerOf: (id) => all.find((provider) => provider.id === id),
  };
}
