// How the overhead lab writes its numbers, the same in the panel and in the Markdown export (so a
// saved report reads like the panel): en-US, 3 significant digits below 1000.

export function formatMeasurement(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toPrecision(3);
}

export function formatSpread(spreadPct: number): string {
  return `±${spreadPct.toFixed(0)}%`;
}

export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
}
