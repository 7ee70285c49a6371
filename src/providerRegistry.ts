// Every workload source the extension knows, and which of them the settings switch on. Order is
// the tree's order: this machine, the container engines, then the VM sources. The engines are
// found again whenever the sources are asked for (settings changed, Refresh): an engine keeps its
// provider (and so its event stream) while it stays, a new one gets its own.
import type * as vscode from 'vscode';
import { DockerProvider } from './providers/docker/dockerProvider';
import { type EndpointResolution, endpointInputFromProcess } from './providers/docker/endpoint';
import { type FoundEngine, discoverEngines } from './providers/docker/engineDiscovery';
import { HostProvider } from './providers/host/hostProvider';
import { discoverClusters } from './providers/kubernetes/clusterDiscovery';
import { KubernetesProvider } from './providers/kubernetes/kubernetesProvider';
import { hostHypervisorLayer } from './providers/host/hostStack';
import { DEFAULT_LIBVIRT_URIS, LibvirtProvider } from './providers/libvirt/libvirtProvider';
import type { Logger, WorkloadProvider } from './providers/provider';
import { QemuProvider } from './providers/qemu/qemuProvider';
import { createVmToolProviders } from './providers/vmtools';
import { readSettings } from './settings';

export interface ProviderRegistry {
  /** The providers whose `workloadStacks.<id>.enabled` setting is on (all are, by default), engines found anew. */
  enabled(): WorkloadProvider[];
  providerOf(id: string): WorkloadProvider | undefined;
}

/**
 * `onClustersFound` is called when a search for clusters, which runs after the call that asked for
 * it (reading kubeconfig files loads the Kubernetes client: 75-85 ms, kept off activation), found
 * other clusters than the sources hold: the caller then asks for the sources again.
 */
export function createProviderRegistry(log: Logger, configuration: () => vscode.WorkspaceConfiguration, onClustersFound: () => void = () => undefined): ProviderRegistry {
  const host = new HostProvider();
  // What this machine runs on does not change while VS Code runs: read it once, on first need,
  // not again on every inspection of every local workload.
  let hostHypervisor: { layer: ReturnType<typeof hostHypervisorLayer> } | undefined;
  const localHostHypervisor = () => (hostHypervisor ??= { layer: hostHypervisorLayer(host.platform()) }).layer;
  const discover = (): FoundEngine[] => {
    const settings = readSettings();
    return discoverEngines(endpointInputFromProcess(settings.dockerHost), settings.engines, { look: settings.findEngines });
  };
  const engines = new Map<string, DockerProvider>();
  const engineFor = (engine: FoundEngine): DockerProvider => {
    let provider = engines.get(engine.id);
    if (!provider) {
      let last = engine.resolution;
      provider = new DockerProvider({
        id: engine.id,
        label: engine.label,
        // Read again on every (re)connect, as the settings and the files are now; an engine no
        // longer found keeps its last address until the sources are found again.
        resolveEndpoint: (): EndpointResolution => (last = discover().find((candidate) => candidate.id === engine.id)?.resolution ?? last),
        timeoutMs: () => readSettings().requestTimeoutMs,
        log,
        localHostHypervisor,
      });
      engines.set(engine.id, provider);
    }
    return provider;
  };
  const findEngines = (): DockerProvider[] => {
    const current = discover().map(engineFor);
    for (const id of [...engines.keys()]) if (!current.some((provider) => provider.id === id)) engines.delete(id);
    return current;
  };
  // Clusters, one root per kubeconfig context, found again with the engines; a context keeps its
  // provider (and its watches) while it stays. Its files are read again on a Retry (reconnect).
  const clusters = new Map<string, KubernetesProvider>();
  let clusterList: KubernetesProvider[] = [];
  let searching: NodeJS.Immediate | undefined;
  /** Set while the sources are asked for again because a search just found other clusters: no second search then. */
  let justSearched = false;
  /** The clusters found last; a search for them again runs right after this call. */
  const findClusters = (): KubernetesProvider[] => {
    if (justSearched) return clusterList;
    searching ??= setImmediate(() => {
      searching = undefined;
      const before = clusterList;
      try {
        clusterList = searchClusters();
      } catch (error) {
        log.warn(`Finding Kubernetes clusters failed: ${(error as Error).message}`);
        return;
      }
      if (clusterList.length === before.length && clusterList.every((provider, index) => provider === before[index])) return;
      justSearched = true;
      try {
        onClustersFound();
      } finally {
        justSearched = false;
      }
    });
    return clusterList;
  };
  const searchClusters = (): KubernetesProvider[] => {
    const settings = readSettings();
    const current = discoverClusters({ files: settings.kubeconfigs, look: settings.findEngines }).map((cluster) => {
      let provider = clusters.get(cluster.id);
      // The files changed under a context that stays (another server, other credentials): a new provider.
      if (!provider || JSON.stringify(provider.cluster) !== JSON.stringify(cluster)) {
        provider = new KubernetesProvider({ cluster, namespaces: () => readSettings().kubernetesNamespaces, groupBy: () => readSettings().kubernetesGroupBy, timeoutMs: () => readSettings().requestTimeoutMs, log });
        clusters.set(cluster.id, provider);
      }
      return provider;
    });
    for (const id of [...clusters.keys()]) if (!current.some((provider) => provider.id === id)) clusters.delete(id);
    return current;
  };
  const libvirt = new LibvirtProvider({
    uris: () => configuration().get<string[]>('libvirt.uris', [...DEFAULT_LIBVIRT_URIS]),
    timeoutMs: () => readSettings().requestTimeoutMs,
    log,
    localHostHypervisor,
  });
  // The tree's own safety poll re-lists VM tools while the view is visible.
  const vmTools = createVmToolProviders({ log, pollIntervalMs: 0, localHostHypervisor });
  const qemu = new QemuProvider({ log, localHostHypervisor, trustedUsers: () => readSettings().qemuTrustedUsers });
  const vmSources: WorkloadProvider[] = [libvirt, qemu, ...vmTools];
  return {
    enabled: () => [host, ...findEngines(), ...vmSources, ...findClusters()].filter((provider) => configuration().get<boolean>(`${provider.id}.enabled`, true)),
    providerOf: (id) => (id === host.id ? host : (engines.get(id) ?? clusters.get(id) ?? vmSources.find((provider) => provider.id === id))),
  };
}
