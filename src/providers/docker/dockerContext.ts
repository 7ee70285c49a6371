// Reads the Docker CLI's current context: DOCKER_CONTEXT or `currentContext` in config.json, then the
// context's meta.json, stored under the SHA-256 of its name (which is where naive readers go wrong).
import { createHash } from 'crypto';
import type { Diagnosis } from '../provider';
import { dockerConfigDir, fileErrorCode, nonEmpty, pathApi, tildify } from './endpointPaths';
import type { EndpointInput } from './endpointTypes';

export interface DockerContext {
  name: string;
  /** The Docker endpoint's host URL, still to be parsed. */
  host: string;
  skipTlsVerify: boolean;
  metaPath: string;
  /** Holds ca.pem, cert.pem and key.pem when the context has TLS material. */
  tlsDir: string;
}

export type ContextLookup =
  | { kind: 'none' }
  | { kind: 'context'; context: DockerContext }
  | { kind: 'broken'; diagnosis: Diagnosis; display: string };

/** The name of a context's folder under contexts/meta and contexts/tls. */
export function contextDirName(contextName: string): string {
  return createHash('sha256').update(contextName, 'utf8').digest('hex');
}

export function lookUpDockerContext(input: EndpointInput): ContextLookup {
  const configDir = dockerConfigDir(input);
  const chosen = chosenContextName(configDir, input);
  if ('broken' in chosen) return chosen.broken;
  // "default" is the CLI's name for "no context": DOCKER_HOST or the platform socket.
  if (chosen.name === undefined || chosen.name === 'default') return { kind: 'none' };
  return readContext(chosen.name, chosen.by, configDir, input);
}

/**
 * Every context under contexts/meta, each by the name its meta.json gives (the folder is that
 * name's SHA-256). A folder whose meta.json is damaged is still a context the user made: it comes
 * back broken, named by its folder, so its row can say what is wrong.
 */
export function listDockerContexts(input: EndpointInput): Array<{ name: string; lookup: ContextLookup }> {
  const paths = pathApi(input.platform);
  const configDir = dockerConfigDir(input);
  const metaDir = paths.join(configDir, 'contexts', 'meta');
  let dirNames: string[];
  try {
    dirNames = input.fs.listDir?.(metaDir) ?? [];
  } catch {
    return [];
  }
  const contexts = dirNames.map((dirName) => {
    const metaPath = paths.join(metaDir, dirName, 'meta.json');
    const meta = readJsonFile(metaPath, input);
    const name = meta.kind === 'ok' && isRecord(meta.value) && typeof meta.value.Name === 'string' ? meta.value.Name : undefined;
    if (name !== undefined && contextDirName(name) === dirName) return { name, lookup: readContext(name, 'the contexts folder', configDir, input) };
    const shown = tildify(metaPath, input);
    const why = meta.kind === 'missing' ? 'has no meta.json' : meta.kind === 'unreadable' ? `cannot be read (${meta.code})` : meta.kind === 'invalid' ? 'is not valid JSON' : 'names no context that belongs in this folder (Name)';
    const lookup: ContextLookup = {
      kind: 'broken',
      display: shown,
      diagnosis: { kind: 'context-broken', message: `A Docker context's file ${shown} ${why}.`, hint: 'Repair or remove that folder (the docker CLI cannot use it either), or hide it with an entry in workloadStacks.engines.' },
    };
    return { name: `#${dirName.slice(0, 12)}`, lookup };
  });
  return contexts.sort((a, b) => a.name.localeCompare(b.name));
}

type ChosenName = { name?: string; by: string } | { broken: ContextLookup & { kind: 'broken' } };

function chosenContextName(configDir: string, input: EndpointInput): ChosenName {
  const fromEnv = nonEmpty(input.env.DOCKER_CONTEXT);
  if (fromEnv) return { name: fromEnv, by: 'DOCKER_CONTEXT' };
  const configPath = pathApi(input.platform).join(configDir, 'config.json');
  const shownPath = tildify(configPath, input);
  const config = readJsonFile(configPath, input);
  if (config.kind === 'missing') return { by: shownPath };
  const broken = (message: string): ChosenName => ({
    broken: {
      kind: 'broken',
      display: shownPath,
      diagnosis: {
        kind: 'context-broken',
        message,
        hint: 'Fix or remove the file (the docker CLI cannot read it either), or set workloadStacks.docker.host to bypass it.',
      },
    },
  });
  // Never echo the file's content: config.json holds registry credentials.
  if (config.kind === 'unreadable') return broken(`The Docker configuration ${shownPath} cannot be read (${config.code}).`);
  if (config.kind === 'invalid' || !isRecord(config.value)) return broken(`The Docker configuration ${shownPath} is not valid JSON.`);
  const current = config.value.currentContext;
  if (current !== undefined && typeof current !== 'string') return broken(`In ${shownPath}, currentContext is not a string.`);
  return { name: nonEmpty(current), by: `currentContext in ${shownPath}` };
}

function readContext(name: string, chosenBy: string, configDir: string, input: EndpointInput): ContextLookup {
  const paths = pathApi(input.platform);
  const dirName = contextDirName(name);
  const metaPath = paths.join(configDir, 'contexts', 'meta', dirName, 'meta.json');
  const shownPath = tildify(metaPath, input);
  const display = `Docker context '${name}'`;
  const broken = (message: string, hint: string): ContextLookup => ({ kind: 'broken', display, diagnosis: { kind: 'context-broken', message, hint } });
  const repairHint = `Repair it (docker context rm ${name}, then create it again), or switch context (docker context use default).`;
  const meta = readJsonFile(metaPath, input);
  switch (meta.kind) {
    case 'missing':
      return broken(
        `The Docker context '${name}' (chosen by ${chosenBy}) does not exist: ${shownPath} is missing.`,
        'Create it (docker context create), choose another (docker context use NAME), or set workloadStacks.docker.host.',
      );
    case 'unreadable':
      return broken(`The Docker context '${name}' cannot be read: ${shownPath} (${meta.code}).`, 'Make the file readable by your user, or switch context (docker context use default).');
    case 'invalid':
      return broken(`The Docker context '${name}' is damaged: ${shownPath} is not valid JSON.`, repairHint);
  }
  const docker = isRecord(meta.value) && isRecord(meta.value.Endpoints) ? meta.value.Endpoints.docker : undefined;
  const host = isRecord(docker) && typeof docker.Host === 'string' ? nonEmpty(docker.Host) : undefined;
  if (!isRecord(docker) || host === undefined) {
    return broken(`The Docker context '${name}' has no Docker endpoint host (Endpoints.docker.Host in ${shownPath}).`, repairHint);
  }
  return {
    kind: 'context',
    context: {
      name,
      host,
      skipTlsVerify: docker.SkipTLSVerify === true,
      metaPath,
      tlsDir: paths.join(configDir, 'contexts', 'tls', dirName, 'docker'),
    },
  };
}

type JsonRead = { kind: 'missing' } | { kind: 'unreadable'; code: string } | { kind: 'invalid' } | { kind: 'ok'; value: unknown };

function readJsonFile(filePath: string, input: EndpointInput): JsonRead {
  let bytes: Buffer | undefined;
  try {
    bytes = input.fs.readFile(filePath);
  } catch (error) {
    return { kind: 'unreadable', code: fileErrorCode(error) };
  }
  if (bytes === undefined) return { kind: 'missing' };
  try {
    return { kind: 'ok', value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { kind: 'invalid' };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
