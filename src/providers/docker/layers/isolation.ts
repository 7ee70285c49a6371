// Band 5: what separates this container from the others and from the host: runtime,
// namespaces, cgroup limits, capabilities and security profiles.
import type { Fact, Layer } from '../../../shared/model';
import type { ContainerInspect, EngineInfo, Parsed } from '../contracts';
import { shortId } from '../format';
import { fact, source, UNKNOWN } from './facts';
import { resourceLimitFacts } from './resourceLimits';
import { securityProfileFacts } from './securityProfiles';

export function isolationLayer(container: ContainerInspect, infoResult: Parsed<EngineInfo>): Layer {
  const host = container.HostConfig;
  const info = infoResult.ok ? infoResult.value : undefined;
  return {
    kind: 'isolation',
    title: 'Isolation',
    facts: [
      runtime(container, info),
      fact('pid-mode', 'PID namespace', namespaceMode(host.PidMode, 'private (default)'), source.container('HostConfig.PidMode')),
      fact('network-mode', 'Network namespace', networkMode(host.NetworkMode), source.container('HostConfig.NetworkMode')),
      fact('ipc-mode', 'IPC namespace', namespaceMode(host.IpcMode, 'private (default)'), source.container('HostConfig.IpcMode')),
      fact('uts-mode', 'UTS namespace', namespaceMode(host.UTSMode, 'private (default)'), source.container('HostConfig.UTSMode')),
      fact('userns-mode', 'User namespace', namespaceMode(host.UsernsMode, usernsDefault(info)), source.container('HostConfig.UsernsMode')),
      fact('cgroupns-mode', 'Cgroup namespace', namespaceMode(host.CgroupnsMode, 'engine default'), source.container('HostConfig.CgroupnsMode')),
      ...resourceLimitFacts(host),
      fact('cap-add', 'Capabilities added', host.CapAdd.length > 0 ? host.CapAdd.join(', ') : 'none', source.container('HostConfig.CapAdd')),
      fact('cap-drop', 'Capabilities dropped', host.CapDrop.length > 0 ? host.CapDrop.join(', ') : 'none', source.container('HostConfig.CapDrop')),
      fact('privileged', 'Privileged', host.Privileged ? 'yes' : 'no', source.container('HostConfig.Privileged')),
      ...securityProfileFacts(container, info),
      fact('read-only-rootfs', 'Read-only root filesystem', host.ReadonlyRootfs ? 'yes' : 'no', source.container('HostConfig.ReadonlyRootfs')),
      fact('init', 'Init process', host.Init ? 'yes (docker-init is PID 1)' : 'no', source.container('HostConfig.Init')),
      fact('user', 'User', container.Config.User || 'root (default)', source.container('Config.User')),
    ],
  };
}

function runtime(container: ContainerInspect, info: EngineInfo | undefined): Fact {
  if (container.HostConfig.Runtime) return fact('runtime', 'Runtime', container.HostConfig.Runtime, source.container('HostConfig.Runtime'));
  const fallback = info?.DefaultRuntime ? `${info.DefaultRuntime} (engine default)` : UNKNOWN;
  return fact('runtime', 'Runtime', fallback, source.info('DefaultRuntime'));
}

/** An empty mode is the engine's default; `container:<id>` joins another container's namespace. */
function namespaceMode(mode: string | undefined, emptyMeans: string): string {
  if (!mode) return emptyMeans;
  if (mode === 'host') return "host (shares the host's namespace)";
  if (mode.startsWith('container:')) return `shared with container ${shortId(mode.slice('container:'.length))}`;
  return mode;
}

function networkMode(mode: string | undefined): string {
  if (!mode || mode === 'default') return 'bridge (default)';
  return namespaceMode(mode, 'bridge (default)');
}

/** Without daemon-wide userns-remap, container root is host root unless the container says otherwise. */
function usernsDefault(info: EngineInfo | undefined): string {
  if (!info) return 'engine default';
  const names = info.SecurityOptions.flatMap((option) => option.split(','));
  if (names.includes('name=rootless')) return "the rootless engine's own (default)";
  return names.includes('name=userns') ? 'remapped (engine default)' : 'host (default: no remapping)';
}
