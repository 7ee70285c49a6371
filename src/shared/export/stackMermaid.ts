// A stack as a Mermaid flowchart drawn bottom to top (hardware at the bottom, the app on top), in
// a box named after the workload and the time it was read; sources and times as comments.
import type { Stack } from '../model';
import { kindWord, timeLine } from './exportText';
import { bandNode, chain, sourceComments } from './mermaidBlocks';
import { mermaidComment, mermaidText } from './mermaidEscape';
import type { ExportTime } from './stackMarkdown';

export function stackMermaid(stack: Stack, { exportedAt }: ExportTime): string {
  const ids = stack.layers.map((_, index) => `b${index}`);
  const title = `${stack.name} (${kindWord(stack.workload.kind)}, ${stack.state}), read at ${stack.readAt}`;
  return [
    `%% ${mermaidComment(`Workload Stacks: the stack of ${stack.name}. ${timeLine(stack.readAt, exportedAt)}`)}`,
    ...sourceComments('', stack.layers),
    'flowchart BT',
    `  subgraph stackBox["${mermaidText(title)}"]`,
    '    direction BT',
    ...stack.layers.map((layer, index) => `    ${bandNode(ids[index], layer)}`),
    ...chain(ids).map((line) => `    ${line}`),
    '  end',
    '',
  ].join('\n');
}
