// A comparison as a self-contained SVG in the classic figure's shape: the bands every workload
// shares drawn once across the bottom, blocks some of them share (one engine under three
// containers) drawn once across their columns, and each workload's column of its own bands
// standing on them, headed by its name and whose kernel it runs on.
import type { CompareColumn, CompareModel } from '../compare';
import type { Layer } from '../model';
import { hasSecrets, kindWord, SECRET_MASK, timeLine } from './exportText';
import type { ExportTime } from './stackMarkdown';
import { bandBlock, BLOCK_HEIGHT, blockStack, describeBands, fittedText, footer, GAP, MARGIN, stackHeight, svgDocument, svgText, wrapText } from './svgBlocks';
import type { SvgPalette } from './svgPalette';

const MIN_WIDTH = 760;
const COLUMN_WIDTH = 230;
const HEADER = 58;
/** A column's head: name, kind and state, and two lines of kernel. */
const COLUMN_HEAD = 66;

function columnHead(column: CompareColumn, x: number, bottom: number, width: number, palette: SvgPalette): string[] {
  const top = bottom - COLUMN_HEAD;
  const kernel = wrapText(column.kernel.text, width, 11).slice(0, 2);
  return [
    fittedText(x, top + 16, width, column.name, { size: 14, fill: palette.foreground, bold: true }),
    fittedText(x, top + 32, width, `${kindWord(column.workload.kind)} · ${column.state}`, { size: 11, fill: palette.muted }),
    ...kernel.map((line, index) => svgText(x, top + 48 + index * 13, line, { size: 11, fill: column.kernel.shared ? palette.muted : palette.foreground, bold: !column.kernel.shared })),
  ];
}

export function compareSvg(model: CompareModel, palette: SvgPalette, { exportedAt }: ExportTime): string {
  const count = Math.max(1, model.columns.length);
  const width = Math.max(MIN_WIDTH, 2 * MARGIN + count * COLUMN_WIDTH + (count - 1) * GAP * 2);
  const inner = width - 2 * MARGIN;
  const columnWidth = (inner - (count - 1) * GAP * 2) / count;
  const tallest = Math.max(1, ...model.columns.map((column) => column.layers.length));
  // Every column stands on the top shared block: their bottoms line up, their heads follow their height.
  const columnsBottom = MARGIN + HEADER + COLUMN_HEAD + stackHeight(tallest);
  const sharedTop = columnsBottom + GAP;
  const sharedBottom = sharedTop + Math.max(stackHeight(model.shared.length), 18);

  const body = [
    fittedText(MARGIN, MARGIN + 20, inner, `Comparison of ${model.columns.map((column) => column.name).join(', ')}`, { size: 18, fill: palette.foreground, bold: true }),
    fittedText(MARGIN, MARGIN + 40, inner, `${count} workloads side by side on the bands they share`, { size: 12, fill: palette.muted }),
  ];
  const columnX = (index: number): number => MARGIN + index * (columnWidth + GAP * 2);
  // The top of the block at `depth` of a column, counted from the columns' common bottom.
  const blockTop = (depth: number): number => columnsBottom - (depth + 1) * BLOCK_HEIGHT - depth * GAP;
  const grouped = (index: number, depth: number): boolean => model.groups.some((group) => group.depth === depth && index >= group.from && index < group.to);
  model.columns.forEach((column, index) => {
    const x = columnX(index);
    body.push(`<g data-workload="${index}">`, ...columnHead(column, x, columnsBottom - stackHeight(column.layers.length) - GAP, columnWidth, palette));
    column.layers.forEach((layer: Layer, depth) => {
      if (!grouped(index, depth)) body.push(bandBlock(layer, { x, y: blockTop(depth), width: columnWidth }, palette));
    });
    body.push('</g>');
  });
  for (const group of model.groups) {
    const x = columnX(group.from);
    const width = columnX(group.to - 1) + columnWidth - x;
    body.push(`<g data-shared="some">`, bandBlock(group.layer, { x, y: blockTop(group.depth), width }, palette), '</g>');
  }
  if (model.shared.length > 0) body.push('<g data-shared="true">', ...blockStack(model.shared, MARGIN, sharedBottom, inner, palette), '</g>');
  else {
    const none = model.groups.length > 0 ? 'No band is shared by all of them.' : 'These workloads share no band: they run on different machines or engines.';
    body.push(svgText(MARGIN, sharedTop + 14, none, { size: 12, fill: palette.muted }));
  }

  const allLayers = [...model.shared, ...model.columns.flatMap((column) => column.layers)];
  const secrets = hasSecrets(allLayers) ? ` Secret values are written as ${SECRET_MASK}.` : '';
  const foot = footer(
    [...model.shared.map((layer) => ({ owner: 'Shared', layer })), ...model.columns.flatMap((column) => column.layers.map((layer) => ({ owner: column.name, layer })))],
    `${timeLine(model.readAt, exportedAt)}${secrets} Made by Workload Stacks.`,
    sharedBottom + 2 * GAP,
    inner,
    palette,
  );
  body.push(...foot.svg);
  const height = sharedBottom + 2 * GAP + foot.height + MARGIN;
  const description = [
    `Shared by all, bottom to top: ${model.shared.length > 0 ? describeBands(model.shared) : 'nothing'}.`,
    ...model.groups.map((group) => `${group.layer.title}: one band under ${model.columns.slice(group.from, group.to).map((column) => column.name).join(', ')}.`),
    ...model.columns.map((column) => `${column.name} (${kindWord(column.workload.kind)}, ${column.kernel.text}), its bands above the shared ones, bottom to top: ${describeBands(column.layers) || 'none'}.`),
    timeLine(model.readAt, exportedAt),
  ].join(' ');
  return svgDocument(width, height, `Comparison of ${model.columns.map((column) => column.name).join(', ')}`, description, palette, body);
}
