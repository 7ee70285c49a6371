// Untrusted text (engine values, labels, names, image history) as inert Markdown: never markup,
// never a link, never a break out of the table cell it is written in.
import { oneLine } from './exportText';

/**
 * Text safe in a Markdown paragraph, list item or table cell. Each character that CommonMark or
 * GFM may read as syntax is backslash-escaped (any ASCII punctuation may be), so `<img ...>` stays
 * text even where a renderer allows HTML; `|` cannot end a cell; newlines become "; "; control
 * characters become spaces.
 */
export function markdownText(text: string): string {
  return oneLine(text)
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\\`*_{}[\]()<>#|~&!]/g, (character) => `\\${character}`)
    .trim();
}
