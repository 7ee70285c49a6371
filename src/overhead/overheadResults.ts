// Turns the lab's measurements into the table: one row per metric, one column per workload, each
// cell a median with its spread and its cost relative to this machine (column 0).
import type { OverheadAnnotation, OverheadCell, OverheadColumn, OverheadResults, OverheadRow, OverheadRowId } from '../shared/overhead';
import type { Stack } from '../shared/model';
import { formatRatio } from '../shared/overheadFormat';
import { isMeasured, type ProbeMetricId } from '../shared/probeReport';
import { costLayerOf, measuredOnLabels } from './measuredOn';
import { REFERENCE_SOURCE, ROW_INFO } from './metricInfo';
import type { LabMeasurement, LabSettings } from './overheadLab';
import { costRatio, median, spreadPercent, verdictOf } from './statistics';

export interface ResultsInput {
  measurements: readonly LabMeasurement[];
  /** The workloads' stacks where they could be read, for the honest labels. */
  stacks: ReadonlyMap<LabMeasurement, Stack | undefined>;
  settings: LabSettings;
  startedAt: Date;
  finishedAt: Date;
  cancelled: boolean;
}

function measuredCell(runs: number[], detail: string | undefined): OverheadCell {
  return { median: median(runs), spreadPct: spreadPercent(runs), runs, detail };
}

function cellOf(measurement: LabMeasurement, id: OverheadRowId): { cell: OverheadCell; unit?: string; better?: 'higher' | 'lower' } {
  if (measurement.error) return { cell: { error: measurement.error } };
  if (id === 'provisioning') {
    const provisioning = measurement.provisioning;
    if (!provisioning) return { cell: { error: 'not measured for this kind of workload' } };
    if ('error' in provisioning) return { cell: { error: provisioning.error } };
    if (provisioning.runsMs.length === 0) return { cell: { error: 'cancelled' } };
    return { cell: measuredCell(provisioning.runsMs, provisioning.what), unit: 'ms', better: 'lower' };
  }
  if (id === 'net.fromHost') {
    const fromHost = measurement.fromHost;
    if (!fromHost) return { cell: { error: 'not measured (cancelled)' } };
    if ('error' in fromHost) return { cell: { error: fromHost.error } };
    return { cell: measuredCell(fromHost.runs, fromHost.detail), unit: 'us', better: 'lower' };
  }
  const metric = measurement.metrics.find((candidate) => candidate.id === id);
  if (!metric) return { cell: { error: 'not measured (cancelled)' } };
  if (!isMeasured(metric)) return { cell: { error: metric.error } };
  return { cell: measuredCell(metric.runs, metric.detail), unit: metric.unit, better: metric.better };
}

function rowOf(id: OverheadRowId, measurements: readonly LabMeasurement[]): OverheadRow | undefined {
  const cells = measurements.map((measurement) => cellOf(measurement, id));
  const first = cells.find((cell) => cell.unit);
  if (!first?.unit || !first.better) return undefined;
  const better = first.better;
  const baseline = cells[0].cell;
  for (const [index, { cell }] of cells.entries()) {
    if (cell.median === undefined || cells[index].unit !== first.unit) continue;
    if (index === 0) {
      cell.verdict = 'baseline';
      cell.costRatio = 1;
      continue;
    }
    if (baseline.median === undefined) continue;
    cell.costRatio = costRatio(cell.median, baseline.median, better);
    if (cell.costRatio !== undefined) cell.verdict = verdictOf(cell.costRatio, cell.spreadPct ?? 0, baseline.spreadPct ?? 0);
  }
  const info = ROW_INFO[id];
  return { id, label: info.label, unit: first.unit, better, cells: cells.map(({ cell }) => cell), reference: info.reference };
}

export function buildResults(input: ResultsInput): OverheadResults {
  const { measurements } = input;
  const columns: OverheadColumn[] = measurements.map((measurement) => {
    const stack = input.stacks.get(measurement);
    const { workload } = measurement;
    return {
      ref: workload.ref,
      name: workload.name,
      kind: workload.kind,
      measuredOn: measuredOnLabels(workload.kind, stack, measurement),
      notes: measurement.notes,
      error: measurement.error,
      costLayer: costLayerOf(workload.kind, stack),
    };
  });
  const ids: OverheadRowId[] = [...(input.settings.metrics as ProbeMetricId[]), ...(input.settings.fromHost ? (['net.fromHost'] as const) : []), 'provisioning'];
  const rows = ids.map((id) => rowOf(id, measurements)).filter((row): row is OverheadRow => row !== undefined);
  return {
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    runs: input.settings.runs,
    runMs: input.settings.runMs,
    cancelled: input.cancelled,
    columns,
    rows,
    referenceSource: REFERENCE_SOURCE,
  };
}

/** The lines drawn beside a workload's costly band: the metrics whose cost is beyond the noise first. */
export function annotationFor(results: OverheadResults, columnIndex: number): OverheadAnnotation | undefined {
  const column = results.columns[columnIndex];
  if (!column?.costLayer || column.error) return undefined;
  const measured = results.rows
    .map((row) => ({ row, cell: row.cells[columnIndex] }))
    .filter(({ cell }) => cell.costRatio !== undefined && cell.verdict);
  if (measured.length === 0) return undefined;
  const real = measured.filter(({ cell }) => cell.verdict === 'costlier' || cell.verdict === 'cheaper');
  const worst = [...real].sort((a, b) => (b.cell.costRatio ?? 0) - (a.cell.costRatio ?? 0))[0];
  const headline = worst
    ? `Measured cost vs this machine: up to ${formatRatio(worst.cell.costRatio ?? 1)} (${ROW_INFO[worst.row.id].short})`
    : 'Measured cost vs this machine: within the noise on every metric';
  const lines = measured.map(({ row, cell }) => `${ROW_INFO[row.id].short} ${formatRatio(cell.costRatio ?? 1)}${cell.verdict === 'same' ? ' (within noise)' : ''}`);
  return { layerKind: column.costLayer, headline, lines: [...lines, ...column.measuredOn.slice(0, 2)], measuredAt: results.finishedAt };
}
