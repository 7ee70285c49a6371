// The extensionTestsPath contract shared by @vscode/test-electron and code-server's smoke-test
// driver: VS Code loads this module in the extension host and awaits run(). Runs every
// suite/**/*.test.js with mocha (bdd), prints one `integration: N passed, M failed` line (console
// output reaches the harness) and rejects when anything failed.
import * as fs from 'fs';
import * as path from 'path';
import type MochaType from 'mocha';

// mocha 12 is an ES module; its CommonJS entry loads the same way under every extension host's
// Node, where `require('mocha')` returns a namespace on some versions and the class on others.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaType;

const suiteDir = path.join(__dirname, 'suite');

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(dir, file));
}

function errorText(reason: unknown): string {
  return reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
}

interface SuiteResult {
  stats: MochaType.Stats;
  /** What the failed tests and hooks failed with (uncaught errors mocha pinned on a test too). */
  failureReasons: Set<unknown>;
}

function runMocha(files: string[]): Promise<SuiteResult> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  for (const file of files) mocha.addFile(file);
  const failureReasons = new Set<unknown>();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ stats: runner.stats!, failureReasons }));
    runner.on('fail', (_test, error) => failureReasons.add(error));
  });
}

export async function run(): Promise<void> {
  // Errors the extension host swallows (VS Code only logs them) still fail the run. mocha re-emits
  // rejections it does not own, so each reason is kept once. The exception *monitor* observes every
  // uncaught exception before whoever handles it (VS Code, mocha) without changing what they do.
  const hostErrors = new Map<unknown, string>();
  const record = (kind: string) => (reason: unknown) => {
    if (!hostErrors.has(reason)) hostErrors.set(reason, `${kind}: ${errorText(reason)}`);
  };
  const onRejection = record('unhandled promise rejection');
  const onException = record('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);
  let result: SuiteResult;
  try {
    result = await runMocha(findTestFiles(suiteDir));
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtExceptionMonitor', onException);
  }

  const { stats, failureReasons } = result;
  // An uncaught error that mocha already failed a test for is counted there.
  const unreported = [...hostErrors].filter(([reason]) => !failureReasons.has(reason)).map(([, text]) => text);
  for (const error of unreported) console.error(`integration: ${error}`);
  if (stats.pending > 0) console.error(`integration: ${stats.pending} pending test(s) count as failed`);
  const failed = stats.failures + stats.pending + unreported.length;
  console.log(`integration: ${stats.passes} passed, ${failed} failed`);
  if (stats.passes + failed === 0) throw new Error(`no integration tests found under ${suiteDir}`);
  if (failed > 0) throw new Error(`${failed} integration test failure(s)`);
}
