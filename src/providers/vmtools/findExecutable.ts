// Is a tool installed? Looked up in PATH (plus the tool's usual install folders) without running
// anything: a provider whose tool is absent stays hidden and costs nothing.
import * as fs from 'fs';
import * as path from 'path';

export interface LookupContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

export function currentLookupContext(): LookupContext {
  return { platform: process.platform, env: process.env };
}

/** The first candidate found as an executable file, as an absolute path; undefined when none is. */
export function findExecutable(names: readonly string[], extraDirs: readonly string[], context: LookupContext): string | undefined {
  const pathApi = context.platform === 'win32' ? path.win32 : path.posix;
  const pathValue = pathVariable(context.env, context.platform) ?? '';
  const dirs = [...pathValue.split(context.platform === 'win32' ? ';' : ':'), ...extraDirs].filter((dir) => dir && pathApi.isAbsolute(dir));
  for (const name of names) {
    // Only real executables on Windows: a .cmd or .bat would need a shell to run.
    const candidates = context.platform === 'win32' && !/\.exe$/i.test(name) ? [`${name}.exe`] : [name];
    for (const dir of dirs) {
      for (const candidate of candidates) {
        const full = pathApi.join(dir, candidate);
        if (isExecutableFile(full, context.platform)) return full;
      }
    }
  }
  return undefined;
}

function pathVariable(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env.PATH;
  // Windows environment names are case-insensitive (Path, PATH).
  const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH');
  return key ? env[key] : undefined;
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
