// A comparison as a Markdown document: each workload's own bands, the bands they all stand on
// (written once), where their engine and isolation differ, then every value with its source.
import type { CompareModel } from '../compare';
import { hasSecrets, kindWord, SECRET_MASK, timeLine } from './exportText';
import { bandDetail, glanceTable, markdownTable } from './markdownBlocks';
import { markdownText } from './markdownEscape';
import type { ExportTime } from './stackMarkdown';

export function compareMarkdown(model: CompareModel, { exportedAt }: ExportTime): string {
  const names = model.columns.map((column) => column.name);
  const allLayers = [...model.shared, ...model.columns.flatMap((column) => column.layers)];
  const lines = [
    `# Comparison of ${markdownText(names.join(', '))}`,
    '',
    `- ${markdownText(timeLine(model.readAt, exportedAt))}`,
    ...(hasSecrets(allLayers) ? [`- Secret values are written as ${markdownText(SECRET_MASK)}.`] : []),
    '',
    ...markdownTable(
      ['Workload', 'Kind', 'State', 'Kernel'],
      model.columns.map((column) => [column.name, kindWord(column.workload.kind), column.state, column.kernel.text]),
    ),
    '',
    '## Each workload’s own bands, top to bottom',
    '',
    ...model.columns.flatMap((column) => [`### ${markdownText(column.name)}`, '', ...(column.layers.length > 0 ? glanceTable(column.layers) : ['No bands of its own: it stands on the shared ones.']), '']),
    '## Shared by all, one block under every workload, top to bottom',
    '',
    ...(model.shared.length > 0 ? glanceTable(model.shared) : ['These workloads share no band: they run on different machines or engines.']),
    '',
  ];
  if (model.columns.length > 1) {
    lines.push('## Where they differ', '');
    if (model.differences.length === 0) lines.push('Their engine and isolation bands say the same.', '');
    else lines.push(...markdownTable(['Fact', ...names], model.differences.map((row) => [row.label, ...row.values.map((value) => value ?? '—')])), '');
  }
  lines.push('## Bands and where each value came from', '');
  for (const column of model.columns) {
    for (const layer of [...column.layers].reverse()) lines.push(...bandDetail(layer, `### ${markdownText(`${column.name}: ${layer.title}`)}`));
  }
  for (const layer of [...model.shared].reverse()) lines.push(...bandDetail(layer, `### ${markdownText(`Shared: ${layer.title}`)}`));
  lines.push('Made by Workload Stacks from live inspection data.', '');
  return lines.join('\n');
}
