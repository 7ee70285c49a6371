// Band 4: the container engine shared by every container: product, versions, drivers, runtimes.
import type { Fact, Layer } from '../../../shared/model';
import type { EngineInfo, EngineVersion, Parsed } from '../contracts';
import { fact, listFact, source, UNKNOWN, unavailableReason } from './facts';

const CONTAINERD_SNAPSHOTTER = 'io.containerd.snapshotter.v1';

export function engineLayer(infoResult: Parsed<EngineInfo>, versionResult: Parsed<EngineVersion>): Layer {
  const info = infoResult.ok ? infoResult.value : undefined;
  const version = versionResult.ok ? versionResult.value : undefined;
  const layer: Layer = {
    kind: 'engine',
    title: 'Container engine',
    facts: [
      engineName(version),
      engineVersion(info, version),
      fact('api-version', 'API version', version?.ApiVersion || versionProblem(versionResult), source.version('ApiVersion')),
      fact('storage-driver', 'Storage driver', info?.Driver || UNKNOWN, source.info('Driver')),
      imageStore(info),
      fact('cgroup-driver', 'Cgroup driver', info?.CgroupDriver || UNKNOWN, source.info('CgroupDriver')),
      fact('cgroup-version', 'Cgroup version', info?.CgroupVersion || `${UNKNOWN} (not reported by this engine)`, source.info('CgroupVersion')),
      fact('runtimes', 'Runtimes', info && info.Runtimes.length > 0 ? [...info.Runtimes].sort().join(', ') : UNKNOWN, source.info('Runtimes')),
      fact('default-runtime', 'Default runtime', info?.DefaultRuntime || UNKNOWN, source.info('DefaultRuntime')),
      componentVersion('containerd', 'containerd', version, info?.ContainerdCommitId, 'ContainerdCommit.ID'),
      componentVersion('runc', 'runc', version, info?.RuncCommitId, 'RuncCommit.ID'),
      listFact('security-options', 'Security options', info?.SecurityOptions ?? [], source.info('SecurityOptions'), info ? 'none' : UNKNOWN),
    ],
  };
  if (!infoResult.ok) layer.unavailable = unavailableReason('The engine info', 'GET /info', infoResult.error);
  return layer;
}

function engineName(version: EngineVersion | undefined): Fact {
  if (!version) return fact('engine-name', 'Engine', UNKNOWN, source.version('Platform.Name'));
  // Podman's Platform.Name is the OS and architecture (`linux/amd64/debian-12`), not a product:
  // its component list names it.
  const podman = version.Components.some((component) => component.Name === 'Podman Engine');
  const product = version.PlatformName && !/^[a-z0-9]+\/[a-z0-9_]+(\/|$)/.test(version.PlatformName) ? version.PlatformName : undefined;
  if (!podman && product) return fact('engine-name', 'Engine', product, source.version('Platform.Name'));
  return fact('engine-name', 'Engine', podman ? 'Podman Engine' : 'Docker Engine', source.version('Components[].Name'));
}

function engineVersion(info: EngineInfo | undefined, version: EngineVersion | undefined): Fact {
  if (version?.Version) return fact('engine-version', 'Engine version', version.Version, source.version('Version'));
  return fact('engine-version', 'Engine version', info?.ServerVersion || UNKNOWN, source.info('ServerVersion'));
}

/** Docker 24+ can keep images in containerd instead of its own graph driver. */
function imageStore(info: EngineInfo | undefined): Fact {
  const snapshotter = info?.DriverStatus.some(([name, value]) => name === 'driver-type' && value === CONTAINERD_SNAPSHOTTER);
  const value = !info ? UNKNOWN : snapshotter ? `containerd (${CONTAINERD_SNAPSHOTTER})` : 'classic (graph driver)';
  return fact('image-store', 'Image store', value, source.info('DriverStatus'));
}

/** /version names component versions; /info only has the commit, used when /version has none. */
function componentVersion(
  key: string,
  name: string,
  version: EngineVersion | undefined,
  commitFromInfo: string | undefined,
  infoField: string,
): Fact {
  const component = version?.Components.find((candidate) => candidate.Name.toLowerCase() === name);
  if (component?.Version) return fact(key, name, component.Version, source.version(`Components[${component.Name}].Version`));
  return fact(key, name, commitFromInfo ?? UNKNOWN, source.info(infoField));
}

function versionProblem(versionResult: Parsed<EngineVersion>): string {
  return versionResult.ok ? UNKNOWN : `${UNKNOWN} (GET /version failed: ${versionResult.error})`;
}
