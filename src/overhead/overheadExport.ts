// The results as a Markdown report (for a README, an issue, a chat) and as JSON (for scripts).
// Workload names and probe details are untrusted: escaped so a name cannot break the table or
// inject markup into a rendered preview.
import type { OverheadCell, OverheadResults } from '../shared/overhead';
import { formatMeasurement, formatRatio, formatSpread } from '../shared/overheadFormat';

/** Text safe inside one Markdown table cell. */
export function markdownCell(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|]/g, (character) => `\\${character}`)
    .trim();
}

/** One cell as Markdown; only the error text is untrusted, and it is escaped. */
function cellMarkdown(cell: OverheadCell, isBaseline: boolean): string {
  if (cell.median === undefined) return `not measured: ${markdownCell(cell.error ?? 'unknown reason')}`;
  const value = `${formatMeasurement(cell.median)} ${formatSpread(cell.spreadPct ?? 0)}`;
  if (isBaseline || cell.costRatio === undefined) return value;
  const verdict = cell.verdict === 'same' ? ', within noise' : '';
  return `${value} (**${formatRatio(cell.costRatio)}**${verdict})`;
}

export function toMarkdown(results: OverheadResults): string {
  const names = results.columns.map((column) => markdownCell(`${column.name} (${column.kind === 'host' ? 'this machine' : column.kind})`));
  const lines = [
    '# Workload Stacks: measured overhead',
    '',
    `Measured ${results.startedAt} to ${results.finishedAt}; median of ${results.runs} runs of ${results.runMs} ms each, ± half their range.`,
    'The ratio is the cost relative to this machine (1.00× the same, 2.00× twice the time or half the throughput); a difference counts only beyond twice the larger spread.',
    ...(results.cancelled ? ['', '**Cancelled before the end: only part of the suite ran.**'] : []),
    '',
    `| Metric | Unit | ${names.join(' | ')} | Published (context) |`,
    `| --- | --- | ${names.map(() => '---').join(' | ')} | --- |`,
    ...results.rows.map((row) => {
      const cells = row.cells.map((cell, index) => cellMarkdown(cell, index === 0));
      return `| ${markdownCell(row.label)} | ${markdownCell(row.unit)} (${row.better} is better) | ${cells.join(' | ')} | ${markdownCell(row.reference ?? '')} |`;
    }),
    '',
    '## Measured on',
    '',
    ...results.columns.map((column) => `- **${markdownCell(column.name)}**: ${[...column.measuredOn, ...column.notes, ...(column.error ? [`not measured: ${column.error}`] : [])].map(markdownCell).join('; ')}`),
    '',
    `Published figures: ${markdownCell(results.referenceSource)}`,
    '',
  ];
  return lines.join('\n');
}

export function toJson(results: OverheadResults): string {
  return `${JSON.stringify({ schema: 'workload-stacks.overhead/1', ...results }, null, 2)}\n`;
}
