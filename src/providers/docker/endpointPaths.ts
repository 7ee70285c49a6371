// Locating and describing the files endpoint resolution reads. Paths follow the target platform's
// spelling, so Windows paths resolve the same way on any test machine.
import * as path from 'path';
import type { EndpointInput } from './endpointTypes';

export function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The Docker CLI's configuration directory: $DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(input: EndpointInput): string {
  return nonEmpty(input.env.DOCKER_CONFIG) ?? pathApi(input.platform).join(input.homeDir, '.docker');
}

/** Shortens paths under the home directory to `~/…` for messages. */
export function tildify(filePath: string, input: EndpointInput): string {
  const paths = pathApi(input.platform);
  const relative = paths.relative(input.homeDir, filePath);
  if (relative === '' || relative.startsWith('..') || paths.isAbsolute(relative)) return filePath;
  return `~${paths.sep}${relative}`;
}

export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The error code of a failed read (EACCES, EISDIR...), safe to show: never the file's content. */
export function fileErrorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unreadable';
}
