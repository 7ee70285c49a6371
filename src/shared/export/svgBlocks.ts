// The pieces both SVG exports are drawn with: the document (title, description, background),
// text lines, a band's block, and the sources and times written under the picture. Attributes
// only, no CSS: the file needs nothing but itself, and fonts are generic families.
import type { Layer } from '../model';
import { headlineFacts } from '../headlines';
import { headlineLines, layerSources, oneLine, shorten } from './exportText';
import type { SvgPalette } from './svgPalette';
import { xmlText } from './xmlEscape';

export const MARGIN = 20;
export const BLOCK_HEIGHT = 54;
export const GAP = 6;
const STRIPE = 6;

/** An estimate of a sans-serif character's width (no font metrics here): text is cut to fit. */
function charsThatFit(width: number, fontSize: number): number {
  return Math.max(4, Math.floor(width / (fontSize * 0.6)));
}

export interface TextStyle {
  size: number;
  fill: string;
  bold?: boolean;
}

export function svgText(x: number, y: number, text: string, style: TextStyle): string {
  const weight = style.bold ? ' font-weight="bold"' : '';
  return `<text x="${x}" y="${y}" font-size="${style.size}" fill="${xmlText(style.fill)}"${weight}>${xmlText(text)}</text>`;
}

/** Text cut to one line of `width`. */
export function fittedText(x: number, y: number, width: number, text: string, style: TextStyle): string {
  return svgText(x, y, shorten(oneLine(text), charsThatFit(width, style.size)), style);
}

/** Text broken into lines that fit `width`, at word boundaries where it can. */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const max = charsThatFit(width, fontSize);
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(text).split(' ')) {
    for (const piece of word.length > max ? (word.match(new RegExp(`.{1,${max}}`, 'gu')) ?? [word]) : [word]) {
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= max) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The values a block shows: its headline, or why the band could not be read. */
export function blockValues(layer: Layer): string {
  return headlineLines(layer).join(' · ');
}

export interface Box {
  x: number;
  y: number;
  width: number;
}

/** One band as a block: accent stripe and tint, title, headline values; the whole text as its tooltip. */
export function bandBlock(layer: Layer, box: Box, palette: SvgPalette): string {
  const accent = xmlText(palette.bands[layer.kind] ?? palette.foreground);
  const values = blockValues(layer);
  const textX = box.x + STRIPE + 10;
  const textWidth = box.width - STRIPE - 20;
  return [
    `<g data-layer="${xmlText(layer.kind)}">`,
    `<title>${xmlText(`${layer.title}: ${values}`)}</title>`,
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${BLOCK_HEIGHT}" rx="4" fill="${accent}" fill-opacity="0.16" stroke="${accent}" stroke-width="1"/>`,
    `<rect x="${box.x}" y="${box.y}" width="${STRIPE}" height="${BLOCK_HEIGHT}" rx="2" fill="${accent}"/>`,
    fittedText(textX, box.y + 21, textWidth, layer.title, { size: 14, fill: palette.foreground, bold: true }),
    fittedText(textX, box.y + 41, textWidth, values, { size: 12, fill: palette.foreground }),
    '</g>',
  ].join('');
}

/** Blocks drawn bottom-up: the first layer lowest, its top edge at `bottom - BLOCK_HEIGHT`. */
export function blockStack(layers: readonly Layer[], x: number, bottom: number, width: number, palette: SvgPalette): string[] {
  return layers.map((layer, index) => bandBlock(layer, { x, y: bottom - (index + 1) * BLOCK_HEIGHT - index * GAP, width }, palette));
}

export function stackHeight(count: number): number {
  return count === 0 ? 0 : count * BLOCK_HEIGHT + (count - 1) * GAP;
}

/** A band named for the sources list: "web: App" or just "App". */
export interface SourcedBand {
  owner?: string;
  layer: Layer;
}

function sourceLine({ owner, layer }: SourcedBand): string {
  const sources = layerSources(headlineFacts(layer));
  return `${owner ? `${owner}: ` : ''}${layer.title}: ${sources.length > 0 ? sources.join('; ') : 'no values'}`;
}

/** The footer: where each block's values came from, then when they were read and exported. */
export function footer(bands: readonly SourcedBand[], times: string, top: number, width: number, palette: SvgPalette): { svg: string[]; height: number } {
  const svg = [
    `<line x1="${MARGIN}" y1="${top}" x2="${MARGIN + width}" y2="${top}" stroke="${xmlText(palette.border)}" stroke-width="1"/>`,
    svgText(MARGIN, top + 20, 'Sources of the values shown', { size: 12, fill: palette.foreground, bold: true }),
  ];
  let y = top + 20;
  for (const band of bands) {
    for (const line of wrapText(sourceLine(band), width, 11)) {
      y += 15;
      svg.push(svgText(MARGIN, y, line, { size: 11, fill: palette.muted }));
    }
  }
  for (const [index, line] of wrapText(times, width, 11).entries()) {
    y += index === 0 ? 21 : 15;
    svg.push(svgText(MARGIN, y, line, { size: 11, fill: palette.muted }));
  }
  return { svg, height: y - top + 6 };
}

/** The whole file: a titled, described image on the theme's background. */
export function svgDocument(width: number, height: number, title: string, description: string, palette: SvgPalette, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="ws-title ws-desc" font-family="sans-serif">`,
    `<title id="ws-title">${xmlText(title)}</title>`,
    `<desc id="ws-desc">${xmlText(description)}</desc>`,
    `<rect width="${width}" height="${height}" fill="${xmlText(palette.background)}"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** The text equivalent of a column of blocks, for the description: bottom to top with their values. */
export function describeBands(layers: readonly Layer[]): string {
  return layers.map((layer) => `${layer.title} (${blockValues(layer)})`).join(', ');
}
