// Runs the bench suite (test/bench, compiled to out/test/bench) in the real extension host of
// code-server through runIntegrationTests, and collects its `bench-result {json}` lines from the
// console output that the harness echoes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIntegrationTests } from '../harness/runIntegration.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const benchSuitePath = path.join(repoRoot, 'out', 'test', 'bench', 'index.js');
const marker = 'bench-result ';

/** Runs one phase of the suite with `env` in the extension host; resolves with its results. */
export async function runBenchSuite(env) {
  const results = [];
  const originalLog = console.log;
  console.log = (...args) => {
    const text = args.map(String).join(' ');
    const at = text.indexOf(marker);
    if (at >= 0) {
      try {
        results.push(JSON.parse(text.slice(at + marker.length)));
      } catch (error) {
        originalLog(`[bench] unreadable result line (${error.message}): ${text}`);
      }
    }
    originalLog(...args);
  };
  try {
    const { passed, failed, exitCode } = await runIntegrationTests({ env, testsPath: benchSuitePath });
    return { results, passed, failed, exitCode };
  } finally {
    console.log = originalLog;
  }
}
