// One line per measurement on the extension host's console, which code-server's smoke-test driver
// forwards to the runner (scripts/bench/extensionHostBench.mjs collects the `bench-result ` lines).

export interface BenchResult {
  id: string;
  measure: string;
  unit: 'ms' | 'MB' | 'count' | 'timestamp' | 'x';
  samples?: number[];
  note?: string;
  notMeasured?: string;
  /** Anything else the runner needs (window timestamps, event shapes). */
  extra?: Record<string, unknown>;
}

export const RESULT_PREFIX = 'bench-result ';

export function report(result: BenchResult): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
}

export function notMeasured(id: string, measure: string, why: unknown): void {
  const text = why instanceof Error ? why.message : String(why);
  report({ id, measure, unit: 'ms', notMeasured: text.split('\n')[0] });
}

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export function now(): number {
  return performance.now();
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = now();
  const value = await work();
  return { ms: now() - started, value };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
