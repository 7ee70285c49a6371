// Finds the Docker engine the way the Docker CLI does, first that applies: the setting
// workloadStacks.docker.host, DOCKER_HOST, the current Docker context, the platform default.
// Pure: everything from outside arrives in EndpointInput (see endpointNode.ts for the real one).
import type { Diagnosis } from '../provider';
import { type ContextLookup, type DockerContext, lookUpDockerContext } from './dockerContext';
import { defaultEndpoint } from './endpointDefault';
import { type TcpScheme, displayAddress, parseDockerHost, redactHost } from './endpointHostUrl';
import { tildify } from './endpointPaths';
import { type TlsChoice, tlsFromContext, tlsFromEnvironment } from './endpointTls';
import type { EndpointAddress, EndpointInput, EndpointResolution, EndpointSource } from './endpointTypes';

export type { DockerEndpoint, EndpointAddress, EndpointFs, EndpointInput, EndpointResolution, EndpointSource, TlsMaterial } from './endpointTypes';
export { toDockerodeOptions, type DockerodeOptions } from './endpointDockerode';
export { endpointInputFromProcess, nodeFs } from './endpointNode';

const TLS_PORT = 2376;
const PLAIN_PORT = 2375;

export function resolveDockerEndpoint(input: EndpointInput): EndpointResolution {
  const setting = input.settingHost?.trim();
  if (setting) {
    return fromHost(setting, input, {
      source: { from: 'setting', description: 'the setting workloadStacks.docker.host' },
      named: 'setting workloadStacks.docker.host',
      hint: 'Correct it to a URL such as unix:///var/run/docker.sock, tcp://HOST:2376 or ssh://USER@HOST, or clear it to use DOCKER_HOST or the Docker context.',
      chooseTls: (scheme) => tlsFromEnvironment(scheme, input),
    });
  }
  const dockerHost = input.env.DOCKER_HOST?.trim();
  if (dockerHost) {
    return fromHost(dockerHost, input, {
      source: { from: 'env', description: 'the environment variable DOCKER_HOST' },
      named: 'environment variable DOCKER_HOST',
      hint: 'Correct or unset DOCKER_HOST where VS Code is started, or set workloadStacks.docker.host, which takes precedence.',
      chooseTls: (scheme) => tlsFromEnvironment(scheme, input),
    });
  }
  const context = lookUpDockerContext(input);
  if (context.kind === 'broken') return { ok: false, diagnosis: context.diagnosis, display: context.display };
  if (context.kind === 'context') return fromContext(context.context, input);
  return { ok: true, endpoint: defaultEndpoint(input) };
}

/** A context found in the contexts folder (not necessarily the current one), as an endpoint. */
export function resolveContextLookup(lookup: ContextLookup, input: EndpointInput): EndpointResolution {
  if (lookup.kind === 'broken') return { ok: false, diagnosis: lookup.diagnosis, display: lookup.display };
  if (lookup.kind === 'none') return { ok: true, endpoint: defaultEndpoint(input) };
  return fromContext(lookup.context, input);
}

/** An engine the user added in workloadStacks.engines; tcp:// takes its TLS from the environment, as the setting does. */
export function resolveHandAddedHost(raw: string, input: EndpointInput): EndpointResolution {
  return fromHost(raw, input, {
    source: { from: 'setting', description: 'the setting workloadStacks.engines' },
    named: 'engine in the setting workloadStacks.engines',
    hint: 'Correct it to a URL such as unix:///run/podman/podman.sock, tcp://HOST:2376 or ssh://USER@HOST, or remove the entry.',
    chooseTls: (scheme) => tlsFromEnvironment(scheme, input),
  });
}

function fromContext(context: DockerContext, input: EndpointInput): EndpointResolution {
  const hashedDir = tildify(context.metaPath, input).replace(/[0-9a-f]{64}/, '…');
  return fromHost(context.host, input, {
    source: { from: 'context', description: `Docker context '${context.name}' (${hashedDir})` },
    named: `host of Docker context '${context.name}'`,
    hint: `Correct it (docker context update ${context.name} --docker host=URL), or switch context (docker context use default).`,
    chooseTls: (scheme) => tlsFromContext(scheme, context, input),
  });
}

interface HostOrigin {
  source: EndpointSource;
  /** Completes "The <named> "<value>" has …" in a diagnosis. */
  named: string;
  hint: string;
  chooseTls: (scheme: TcpScheme) => TlsChoice;
}

function fromHost(raw: string, input: EndpointInput, origin: HostOrigin): EndpointResolution {
  const shownValue = redactHost(raw);
  const parsed = parseDockerHost(raw);
  if (!parsed.ok) {
    const diagnosis: Diagnosis = { kind: 'wrong-host', message: `The ${origin.named} "${shownValue}" ${parsed.problem}.`, hint: origin.hint };
    return { ok: false, diagnosis, display: shownValue };
  }
  let address: EndpointAddress;
  const host = parsed.host;
  switch (host.scheme) {
    case 'unix':
      address = { kind: 'socket', socketPath: host.socketPath };
      break;
    case 'npipe':
      address = { kind: 'npipe', pipePath: host.pipePath };
      break;
    case 'ssh':
      address = { kind: 'ssh', host: host.host, port: host.port, username: host.username ?? input.userName };
      break;
    default: {
      const tls = origin.chooseTls(host.scheme);
      if (!tls.ok) return { ok: false, diagnosis: tls.diagnosis, display: shownValue };
      address = { kind: 'tcp', host: host.host, port: host.port ?? (tls.tls ? TLS_PORT : PLAIN_PORT), ...(tls.tls ? { tls: tls.tls } : {}) };
    }
  }
  const source = { ...origin.source, description: origin.source.description + tlsNote(address) };
  return { ok: true, endpoint: { ...address, source, display: displayAddress(address) } };
}

function tlsNote(address: EndpointAddress): string {
  if (address.kind !== 'tcp' || !address.tls) return '';
  return address.tls.verify ? ', TLS' : ', TLS without verification';
}
