// The Markdown pieces both text exports are made of: tables whose every cell is escaped, and a
// band written out in full (each value with its source, image layers, why a band is unreadable).
import type { Layer } from '../model';
import { formatBytes } from '../units';
import { exportValue, headlineLines } from './exportText';
import { markdownText } from './markdownEscape';

/** A GFM table; cells are untrusted text, escaped here (headers too: they may be workload names). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => markdownText(cell) || ' ').join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)];
}

/** One table row per band, top of the picture first. */
export function glanceTable(layers: readonly Layer[]): string[] {
  return markdownTable(['Band', 'Headline'], [...layers].reverse().map((layer) => [layer.title, headlineLines(layer).join(' · ')]));
}

/** A band in full: every value with the API call, file or command it was read from. */
export function bandDetail(layer: Layer, heading: string): string[] {
  const lines = [heading, ''];
  if (layer.unavailable !== undefined) lines.push(`Not read: ${markdownText(layer.unavailable)}`, '');
  if (layer.facts.length > 0) {
    lines.push(...markdownTable(['Fact', 'Value', 'Source'], layer.facts.map((fact) => [fact.label, exportValue(fact), fact.source])), '');
  }
  if (layer.imageLayers && layer.imageLayers.length > 0) {
    lines.push('Image layers, newest first (the image history the engine reports):', '');
    const rows = layer.imageLayers.map((imageLayer, index) => [String(index + 1), imageLayer.createdBy, formatBytes(imageLayer.sizeBytes), imageLayer.created]);
    lines.push(...markdownTable(['#', 'Created by', 'Size', 'Created'], rows), '');
  }
  return lines;
}
