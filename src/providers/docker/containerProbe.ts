// The overhead probe inside a container, through the Engine API only: the binary goes in as a tar
// archive (no shell, no `docker cp`, no tools in the image needed), runs as an exec with an argv
// array, and deletes itself with its own `--remove`, so even an empty image is left as it was.
import type { InstalledProbe, ProbeAddress, ProbeTarget, ProvisioningResult } from '../probeTarget';
import { ProbeUnavailableError, probeDirName } from '../probeTarget';
import type { DockerClient } from './client';
import { parseContainerInspect, parseImageInspect } from './contracts';
import type { ContainerInspect, MountPoint } from './engineTypes';
import { tarOf } from './tarArchive';

const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
const PROBE_FILE = 'ws-probe';
/** Labels the lab's own short-lived containers carry, so a leftover can always be found. */
export const PROVISIONING_LABEL = 'workload-stacks.overhead';

/** Docker's platform words to `uname -m`. */
const MACHINE_OF_PLATFORM: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64', 'arm64/v8': 'aarch64' };

interface Placement {
  parent: string;
  notes: string[];
  /** The directory of the engine's machine behind `parent`, when it is a bind mount. */
  hostDirectory?: string;
}

/**
 * Where the probe can go: the container's own root filesystem when it is writable; with a
 * read-only root, a writable volume or bind mount (uploads into tmpfs mounts fail or vanish).
 */
export function choosePlacement(container: ContainerInspect): Placement | string {
  if (!container.HostConfig.ReadonlyRootfs) return { parent: '/', notes: ['file I/O on the container’s own root filesystem'] };
  const writable = (mount: MountPoint) => mount.RW === true && typeof mount.Destination === 'string' && mount.Destination.startsWith('/');
  const mount = container.Mounts.find((candidate) => writable(candidate) && candidate.Type === 'volume') ?? container.Mounts.find((candidate) => writable(candidate) && candidate.Type === 'bind');
  if (!mount?.Destination) {
    return (
      'Its root filesystem is read-only and it has no writable volume, so the probe cannot be copied in and nothing was measured ' +
      '(an upload into a tmpfs mount fails or is not visible inside). Mount a volume (e.g. -v lab:/data) to measure it through the volume.'
    );
  }
  return {
    parent: mount.Destination,
    notes: [`the root filesystem is read-only: the probe ran from the ${mount.Type} mounted at ${mount.Destination}, and file I/O was measured there`],
    ...(mount.Type === 'bind' && mount.Source ? { hostDirectory: mount.Source } : {}),
  };
}

/** The container's own address (a bridge network), or this machine's loopback when it shares its network. */
export function reachableAddressOf(container: ContainerInspect): ProbeAddress | { unreachable: string } {
  const mode = container.HostConfig.NetworkMode ?? '';
  if (mode === 'host') return { bind: '127.0.0.1', connect: '127.0.0.1', path: 'over loopback: the container shares this machine’s network' };
  for (const [network, settings] of Object.entries(container.NetworkSettings.Networks)) {
    if (settings.IPAddress) return { bind: settings.IPAddress, connect: settings.IPAddress, path: `on the network ${network}` };
  }
  return { unreachable: mode === 'none' ? 'it has no network (network mode none)' : 'it has no IPv4 address on any network' };
}

export function containerProbeTarget(client: DockerClient, containerId: string): ProbeTarget {
  const inspect = async (): Promise<ContainerInspect> => {
    const parsed = parseContainerInspect(await client.inspectContainer(containerId));
    if (!parsed.ok) throw new ProbeUnavailableError(`The engine's description of the container is unreadable: ${parsed.error}`);
    return parsed.value;
  };
  // Its image and networks stay as they are for the length of a measurement: read them once.
  // Whether it runs is read again when the probe goes in.
  let described: Promise<ContainerInspect> | undefined;
  const description = () => (described ??= inspect());
  return {
    architecture: async () => {
      const container = await description();
      const image = container.Image ? parseImageInspect(await client.inspectImage(container.Image)) : undefined;
      const platform = image?.ok ? image.value.Architecture : undefined;
      return (platform && MACHINE_OF_PLATFORM[platform]) ?? platform ?? 'x86_64';
    },
    install: async (probe) => {
      const container = await inspect();
      if (!container.State.Running || container.State.Paused) {
        throw new ProbeUnavailableError(`It is ${container.State.Paused ? 'paused' : container.State.Status ?? 'not running'}: the probe runs inside the container, so start it first.`);
      }
      const placement = choosePlacement(container);
      if (typeof placement === 'string') throw new ProbeUnavailableError(placement);
      const dirName = probeDirName();
      // 1777 like /tmp: the container's own user (often not root) writes its scratch files there.
      const tar = tarOf([{ name: dirName, mode: 0o1777 }, { name: `${dirName}/${PROBE_FILE}`, mode: 0o755, data: probe }]);
      await client.putArchive(containerId, placement.parent, tar);
      const dir = `${placement.parent.replace(/\/$/, '')}/${dirName}`;
      return containerInstalledProbe(client, containerId, dir, placement.notes);
    },
    placementNote: async () => {
      const placement = choosePlacement(await description());
      if (typeof placement === 'string' || !placement.hostDirectory) return undefined;
      return `its root file system is read-only, so the probe and its scratch files go into ${placement.parent}, which is the directory ${placement.hostDirectory} of the engine's machine, shared into the container`;
    },
    provision: async (probe, runs, signal) => timeContainerStarts(client, (await description()).Image, probe, runs, signal),
    reachableAddress: async () => reachableAddressOf(await description()),
  };
}

function containerInstalledProbe(client: DockerClient, containerId: string, dir: string, notes: string[]): InstalledProbe {
  const file = `${dir}/${PROBE_FILE}`;
  return {
    path: file,
    dir,
    notes,
    run: async (args, timeoutMs, signal) => {
      const result = await client.execCapture(containerId, [file, ...args], { workingDir: dir, timeoutMs, maxBytes: MAX_OUTPUT_BYTES, signal });
      const why = result.ended === 'timeout' ? `stopped waiting after ${timeoutMs} ms` : result.ended === 'cancelled' ? 'cancelled' : '';
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: [result.stderr.trim(), why].filter(Boolean).join('\n') };
    },
    remove: async () => {
      try {
        const result = await client.execCapture(containerId, [file, '--remove', file, dir], { timeoutMs: 10_000, maxBytes: 64 * 1024 });
        return result.exitCode === 0 ? undefined : `The probe could not remove ${dir} in the container: ${result.stderr.trim() || `exit ${result.exitCode}`}`;
      } catch (error) {
        return `The probe could not remove ${dir} in the container: ${(error as Error).message}`;
      }
    },
  };
}

/**
 * The "docker run IMAGE true" of provisioning: create a container from the workload's own image
 * whose entrypoint is the probe's no-op (put in before start, so any image works), start it, wait
 * for its exit. The upload between create and start is not counted. Each one is removed at once.
 */
async function timeContainerStarts(client: DockerClient, image: string | undefined, probe: Uint8Array, runs: number, signal?: AbortSignal): Promise<ProvisioningResult> {
  if (!image) throw new ProbeUnavailableError('The container’s image is unknown, so no container can be started from it.');
  const tar = tarOf([{ name: PROBE_FILE, mode: 0o755, data: probe }]);
  const runsMs: number[] = [];
  for (let run = 0; run < runs && !signal?.aborted; run++) {
    let id: string | undefined;
    try {
      const created = performance.now();
      id = await client.createContainer({
        Image: image,
        Entrypoint: [`/${PROBE_FILE}`],
        Cmd: ['--noop'],
        Labels: { [PROVISIONING_LABEL]: 'provisioning' },
        NetworkDisabled: true,
        HostConfig: { NetworkMode: 'none' },
      });
      const createMs = performance.now() - created;
      await client.putArchive(id, '/', tar);
      const started = performance.now();
      await client.containerAction(id, 'start');
      const exit = (await client.waitContainer(id, 60_000)) as { StatusCode?: unknown } | undefined;
      if (exit?.StatusCode !== 0) throw new ProbeUnavailableError(`A container started from its image exited with ${String(exit?.StatusCode)} instead of 0.`);
      runsMs.push(createMs + performance.now() - started);
    } finally {
      // With its anonymous volumes: an image that declares a VOLUME gets a fresh one per container.
      if (id) await client.removeOwnContainer(id).catch(() => undefined);
    }
  }
  return { what: `a container from the workload’s image ${image.slice(0, 19)} running the probe’s no-op (create, start, exit)`, runsMs };
}
