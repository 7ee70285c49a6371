// Turns a failed engine call into a Diagnosis: one sentence of what is wrong, one of what to do.
// Matches on what Node (net, tls, fs), docker-modem (statusCode, json) and the system ssh (its
// stderr) really put on their errors; see diagnoseFacts.ts. Never echoes file contents or passwords.
import type { Diagnosis } from '../provider';
import { type ErrorFacts, errorFacts } from './diagnoseFacts';
import { diagnoseHttpStatus } from './diagnoseHttp';
import { diagnoseSsh } from './diagnoseSsh';
import { diagnoseTls } from './diagnoseTls';

/** The parts of a DockerEndpoint the diagnosis reads. */
export interface DiagnosedEndpoint {
  display: string;
  kind: string;
  tls?: unknown;
}

const SETTING = 'workloadStacks.docker.host';

export function diagnoseDockerError(error: unknown, endpoint: DiagnosedEndpoint): Diagnosis {
  const facts = errorFacts(error);
  const display = endpoint.display;
  if (facts.code === 'EBODYTOOLARGE') {
    return {
      kind: 'too-large',
      message: facts.message,
      hint: 'Something answers on this endpoint that is not a well-behaved Docker engine, or the engine holds containers with enormous labels; check it with docker ps.',
    };
  }
  return (
    diagnoseTimeout(facts, endpoint) ??
    diagnoseHttpStatus(facts, display) ??
    (endpoint.kind === 'ssh' ? diagnoseSsh(facts, display) : undefined) ??
    diagnoseTls(facts, display) ??
    diagnoseFile(facts) ??
    diagnoseOtherProtocol(facts, endpoint) ??
    diagnoseConnection(facts, endpoint) ?? {
      kind: 'unknown',
      message: `Talking to the engine at ${display} failed: ${facts.message}${facts.code && !facts.message.includes(facts.code) ? ` (${facts.code})` : ''}.`,
      hint: 'Retry; if it keeps failing, the "Workload Stacks" output channel shows each call and its error.',
    }
  );
}

function diagnoseTimeout(facts: ErrorFacts, endpoint: DiagnosedEndpoint): Diagnosis | undefined {
  const timedOut =
    facts.code === 'ETIMEDOUT' || facts.code === 'ESOCKETTIMEDOUT' || facts.name === 'TimeoutError' || facts.name === 'AbortError' || facts.code === 'ABORT_ERR';
  if (!timedOut) return undefined;
  const local = endpoint.kind === 'socket' || endpoint.kind === 'npipe';
  return {
    kind: 'timeout',
    message: `The engine at ${endpoint.display} did not answer in time (${facts.message}).`,
    hint: local
      ? 'The engine may be overloaded or stuck: check it (docker info) and retry.'
      : 'Check that the engine is up and that the network path to it (firewall, VPN) lets the connection through, then retry.',
  };
}

/**
 * Something answered, but not in HTTP: Node's parser codes are HPE_*. Met when the endpoint is
 * containerd's gRPC socket, an SSH port, or a TLS port spoken to without TLS by another route.
 */
function diagnoseOtherProtocol(facts: ErrorFacts, endpoint: DiagnosedEndpoint): Diagnosis | undefined {
  if (!facts.code?.startsWith('HPE_')) return undefined;
  const local = endpoint.kind === 'socket' || endpoint.kind === 'npipe';
  return {
    kind: 'wrong-host',
    message: `${endpoint.display} answers, but not in HTTP: it is not a Docker Engine API (${facts.message}).`,
    hint: local
      ? `The socket may be containerd's (containerd.sock speaks gRPC) or another program's. Point ${SETTING} (or DOCKER_HOST, or the context) at the engine's own socket, e.g. /var/run/docker.sock or Podman's podman.sock.`
      : `Another service listens on that port (SSH, a database, a TLS-only engine). Check the port in ${SETTING}, DOCKER_HOST or the context.`,
  };
}

/** Failures reading a file before any connection, e.g. docker-modem loading DOCKER_CERT_PATH itself. */
function diagnoseFile(facts: ErrorFacts): Diagnosis | undefined {
  if (/DOCKER_HOST env variable should be/.test(facts.message)) {
    return {
      kind: 'wrong-host',
      message: 'The environment variable DOCKER_HOST is malformed, and the Docker library refuses to start with it.',
      hint: `Correct or unset DOCKER_HOST where VS Code is started (e.g. tcp://HOST:2376); ${SETTING} alone does not override it.`,
    };
  }
  if (facts.syscall !== 'open' || facts.path === undefined) return undefined;
  const isTls = facts.path.endsWith('.pem');
  const problem = facts.code === 'ENOENT' ? 'is missing' : `cannot be read (${facts.code ?? 'error'})`;
  return {
    kind: isTls ? 'tls' : 'unknown',
    message: `The file ${facts.path} ${problem}.`,
    hint: isTls ? 'Put ca.pem, cert.pem and key.pem there, or correct or unset DOCKER_CERT_PATH.' : 'Create it or make it readable by your user, then retry.',
  };
}

function diagnoseConnection(facts: ErrorFacts, endpoint: DiagnosedEndpoint): Diagnosis | undefined {
  const display = endpoint.display;
  const local = endpoint.kind === 'socket' || endpoint.kind === 'npipe';
  const place = facts.path ?? display.replace(/^(unix|npipe):\/\//, '');
  switch (facts.code) {
    case 'ENOENT':
      return {
        kind: 'not-running',
        message: `No Docker engine at ${place}: the ${endpoint.kind === 'npipe' ? 'named pipe' : 'socket'} does not exist.`,
        hint:
          endpoint.kind === 'npipe'
            ? `Start Docker Desktop (or the Docker service), or set ${SETTING} to your engine's pipe.`
            : `Start Docker (sudo systemctl start docker, or open Docker Desktop), or set ${SETTING} to your engine's socket.`,
      };
    case 'EACCES':
    case 'EPERM':
      if (endpoint.kind === 'npipe') {
        return { kind: 'permission-denied', message: `Permission denied on ${place}.`, hint: 'Add your user to the docker-users group (Docker Desktop), then sign out and in again.' };
      }
      if (local) {
        return {
          kind: 'permission-denied',
          message: `Permission denied on ${place}.`,
          hint: `Add your user to the docker group (sudo usermod -aG docker $USER, then sign in again), or use the rootless socket at $XDG_RUNTIME_DIR/docker.sock via the setting ${SETTING}.`,
        };
      }
      return {
        kind: 'permission-denied',
        message: `This machine did not permit the connection to ${display} (${facts.code}).`,
        hint: 'Allow VS Code to make network connections (firewall, sandbox), then retry.',
      };
    case 'ECONNREFUSED':
      return local
        ? {
            kind: 'not-running',
            message: `The socket ${place} exists, but no engine accepts connections on it.`,
            hint: 'Start or restart the Docker engine: the socket is probably left over from an earlier run.',
          }
        : {
            kind: 'not-running',
            message: `Nothing accepts connections at ${display} (ECONNREFUSED).`,
            hint: 'Check that the engine runs and listens on TCP there (dockerd -H tcp://…), and that the host and port are right.',
          };
    case 'ENOTFOUND':
      return {
        kind: 'wrong-host',
        message: `The host name in ${display} does not resolve (ENOTFOUND).`,
        hint: `Correct the host name in ${SETTING}, DOCKER_HOST or the Docker context.`,
      };
    case 'EAI_AGAIN':
      return {
        kind: 'wrong-host',
        message: `The host name in ${display} could not be looked up just now (EAI_AGAIN).`,
        hint: 'Check the network, VPN and DNS of this machine, then retry.',
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return {
        kind: 'wrong-host',
        message: `${display} cannot be reached from this machine (${facts.code}).`,
        hint: 'Check the network, VPN or firewall between this machine and the engine.',
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        kind: 'timeout',
        message: `The engine at ${display} closed the connection before answering (it reset it or gave up waiting).`,
        hint:
          endpoint.kind === 'tcp' && !endpoint.tls
            ? 'If the engine uses TLS (usually port 2376), use an https:// host or set DOCKER_TLS_VERIFY=1; otherwise check that the engine is healthy and retry.'
            : 'Check that the engine is healthy (docker info) and retry.',
      };
    default:
      return undefined;
  }
}
