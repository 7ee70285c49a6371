// Measurement 12: the usage history's memory over a 10-minute recording, in plain Node with
// --expose-gc (test/bench/usageRing.ts, compiled by run.mjs's `tsc -p test`). No engine needed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = path.join(repoRoot, 'out', 'test', 'bench', 'usageRing.js');
const PREFIX = 'bench-result ';

export function measureUsageRing() {
  if (!existsSync(script)) throw new Error(`${script} is missing: tsc -p test did not compile the bench suite`);
  const child = spawnSync(process.execPath, ['--expose-gc', script], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (child.status !== 0) throw new Error(`usage ring bench exited with ${child.status ?? child.signal}: ${(child.stderr ?? '').trim().split('\n')[0]}`);
  return child.stdout
    .split('\n')
    .filter((line) => line.startsWith(PREFIX))
    .map((line) => JSON.parse(line.slice(PREFIX.length)));
}
