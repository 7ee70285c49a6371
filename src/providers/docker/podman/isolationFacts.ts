// Band 5 on a Podman engine: what the compatible inspect cannot say. The OCI runtime (it says
// `oci`), the pod and what its members share through the infra container, and how the engine
// itself isolates: rootless or not, whose UIDs container root maps to, which network helper.
import type { Fact } from '../../../shared/model';
import type { ContainerInspect, Parsed } from '../contracts';
import { shortId } from '../format';
import { parseLibpodContainer, parseLibpodInfo, parsePodInspect, type IdMapping, type LibpodContainer, type LibpodHost, type PodInspect } from './contracts';
import type { PodmanInspection } from './inspection';
import { parseUnlessFailed } from '../jsonFields';
import { fact, source, unavailableReason } from '../layers/facts';

const NAMESPACE_FACTS: ReadonlyArray<{ key: string; mode: (container: ContainerInspect) => string | undefined; field: string }> = [
  { key: 'network-mode', mode: (c) => c.HostConfig.NetworkMode, field: 'HostConfig.NetworkMode' },
  { key: 'ipc-mode', mode: (c) => c.HostConfig.IpcMode, field: 'HostConfig.IpcMode' },
  { key: 'uts-mode', mode: (c) => c.HostConfig.UTSMode, field: 'HostConfig.UTSMode' },
  { key: 'pid-mode', mode: (c) => c.HostConfig.PidMode, field: 'HostConfig.PidMode' },
];

/** The isolation band's facts with Podman's answers in place of the compatible API's, and its own added. */
export function withPodmanIsolation(facts: readonly Fact[], container: ContainerInspect, inspection: PodmanInspection): Fact[] {
  const own = parseUnlessFailed(inspection.container, parseLibpodContainer);
  const host = parseUnlessFailed(inspection.host, parseLibpodInfo);
  const pod = inspection.pod === undefined ? undefined : parseUnlessFailed(inspection.pod, parsePodInspect);
  const infra = inspection.infra === undefined ? undefined : parseUnlessFailed(inspection.infra, parseLibpodContainer);
  const replaced = new Map<string, Fact>();
  replaced.set('runtime', runtimeFact(own));
  if (pod?.ok) {
    for (const namespace of NAMESPACE_FACTS) {
      const shared = sharedWithInfra(namespace.mode(container), pod.value, infra?.ok ? infra.value : undefined, namespace.key === 'network-mode');
      if (shared) replaced.set(namespace.key, fact(namespace.key, labelOf(facts, namespace.key), shared, source.container(namespace.field)));
    }
  }
  const userns = usernsFact(container, host);
  if (userns) replaced.set('userns-mode', userns);
  const added = [...(pod ? [podFact(pod, own)] : []), rootlessFact(host), networkingFact(host)];
  const merged = facts.map((existing) => replaced.get(existing.key) ?? existing);
  const runtimeIndex = merged.findIndex((existing) => existing.key === 'runtime');
  merged.splice(runtimeIndex + 1, 0, ...added);
  return merged;
}

/** Just the name, as Docker's inspect gives it, so a compare across engines lines up. */
function runtimeFact(own: Parsed<LibpodContainer>): Fact {
  const where = source.libpod('containers/{id}/json', 'OCIRuntime');
  if (!own.ok) return fact('runtime', 'Runtime', unavailableReason('The OCI runtime', 'GET /libpod/containers/{id}/json', own.error), where);
  return fact('runtime', 'Runtime', own.value.ociRuntime ?? 'unknown (Podman did not name it)', where);
}

/** `container:<infra id>` is the pod's sharing, said as such; any other mode keeps the generic words. */
function sharedWithInfra(mode: string | undefined, pod: PodInspect, infra: LibpodContainer | undefined, isNetwork: boolean): string | undefined {
  if (!mode?.startsWith('container:') || !pod.infraId || mode.slice('container:'.length) !== pod.infraId) return undefined;
  const network = isNetwork && infra?.networkMode ? `; the pod's network: ${infra.networkMode}` : '';
  return `shared with pod ${pod.name} (its infra container ${shortId(pod.infraId)})${network}`;
}

function podFact(pod: Parsed<PodInspect>, own: Parsed<LibpodContainer>): Fact {
  const where = source.libpod('pods/{id}/json', 'Name, SharedNamespaces, InfraContainerID');
  if (!pod.ok) return fact('pod', 'Pod', unavailableReason('The pod', 'GET /libpod/pods/{id}/json', pod.error), where);
  const { name, sharedNamespaces, containerCount, infraId } = pod.value;
  const shared = sharedNamespaces.length > 0 ? sharedNamespaces.join(', ') : 'no';
  const members = containerCount !== undefined ? `${containerCount} containers` : 'its containers';
  if (own.ok && own.value.isInfra) return fact('pod', 'Pod', `${name}: this is its infra container, holding the ${shared} namespaces ${members} share`, where);
  const through = infraId ? ` through its infra container ${shortId(infraId)}` : '';
  return fact('pod', 'Pod', `${name}: shares ${shared} namespaces with ${members}${through}`, where);
}

function rootlessFact(host: Parsed<LibpodHost>): Fact {
  const where = source.libpod('info', 'host.security.rootless');
  if (!host.ok || host.value.rootless === undefined) return fact('rootless', 'Rootless engine', host.ok ? 'unknown' : unavailableReason('The engine', 'GET /libpod/info', host.error), where);
  return fact('rootless', 'Rootless engine', host.value.rootless ? 'yes: the engine runs as an ordinary user' : 'no: the engine runs as root', where);
}

/** Only an empty mode is the engine's default, which is where a rootless engine's own mapping applies. */
function usernsFact(container: ContainerInspect, host: Parsed<LibpodHost>): Fact | undefined {
  if (container.HostConfig.UsernsMode || !host.ok || host.value.rootless === undefined) return undefined;
  const where = source.libpod('info', 'host.idMappings.uidmap');
  // Docker's words for the same thing, so that a compare across engines does not see a difference.
  if (!host.value.rootless) return fact('userns-mode', 'User namespace', 'host (default: no remapping)', where);
  return fact('userns-mode', 'User namespace', `the rootless engine's: ${describeUidMap(host.value.uidMap)}`, where);
}

/** "container root = host UID 1000; container UIDs 1-65536 = host 100000-165535". */
export function describeUidMap(mappings: readonly IdMapping[]): string {
  if (mappings.length === 0) return 'mapping not reported';
  return mappings
    .map(({ containerId, hostId, size }) => {
      if (size === 1) return containerId === 0 ? `container root = host UID ${hostId}` : `container UID ${containerId} = host UID ${hostId}`;
      return `container UIDs ${containerId}-${containerId + size - 1} = host ${hostId}-${hostId + size - 1}`;
    })
    .join('; ');
}

function networkingFact(host: Parsed<LibpodHost>): Fact {
  const where = source.libpod('info', 'host.networkBackend, host.slirp4netns, host.pasta');
  if (!host.ok) return fact('networking', 'Networking', unavailableReason('The network backend', 'GET /libpod/info', host.error), where);
  const { networkBackend, slirp4netnsVersion, pastaVersion } = host.value;
  const helpers = [slirp4netnsVersion && `slirp4netns (${slirp4netnsVersion})`, pastaVersion && `pasta (${pastaVersion})`].filter(Boolean);
  const userMode = helpers.length > 0 ? `; user-mode networking: ${helpers.join(', ')}` : '';
  return fact('networking', 'Networking', `${networkBackend ?? 'unknown backend'}${userMode}`, where);
}

function labelOf(facts: readonly Fact[], key: string): string {
  return facts.find((existing) => existing.key === key)?.label ?? key;
}
