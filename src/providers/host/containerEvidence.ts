// Container clues, for and against. Marker files are weak (this Firecracker VM has a /.dockerenv);
// cgroup paths and an overlay root are stronger; a whole block device mounted as / and visible
// firmware tables argue that this kernel's view is the machine's own.
import { type Clue, clue, cleanValue, container, type ContainerName, infoOnly, notContainer, textValue } from './evidence';
import type { HostSources } from './hostFiles';

const MOUNTINFO = '/proc/self/mountinfo';

/** Path fragments container managers put in cgroup paths, strongest first. */
const CGROUP_MARKERS: { pattern: RegExp; name: ContainerName }[] = [
  { pattern: /kubepods/, name: 'Kubernetes' },
  { pattern: /libpod/, name: 'Podman' },
  { pattern: /(^|\/)docker[-/.]/, name: 'Docker' },
  { pattern: /containerd/, name: 'containerd' },
  { pattern: /(^|\/)lxc([./]|\.payload)/, name: 'LXC' },
  { pattern: /machine-[^/]*\.scope/, name: 'systemd-nspawn' },
];

const MANAGER_NAMES = new Map<string, ContainerName>([
  ['docker', 'Docker'],
  ['podman', 'Podman'],
  ['lxc', 'LXC'],
  ['lxc-libvirt', 'LXC'],
  ['systemd-nspawn', 'systemd-nspawn'],
]);

/** Init systems that run as PID 1 of a whole machine (and of system containers, which have other markers). */
const INIT_SYSTEMS = new Set(['systemd', 'init', 'openrc-init', 'runit', 'runit-init', 's6-svscan', 'upstart', 'launchd']);
/** Minimal inits container engines inject. */
const CONTAINER_INITS = new Map<string, ContainerName>([
  ['docker-init', 'Docker'],
  ['catatonit', 'Podman'],
  ['tini', 'a container'],
  ['dumb-init', 'a container'],
]);

export function cgroupEvidence(cgroup: string | undefined, source: string): Clue[] {
  if (cgroup === undefined || cgroup.trim() === '') return [];
  const lines = cgroup.split('\n').filter((line) => line.includes(':'));
  const paths = lines.map((line) => line.split(':').slice(2).join(':'));
  for (const marker of CGROUP_MARKERS) {
    const path = paths.find((p) => marker.pattern.test(p));
    if (path) return [clue('cgroup path', cleanValue(path), source, container(marker.name), 3)];
  }
  const v1Lines = lines.filter((line) => !line.startsWith('0::'));
  if (v1Lines.length > 0 && paths.every((p) => p === '/')) {
    return [clue('cgroup path', 'every hierarchy at /', source, notContainer, 1)];
  }
  // Under cgroup v2 a cgroup namespace shows "/" inside containers too: that tells nothing.
  return [clue('cgroup path', cleanValue(paths.join(' ')), source, infoOnly, 0)];
}

export interface RootMount {
  root: string;
  fsType: string;
  source: string;
}

/** The mount at "/" in mountinfo (the last one: later mounts cover earlier ones). */
export function parseRootMount(mountinfo: string | undefined): RootMount | undefined {
  let found: RootMount | undefined;
  for (const line of (mountinfo ?? '').split('\n')) {
    const [before, after] = line.split(' - ');
    if (after === undefined) continue;
    const fields = before.split(' ');
    const [fsType, source] = after.split(' ');
    if (fields[4] === '/' && fsType) found = { root: fields[3] ?? '', fsType, source: source ?? '' };
  }
  return found;
}

export function rootMountEvidence(mount: RootMount | undefined): Clue[] {
  if (!mount) return [];
  const value = cleanValue(`${mount.fsType} from ${mount.source}${mount.root === '/' ? '' : ` (${mount.root})`}`);
  if (/^(overlay|aufs|fuse-overlayfs)$/.test(mount.fsType)) return [clue('Root filesystem', value, MOUNTINFO, container('a container'), 2)];
  if (mount.source.startsWith('/dev/') && mount.root === '/' && !/docker/.test(mount.source)) {
    return [clue('Root filesystem', value, MOUNTINFO, notContainer, 2)];
  }
  return [clue('Root filesystem', value, MOUNTINFO, infoOnly, 0)];
}

export function pid1Evidence(comm: string | undefined): Clue[] {
  const name = textValue(comm);
  if (!name) return [];
  if (INIT_SYSTEMS.has(name)) return [clue('PID 1', name, '/proc/1/comm', notContainer, 1)];
  const engine = CONTAINER_INITS.get(name);
  if (engine) return [clue('PID 1', name, '/proc/1/comm', container(engine), 2)];
  return [clue('PID 1', `${name} (not an init system)`, '/proc/1/comm', container('a container'), 1)];
}

export function collectContainerEvidence(sources: HostSources): Clue[] {
  const { files, env } = sources;
  const clues: Clue[] = [];
  if (files.exists('/.dockerenv')) clues.push(clue('Marker file', '/.dockerenv exists', '/.dockerenv', container('Docker'), 1));
  if (files.exists('/run/.containerenv')) clues.push(clue('Marker file', '/run/.containerenv exists', '/run/.containerenv', container('Podman'), 2));
  const manager = textValue(files.readText('/run/systemd/container'));
  if (manager) clues.push(clue('systemd container marker', manager, '/run/systemd/container', container(MANAGER_NAMES.get(manager) ?? 'a container'), 2));
  const containerVariable = textValue(env('container'));
  if (containerVariable) {
    const name = MANAGER_NAMES.get(containerVariable) ?? 'a container';
    clues.push(clue('Environment', `container=${containerVariable}`, 'process environment', container(name), 1));
  }
  const pid1Cgroup = cgroupEvidence(files.readText('/proc/1/cgroup'), '/proc/1/cgroup');
  clues.push(...(pid1Cgroup.length > 0 ? pid1Cgroup : cgroupEvidence(files.readText('/proc/self/cgroup'), '/proc/self/cgroup')));
  clues.push(...rootMountEvidence(parseRootMount(files.readText(MOUNTINFO))));
  clues.push(...pid1Evidence(files.readText('/proc/1/comm')));
  // Docker and Podman mask /sys/firmware: seeing the firmware tables means no such mask.
  if (files.list('/sys/firmware/acpi/tables').length > 0) {
    clues.push(clue('Firmware tables', 'visible', '/sys/firmware/acpi/tables', notContainer, 1));
  }
  return clues;
}
