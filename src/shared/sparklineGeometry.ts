// Where a sparkline's points go: time on x over the window the samples span, value on y from 0 at
// the bottom to the window's largest value at the top. A missing value breaks the line, so a gap in
// the data is drawn as a gap, not as a slope to the next reading. Pure numbers in, point lists out.

export interface SparklineBox {
  width: number;
  height: number;
}

/** Smallest, largest and newest of the values present; undefined when none is. */
export function valueRange(values: readonly (number | null)[]): { min: number; max: number; latest: number | null } | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value === null) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  if (min > max) return undefined;
  return { min, max, latest: values.at(-1) ?? null };
}

/**
 * SVG `points` lists, one per unbroken run of values. `top` is the value drawn at the top edge
 * (shared by the series of one chart so in and out compare); a single reading is a flat stub.
 */
export function sparklineRuns(times: readonly number[], values: readonly (number | null)[], top: number, box: SparklineBox): string[] {
  const first = times[0];
  const last = times.at(-1);
  if (first === undefined || last === undefined) return [];
  const span = last - first;
  const scale = top > 0 ? top : 1;
  const x = (time: number): number => (span > 0 ? ((time - first) / span) * box.width : box.width);
  const y = (value: number): number => box.height - (Math.min(Math.max(value, 0), scale) / scale) * box.height;
  const runs: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    // One point draws nothing: a run of one reading becomes a short flat stroke.
    if (current.length === 1) current.unshift(current[0].replace(/^[^,]+/, (xText) => String(Math.max(0, Number(xText) - 2))));
    if (current.length > 0) runs.push(current.join(' '));
    current = [];
  };
  values.forEach((value, index) => {
    if (value === null) return flush();
    current.push(`${round(x(times[index]))},${round(y(value))}`);
  });
  flush();
  return runs;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
