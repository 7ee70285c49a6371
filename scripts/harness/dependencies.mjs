// The project's npm packages, installed with `npm ci` when node_modules is missing or older than
// package-lock.json. Uses nothing from node_modules itself, so it can run on a fresh clone.
// Run directly (`node scripts/harness/dependencies.mjs`) before scripts that import packages.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './processes.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function nodeModulesOutdated() {
  const installed = path.join(repoRoot, 'node_modules', '.package-lock.json');
  return !existsSync(installed) || statSync(installed).mtimeMs < statSync(path.join(repoRoot, 'package-lock.json')).mtimeMs;
}

export async function ensureNodeModules() {
  if (!nodeModulesOutdated()) return;
  console.log('node_modules is missing or older than package-lock.json: npm ci');
  await run('npm', ['ci'], { cwd: repoRoot, stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await ensureNodeModules();
