// Podman's own list of engines it can reach: `podman system connection` entries and the
// connections each Podman machine adds. Read from the files Podman keeps them in (never by running
// podman), so they are found the way Docker contexts are: Podman 5's podman-connections.json and
// Podman 4's [engine.service_destinations] tables of containers.conf, both next to each other in
// the user's containers config folder (/etc/containers for root, where Podman 4 writes them).
import { displayAddress, parseDockerHost } from '../endpointHostUrl';
import { nonEmpty, pathApi, tildify } from '../endpointPaths';
import type { EndpointAddress, EndpointInput } from '../endpointTypes';

export interface PodmanConnection {
  name: string;
  /** ssh://user@host:port/path/to/podman.sock, unix:///path, or tcp://host:port. */
  uri: string;
  identity?: string;
  isMachine: boolean;
  isDefault: boolean;
  /** The file it was read from, tildified, for rows that say where a broken one came from. */
  file: string;
}

export interface ConnectionsRead {
  connections: PodmanConnection[];
  /** Files that exist but could not be read or parsed: each becomes a row saying so. */
  problems: Array<{ file: string; message: string }>;
}

/** ssh://[user@]host[:port], then the remote socket's path. */
const SSH_URI = /^ssh:\/\/([^/]+)(\/.*)?$/;
/** A remote socket path is sent to the remote shell as one word: only plain path characters pass. */
const PLAIN_PATH = /^\/[A-Za-z0-9._/-]+$/;

function configDir(input: EndpointInput): string {
  const paths = pathApi(input.platform);
  if (input.platform === 'linux' && input.userName === 'root') return '/etc/containers';
  const xdg = nonEmpty(input.env.XDG_CONFIG_HOME);
  return paths.join(xdg ?? paths.join(input.homeDir, '.config'), 'containers');
}

export function readPodmanConnections(input: EndpointInput): ConnectionsRead {
  const dir = configDir(input);
  const paths = pathApi(input.platform);
  const jsonFile = nonEmpty(input.env.PODMAN_CONNECTIONS_CONF) ?? paths.join(dir, 'podman-connections.json');
  const result: ConnectionsRead = { connections: [], problems: [] };
  const read = (file: string): string | undefined => {
    try {
      return input.fs.readFile(file)?.toString('utf8');
    } catch (error) {
      result.problems.push({ file: tildify(file, input), message: `cannot be read (${(error as { code?: string }).code ?? String(error)})` });
      return undefined;
    }
  };
  const json = read(jsonFile);
  if (json !== undefined) {
    try {
      result.connections.push(...fromConnectionsJson(JSON.parse(json), tildify(jsonFile, input)));
    } catch (error) {
      result.problems.push({ file: tildify(jsonFile, input), message: `is not valid JSON (${(error as Error).message.split('\n')[0]})` });
    }
  }
  const confFile = paths.join(dir, 'containers.conf');
  const conf = read(confFile);
  if (conf !== undefined) {
    const known = new Set(result.connections.map((connection) => connection.name));
    // A name in podman-connections.json overrides the same name in containers.conf, as in Podman.
    result.connections.push(...fromContainersConf(conf, tildify(confFile, input)).filter((connection) => !known.has(connection.name)));
  }
  return result;
}

function fromConnectionsJson(parsed: unknown, file: string): PodmanConnection[] {
  const section = isObject(parsed) && isObject(parsed.Connection) ? parsed.Connection : {};
  const entries = isObject(section.Connections) ? Object.entries(section.Connections) : [];
  return entries.flatMap(([name, destination]) => {
    if (!isObject(destination) || typeof destination.URI !== 'string' || !name) return [];
    return [{
      name,
      uri: destination.URI,
      identity: typeof destination.Identity === 'string' && destination.Identity ? destination.Identity : undefined,
      isMachine: destination.IsMachine === true,
      isDefault: section.Default === name,
      file,
    }];
  });
}

/**
 * The two tables Podman 4 writes, read line by line (a TOML subset: `[engine]` with
 * `active_service = "..."`, `[engine.service_destinations.NAME]` with `uri` and `identity`).
 */
export function fromContainersConf(text: string, file: string): PodmanConnection[] {
  const destinations = new Map<string, { uri?: string; identity?: string; isMachine?: boolean }>();
  let table = '';
  let active: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      table = header[1].trim();
      continue;
    }
    const pair = /^([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(true|false))\s*(?:#.*)?$/.exec(line);
    if (!pair) continue;
    const [, key, text, flag] = pair;
    if (table === 'engine' && key === 'active_service') active = text;
    const destination = /^engine\.service_destinations\.(?:"([^"]+)"|([A-Za-z0-9_.-]+))$/.exec(table);
    if (!destination) continue;
    const name = destination[1] ?? destination[2];
    const entry = destinations.get(name) ?? {};
    if (key === 'uri' && text !== undefined) entry.uri = text;
    if (key === 'identity' && text !== undefined) entry.identity = text || undefined;
    if (key === 'is_machine' && flag !== undefined) entry.isMachine = flag === 'true';
    destinations.set(name, entry);
  }
  return [...destinations.entries()].flatMap(([name, entry]) =>
    entry.uri ? [{ name, uri: entry.uri, identity: entry.identity, isMachine: entry.isMachine ?? false, isDefault: active === name, file }] : [],
  );
}

/**
 * The connection as an address: ssh:// hosts run `podman --url unix://PATH system dial-stdio`
 * there (Podman's counterpart of `docker system dial-stdio`), with the connection's own key.
 */
export function connectionAddress(connection: PodmanConnection): { ok: true; address: EndpointAddress } | { ok: false; problem: string } {
  const ssh = SSH_URI.exec(connection.uri);
  if (!ssh) {
    const parsed = parseDockerHost(connection.uri);
    if (!parsed.ok) return { ok: false, problem: `its URI ${parsed.problem}` };
    const address: EndpointAddress | undefined =
      parsed.host.scheme === 'unix' ? { kind: 'socket', socketPath: parsed.host.socketPath } : parsed.host.scheme === 'tcp' ? { kind: 'tcp', host: parsed.host.host, port: parsed.host.port ?? 2375 } : undefined;
    if (address) return { ok: true, address };
    return { ok: false, problem: 'its URI is not ssh://, unix:// or tcp://' };
  }
  const parsed = parseDockerHost(`ssh://${ssh[1]}`);
  if (!parsed.ok || parsed.host.scheme !== 'ssh') return { ok: false, problem: `its URI ${parsed.ok ? 'is not an ssh:// host' : parsed.problem}` };
  const socketPath = ssh[2];
  if (socketPath !== undefined && !PLAIN_PATH.test(socketPath)) return { ok: false, problem: 'its socket path has characters other than letters, digits and ._/-' };
  const remoteCommand = ['podman', ...(socketPath ? ['--url', `unix://${socketPath}`] : []), 'system', 'dial-stdio'];
  const address: EndpointAddress = { kind: 'ssh', host: parsed.host.host, port: parsed.host.port, username: parsed.host.username, identityFile: connection.identity, remoteCommand };
  return { ok: true, address };
}

/** The socket path belongs in an ssh:// display: one host can serve a rootless and a rootful Podman. */
export function connectionDisplay(connection: PodmanConnection, address: EndpointAddress): string {
  const socketPath = address.kind === 'ssh' ? (SSH_URI.exec(connection.uri)?.[2] ?? '') : '';
  return `${displayAddress(address)}${socketPath}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
