// A stack as a Markdown document (for a design doc, a review, an issue): the glance table top to
// bottom as the picture is drawn, then each band with every value and its source, and the times.
import type { Stack } from '../model';
import { hasSecrets, kindWord, SECRET_MASK, timeLine } from './exportText';
import { bandDetail, glanceTable } from './markdownBlocks';
import { markdownText } from './markdownEscape';

export interface ExportTime {
  /** When the export was made (ISO 8601); the values' own time is the model's readAt. */
  exportedAt: string;
}

export function stackMarkdown(stack: Stack, { exportedAt }: ExportTime): string {
  const lines = [
    `# Stack of ${markdownText(stack.name)}`,
    '',
    `- Workload: ${markdownText(`${kindWord(stack.workload.kind)} ${stack.name}, id ${stack.workload.id}, from ${stack.workload.providerId}`)}`,
    `- State: ${markdownText(stack.state)}`,
    `- ${markdownText(timeLine(stack.readAt, exportedAt))}`,
    ...(hasSecrets(stack.layers) ? [`- Secret values are written as ${markdownText(SECRET_MASK)}.`] : []),
    '',
    '## At a glance, top to bottom',
    '',
    ...glanceTable(stack.layers),
    '',
    '## Bands and where each value came from',
    '',
    ...[...stack.layers].reverse().flatMap((layer) => bandDetail(layer, `### ${markdownText(layer.title)}`)),
    `Made by Workload Stacks from live inspection data.`,
    '',
  ];
  return lines.join('\n');
}
