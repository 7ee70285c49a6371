// Debian packages the harness needs, installed on first use. Several scripts may install at the
// same time (parallel helpers, a demo beside a test run): apt is serialised with one lock file.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { run } from './processes.mjs';

const aptLock = '/tmp/apt.lock';
const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
let packageListsUpdated = false;

async function isInstalled(debianPackage) {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f=${Status}', debianPackage]);
    return stdout.trim() === 'install ok installed';
  } catch (error) {
    if (error.message.includes('ENOENT')) {
      throw new Error(`dpkg-query not found: installing ${debianPackage} automatically needs Debian or Ubuntu. Install it yourself.`);
    }
    return false; // dpkg-query exits 1 for a package it has never seen
  }
}

/** Installs those of `packages` that are missing; returns the ones it installed. */
export async function ensureDebianPackages(packages) {
  const missing = [];
  for (const debianPackage of packages) {
    if (!(await isInstalled(debianPackage))) missing.push(debianPackage);
  }
  if (missing.length === 0) return [];
  const installCommand = ['apt-get', 'install', '-y', '--no-install-recommends', ...missing];
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing Debian packages: ${missing.join(', ')}. Install them as root:\n` +
        `  apt-get update && ${installCommand.join(' ')}`,
    );
  }
  console.log(`[apt] installing ${missing.join(' ')}`);
  const started = Date.now();
  if (!packageListsUpdated) {
    await run('flock', [aptLock, 'apt-get', 'update'], { env: aptEnv });
    packageListsUpdated = true;
  }
  await run('flock', [aptLock, ...installCommand], { env: aptEnv });
  console.log(`[apt] installed ${missing.join(' ')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return missing;
}

/** Absolute path of executable `name` on PATH, or undefined. */
export function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Path of command `name`, installing `debianPackage` when it is not on PATH. */
export async function ensureCommand(name, debianPackage) {
  const found = findOnPath(name);
  if (found) return found;
  await ensureDebianPackages([debianPackage]);
  const installed = findOnPath(name);
  if (!installed) throw new Error(`${name} is still not on PATH after installing ${debianPackage}`);
  return installed;
}
