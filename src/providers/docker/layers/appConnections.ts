// How the container reaches out and is reached: published ports, mounts, networks.
import type { Fact } from '../../../shared/model';
import type { ContainerInspect, MountPoint, PortBinding } from '../contracts';
import { listFact, source } from './facts';

export function connectionFacts(container: ContainerInspect): Fact[] {
  return [
    listFact('ports', 'Ports', portLines(container.NetworkSettings.Ports), source.container('NetworkSettings.Ports')),
    listFact('mounts', 'Mounts', mountLines(container), source.container('Mounts, HostConfig.Tmpfs')),
    listFact('networks', 'Networks', networkLines(container), source.container('NetworkSettings.Networks')),
  ];
}

/** "0.0.0.0:8080→80/tcp"; a port exposed but not published says so. */
function portLines(ports: Record<string, PortBinding[] | null>): string[] {
  return Object.keys(ports)
    .sort(comparePorts)
    .flatMap((port) => {
      const bindings = ports[port];
      if (!bindings || bindings.length === 0) return [`${port} (exposed, not published)`];
      return bindings.map((binding) => `${hostAddress(binding.HostIp)}:${binding.HostPort ?? '?'}→${port}`);
    });
}

function hostAddress(ip: string | undefined): string {
  if (!ip) return '0.0.0.0';
  return ip.includes(':') ? `[${ip}]` : ip;
}

function comparePorts(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
}

/** "bind /srv/data→/data (ro)", "volume cache→/cache (rw)", "tmpfs→/run (size=1m)". */
function mountLines(container: ContainerInspect): string[] {
  const mounts = container.Mounts.map(describeMount);
  const tmpfs = Object.entries(container.HostConfig.Tmpfs).map(
    ([destination, options]) => `tmpfs→${destination}${options ? ` (${options})` : ''}`,
  );
  return [...mounts, ...tmpfs];
}

function describeMount(mount: MountPoint): string {
  const origin = mount.Type === 'volume' && mount.Name ? mount.Name : mount.Source ?? '';
  const access = mount.RW === false ? 'ro' : 'rw';
  return `${mount.Type ?? 'mount'} ${origin}→${mount.Destination ?? '?'} (${access})`;
}

function networkLines(container: ContainerInspect): string[] {
  return Object.entries(container.NetworkSettings.Networks).map(([name, endpoint]) => {
    const addresses = [endpoint.IPAddress, endpoint.GlobalIPv6Address].filter((address): address is string => Boolean(address));
    return addresses.length > 0 ? `${name} ${addresses.join(', ')}` : name;
  });
}
