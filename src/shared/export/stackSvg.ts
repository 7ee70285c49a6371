// A stack as a self-contained SVG: one block per band, bottom up (hardware lowest), each with its
// title and headline values, under the workload's name; sources and times written beneath.
import type { Stack } from '../model';
import { hasSecrets, kindWord, SECRET_MASK, timeLine } from './exportText';
import type { ExportTime } from './stackMarkdown';
import { blockStack, describeBands, fittedText, footer, GAP, MARGIN, stackHeight, svgDocument } from './svgBlocks';
import type { SvgPalette } from './svgPalette';

const WIDTH = 760;
const HEADER = 58;

export function stackSvg(stack: Stack, palette: SvgPalette, { exportedAt }: ExportTime): string {
  const inner = WIDTH - 2 * MARGIN;
  const subtitle = `${kindWord(stack.workload.kind)} · ${stack.state} · from ${stack.workload.providerId}`;
  const blocksBottom = MARGIN + HEADER + stackHeight(stack.layers.length);
  const secrets = hasSecrets(stack.layers) ? ` Secret values are written as ${SECRET_MASK}.` : '';
  const foot = footer(
    stack.layers.map((layer) => ({ layer })),
    `${timeLine(stack.readAt, exportedAt)}${secrets} Made by Workload Stacks.`,
    blocksBottom + 2 * GAP,
    inner,
    palette,
  );
  const height = blocksBottom + 2 * GAP + foot.height + MARGIN;
  const body = [
    fittedText(MARGIN, MARGIN + 20, inner, stack.name, { size: 18, fill: palette.foreground, bold: true }),
    fittedText(MARGIN, MARGIN + 40, inner, subtitle, { size: 12, fill: palette.muted }),
    ...blockStack(stack.layers, MARGIN, blocksBottom, inner, palette),
    ...foot.svg,
  ];
  const description = `The stack of ${stack.name}, bottom to top: ${describeBands(stack.layers)}. ${timeLine(stack.readAt, exportedAt)}`;
  return svgDocument(WIDTH, height, `Stack of ${stack.name}`, description, palette, body);
}
