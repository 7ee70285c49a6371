// Every container engine with a Docker-compatible API that this machine shows signs of, each to be
// its own root in the tree: the engine the Docker CLI would use, every other Docker context, the
// Podman sockets (rootful, rootless), the sockets of the desktop VMs (Colima, Lima, Rancher
// Desktop, OrbStack, Docker Desktop), and the engines the user added by hand. Pure: what it reads
// arrives through EndpointInput, so the rules are tested against files a test writes.
import { createHash } from 'crypto';
import { listDockerContexts, lookUpDockerContext } from './dockerContext';
import { resolveContextLookup, resolveDockerEndpoint, resolveHandAddedHost } from './endpoint';
import { pathApi } from './endpointPaths';
import type { EndpointInput, EndpointResolution } from './endpointTypes';
import { connectionAddress, connectionDisplay, readPodmanConnections } from './podman/connections';

/** The id of the engine the Docker CLI would use (setting, DOCKER_HOST, current context, default). */
export const PRIMARY_ENGINE_ID = 'docker';

export interface FoundEngine {
  /** Stable across runs while the engine stays where it is: tree ids and `<id>.enabled` use it. */
  id: string;
  /** The tree root's name: where the engine is (Docker, Podman (rootless), Colima (default)...). */
  label: string;
  resolution: EndpointResolution;
}

/** One entry of `workloadStacks.engines`: an engine added by hand, or (hidden) a found one hidden. */
export interface EngineSetting {
  host: string;
  name?: string;
  hidden?: boolean;
}

/** A socket a tool is known to put its engine behind, relative to the home directory or absolute. */
interface KnownSocket {
  id: string;
  label: string;
  path: (input: EndpointInput) => string | undefined;
}

const KNOWN_SOCKETS: readonly KnownSocket[] = [
  { id: 'podman', label: 'Podman', path: (input) => (input.platform === 'linux' ? '/run/podman/podman.sock' : undefined) },
  {
    id: 'podman-rootless',
    label: 'Podman (rootless)',
    path: (input) => (input.platform === 'linux' && input.env.XDG_RUNTIME_DIR ? pathApi(input.platform).join(input.env.XDG_RUNTIME_DIR, 'podman', 'podman.sock') : undefined),
  },
  { id: 'rancher-desktop', label: 'Rancher Desktop', path: (input) => home(input, '.rd', 'docker.sock') },
  { id: 'orbstack', label: 'OrbStack', path: (input) => home(input, '.orbstack', 'run', 'docker.sock') },
  { id: 'docker-desktop', label: 'Docker Desktop', path: (input) => (input.platform === 'linux' ? home(input, '.docker', 'desktop', 'docker.sock') : home(input, '.docker', 'run', 'docker.sock')) },
];

/** Tools with one engine socket per profile or instance, under a folder of the home directory. */
const PROFILE_SOCKETS = [
  { id: 'colima', label: 'Colima', dir: ['.colima'], socket: ['docker.sock'] },
  { id: 'lima', label: 'Lima', dir: ['.lima'], socket: ['sock', 'docker.sock'] },
] as const;

/** `look: false` (the setting workloadStacks.findEngines off): only the CLI's engine and the added ones. */
export function discoverEngines(input: EndpointInput, settings: readonly EngineSetting[] = [], { look = true }: { look?: boolean } = {}): FoundEngine[] {
  const found = look ? lookForEngines(input) : [];
  for (const entry of settings.filter((setting) => !setting.hidden)) {
    const resolution = resolveHandAddedHost(entry.host, input);
    // The address hashed: tree row ids begin with the source's id and a '/' there would split it.
    const id = `engine:${createHash('sha256').update(displayOf(resolution)).digest('hex').slice(0, 12)}`;
    found.push({ id, label: entry.name?.trim() || displayOf(resolution), resolution });
  }
  // The CLI's engine comes first. Shown when something names it, its socket exists, or nothing
  // else was found (then its row says where no engine was).
  const primary = resolveDockerEndpoint(input);
  const primaryNamed = !primary.ok || primary.endpoint.source.from !== 'default' || primary.endpoint.kind !== 'socket' || input.fs.exists(primary.endpoint.socketPath);
  const engines = primaryNamed || found.length === 0 ? [{ id: PRIMARY_ENGINE_ID, label: 'Docker', resolution: primary }, ...found] : found;
  const hidden = new Set(settings.filter((setting) => setting.hidden).map((setting) => displayOf(resolveHandAddedHost(setting.host, input))));
  return withoutRepeats(engines).filter((engine) => !hidden.has(displayOf(engine.resolution)));
}

/** The other Docker contexts, the Podman sockets and the desktop VMs' sockets that are there. */
function lookForEngines(input: EndpointInput): FoundEngine[] {
  const found: FoundEngine[] = [];
  const current = lookUpDockerContext(input);
  const currentContext = current.kind === 'context' ? current.context.name : undefined;
  for (const { name, lookup } of listDockerContexts(input)) {
    if (name === currentContext) continue;
    found.push({ id: `docker-context:${name}`, label: `Docker context ${name}`, resolution: resolveContextLookup(lookup, input) });
  }
  for (const known of KNOWN_SOCKETS) {
    const socketPath = known.path(input);
    if (socketPath && input.fs.exists(socketPath)) found.push({ id: known.id, label: known.label, resolution: socketResolution(socketPath, `${known.label}'s socket`) });
  }
  found.push(...podmanConnectionEngines(input));
  for (const tool of PROFILE_SOCKETS) {
    const paths = pathApi(input.platform);
    const dir = paths.join(input.homeDir, ...tool.dir);
    for (const profile of listDir(input, dir)) {
      const socketPath = paths.join(dir, profile, ...tool.socket);
      if (input.fs.exists(socketPath)) found.push({ id: `${tool.id}:${profile}`, label: `${tool.label} (${profile})`, resolution: socketResolution(socketPath, `${tool.label} instance ${profile}`) });
    }
  }
  return found;
}

function displayOf(resolution: EndpointResolution): string {
  return resolution.ok ? resolution.endpoint.display : resolution.display;
}

/** Two roots for one address would list the same containers twice: the first one found stays. */
function withoutRepeats(engines: readonly FoundEngine[]): FoundEngine[] {
  const seen = new Set<string>();
  const ids = new Set<string>();
  return engines.filter((engine) => {
    const key = engine.resolution.ok ? engine.resolution.endpoint.display : undefined;
    if ((key && seen.has(key)) || ids.has(engine.id)) return false;
    if (key) seen.add(key);
    ids.add(engine.id);
    return true;
  });
}

/** Each Podman connection (a machine's, or one added with `podman system connection add`) is a root. */
function podmanConnectionEngines(input: EndpointInput): FoundEngine[] {
  const read = readPodmanConnections(input);
  const engines = read.connections.map((connection): FoundEngine => {
    const id = `podman-connection:${connection.name}`;
    const label = connection.isMachine ? `Podman machine ${connection.name}` : `Podman connection ${connection.name}`;
    const address = connectionAddress(connection);
    if (!address.ok) {
      const diagnosis = { kind: 'context-broken' as const, message: `The Podman connection ${connection.name} in ${connection.file} cannot be used: ${address.problem}.`, hint: 'Correct it with podman system connection add (or remove it with podman system connection remove).' };
      return { id, label, resolution: { ok: false, diagnosis, display: connection.file } };
    }
    return { id, label, resolution: { ok: true, endpoint: { ...address.address, display: connectionDisplay(connection, address.address), source: { from: 'found', description: `Podman connection ${connection.name} (${connection.file})` } } } };
  });
  const broken = read.problems.map((problem, index): FoundEngine => ({
    id: `podman-connections:${index}`,
    label: 'Podman connections',
    resolution: { ok: false, diagnosis: { kind: 'context-broken', message: `Podman's connection file ${problem.file} ${problem.message}.`, hint: 'Fix or remove the file; podman system connection list reads the same one.' }, display: problem.file },
  }));
  return [...engines, ...broken];
}

function socketResolution(socketPath: string, description: string): EndpointResolution {
  const display = `unix://${socketPath}`;
  return { ok: true, endpoint: { kind: 'socket', socketPath, display, source: { from: 'found', description } } };
}

function listDir(input: EndpointInput, dir: string): string[] {
  try {
    return input.fs.listDir?.(dir) ?? [];
  } catch {
    return [];
  }
}

function home(input: EndpointInput, ...parts: string[]): string {
  return pathApi(input.platform).join(input.homeDir, ...parts);
}
