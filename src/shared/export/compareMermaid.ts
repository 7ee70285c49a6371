// A comparison as a Mermaid flowchart in the classic figure's shape: the bands all workloads share
// at the bottom, drawn once, blocks some of them share drawn once, and each workload's own bands
// standing on them.
import type { CompareModel } from '../compare';
import { kindWord, timeLine } from './exportText';
import { bandNode, chain, sourceComments } from './mermaidBlocks';
import { mermaidComment, mermaidText } from './mermaidEscape';
import type { ExportTime } from './stackMarkdown';

export function compareMermaid(model: CompareModel, { exportedAt }: ExportTime): string {
  const sharedIds = model.shared.map((_, index) => `s${index}`);
  const lines = [
    `%% ${mermaidComment(`Workload Stacks: comparison of ${model.columns.map((column) => column.name).join(', ')}. ${timeLine(model.readAt, exportedAt)}`)}`,
    ...sourceComments('Shared ', model.shared),
    ...model.columns.flatMap((column) => sourceComments(`${column.name} `, column.layers)),
    'flowchart BT',
  ];
  if (model.shared.length > 0) {
    lines.push(`  subgraph sharedBox["${mermaidText('Shared by all')}"]`, '    direction BT');
    lines.push(...model.shared.map((layer, index) => `    ${bandNode(sharedIds[index], layer)}`), ...chain(sharedIds).map((line) => `    ${line}`), '  end');
  }
  // Blocks some columns share are nodes of their own, drawn once; each column links to them.
  lines.push(...model.groups.map((group, index) => `  ${bandNode(`g${index}`, group.layer)}`));
  const links = new Set<string>();
  model.columns.forEach((column, columnIndex) => {
    const nodeAt = (depth: number): string => {
      const group = model.groups.findIndex((candidate) => candidate.depth === depth && columnIndex >= candidate.from && columnIndex < candidate.to);
      return group >= 0 ? `g${group}` : `c${columnIndex}b${depth}`;
    };
    const ids = column.layers.map((_, depth) => nodeAt(depth));
    const own = column.layers.map((layer, depth) => ({ layer, id: ids[depth] })).filter(({ id }) => !id.startsWith('g'));
    const title = `${column.name} (${kindWord(column.workload.kind)}, ${column.state}). ${column.kernel.text}`;
    lines.push(`  subgraph c${columnIndex}["${mermaidText(title)}"]`, '    direction BT');
    if (own.length === 0) {
      // Nothing of its own above the shared bands (this machine itself): a node keeps the box drawn.
      ids.push(`c${columnIndex}none`);
      lines.push(`    ${ids[ids.length - 1]}["${mermaidText('No bands of its own')}"]`);
    } else {
      lines.push(...own.map(({ layer, id }) => `    ${bandNode(id, layer)}`));
    }
    lines.push('  end');
    // The workload stands on the top shared block, as in the figure; a shared block's link is drawn once.
    for (const link of [...(sharedIds.length > 0 ? [`${sharedIds[sharedIds.length - 1]} --- ${ids[0]}`] : []), ...chain(ids)]) {
      if (!links.has(link)) lines.push(`  ${link}`);
      links.add(link);
    }
  });
  lines.push('');
  return lines.join('\n');
}
