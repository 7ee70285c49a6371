// What the host accepts back from a webview as an exported image, before it writes a byte: a
// bounded string that is what it says it is. The webview is our code, but what it draws holds
// engine data, so the host does not take its word for it.
import type { ImageFormat } from '../shared/exportProtocol';

/** Far above any diagram we draw (a comparison of four is some 100 KB of SVG, a PNG some 1 MB). */
export const MAX_IMAGE_CHARS = 16 * 1024 * 1024;

const SVG_START = '<svg xmlns="http://www.w3.org/2000/svg"';
const PNG_DATA_URL = 'data:image/png;base64,';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The file's bytes, or why the data is refused (a sentence for the log and the user). */
export function checkedImage(format: ImageFormat, data: string): { bytes: Uint8Array } | { refused: string } {
  if (data.length > MAX_IMAGE_CHARS) return { refused: `the ${format.toUpperCase()} is larger than ${MAX_IMAGE_CHARS / 1024 / 1024} MB` };
  return format === 'svg' ? checkedSvg(data) : checkedPng(data);
}

function checkedSvg(data: string): { bytes: Uint8Array } | { refused: string } {
  if (!data.startsWith(SVG_START) || !data.trimEnd().endsWith('</svg>')) return { refused: 'the SVG does not start and end as our SVG does' };
  // Our drawing has no script, no foreign HTML, no style and no links. Text from engines is escaped
  // (it holds no `<`), so every tag is ours; their attribute values are blanked before looking.
  for (const tag of data.match(/<[^>]*>/g) ?? []) {
    const bare = tag.replace(/"[^"]*"|'[^']*'/g, '""');
    if (/^<\/?(script|foreignObject|a|image|use|style|iframe)\b|\s(href|xlink:href|on[a-z]+)\s*=/i.test(bare)) return { refused: 'the SVG holds scripts, links or embedded content' };
  }
  return { bytes: Buffer.from(data, 'utf8') };
}

function checkedPng(data: string): { bytes: Uint8Array } | { refused: string } {
  const base64 = data.startsWith(PNG_DATA_URL) ? data.slice(PNG_DATA_URL.length) : '';
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return { refused: 'the PNG is not a base64 data: URL' };
  const bytes = Buffer.from(base64, 'base64');
  if (!bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return { refused: 'the data is not a PNG image' };
  return { bytes };
}
