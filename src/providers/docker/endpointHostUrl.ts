// Parses a Docker host string (setting, DOCKER_HOST, context) the way the Docker CLI reads it, and
// renders endpoints back as secret-free URLs for display.
import type { EndpointAddress } from './endpointTypes';

export type TcpScheme = 'tcp' | 'http' | 'https';

export type ParsedHost =
  | { scheme: 'unix'; socketPath: string }
  | { scheme: 'npipe'; pipePath: string }
  | { scheme: TcpScheme; host: string; port?: number }
  | { scheme: 'ssh'; host: string; port: number; username?: string };

/** `problem` completes the sentence `The <source> "<value>" …`. */
export type HostParseResult = { ok: true; host: ParsedHost } | { ok: false; problem: string };

const SUPPORTED_SCHEMES = 'unix://, npipe://, tcp://, http://, https:// or ssh://';
const SSH_DEFAULT_PORT = 22;

export function parseDockerHost(raw: string): HostParseResult {
  const value = raw.trim();
  // Like the Docker CLI, a host without a scheme is TCP; a bare absolute path is taken as a socket.
  if (value.startsWith('/')) return { ok: true, host: { scheme: 'unix', socketPath: value } };
  const normalized = value.includes('://') ? value : `tcp://${value}`;
  const separator = normalized.indexOf('://');
  const scheme = normalized.slice(0, separator).toLowerCase();
  const rest = normalized.slice(separator + 3);
  switch (scheme) {
    case 'unix':
      return rest ? { ok: true, host: { scheme, socketPath: rest } } : { ok: false, problem: 'has no socket path (e.g. unix:///var/run/docker.sock)' };
    case 'npipe':
      return rest ? { ok: true, host: { scheme, pipePath: rest } } : { ok: false, problem: 'has no pipe path (e.g. npipe:////./pipe/docker_engine)' };
    case 'tcp':
    case 'http':
    case 'https':
    case 'ssh':
      return parseNetworkHost(scheme, rest);
    default:
      return { ok: false, problem: `uses the unsupported scheme "${scheme}://" (use ${SUPPORTED_SCHEMES})` };
  }
}

function parseNetworkHost(scheme: TcpScheme | 'ssh', rest: string): HostParseResult {
  let url: URL;
  try {
    url = new URL(`${scheme}://${rest}`);
  } catch {
    return { ok: false, problem: 'is not a valid URL' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return { ok: false, problem: 'has no host name' };
  if (url.password) return { ok: false, problem: 'contains a password, which Docker endpoints do not accept (use an SSH key or agent)' };
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
    return { ok: false, problem: 'has a path, query or fragment after the host (give only host and port)' };
  }
  const port = url.port ? Number(url.port) : undefined;
  if (scheme === 'ssh') {
    let username: string | undefined;
    try {
      username = url.username ? decodeURIComponent(url.username) : undefined;
    } catch {
      // URL keeps a stray '%' as typed (ssh://%ff@host); decoding it throws URIError.
      return { ok: false, problem: 'has a user name with a malformed %-escape' };
    }
    return { ok: true, host: { scheme, host, port: port ?? SSH_DEFAULT_PORT, username } };
  }
  if (url.username) return { ok: false, problem: 'has a user name, which only ssh:// hosts accept' };
  return { ok: true, host: { scheme, host, port } };
}

/** Hides a password in `scheme://user:password@host`, for echoing what the user typed. */
export function redactHost(raw: string): string {
  return raw.trim().replace(/^([^:/?#]+:\/\/[^:@/?#]*):[^@/?#]*@/, '$1:***@');
}

export function displayAddress(address: EndpointAddress): string {
  switch (address.kind) {
    case 'socket':
      return `unix://${address.socketPath}`;
    case 'npipe':
      return `npipe://${address.pipePath}`;
    case 'tcp':
      return `tcp://${hostForUrl(address.host)}:${address.port}`;
    case 'ssh': {
      const user = address.username ? `${encodeURIComponent(address.username)}@` : '';
      const port = address.port === SSH_DEFAULT_PORT ? '' : `:${address.port}`;
      return `ssh://${user}${hostForUrl(address.host)}${port}`;
    }
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
