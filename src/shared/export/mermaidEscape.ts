// Untrusted text inside a Mermaid label ("...") or comment. In a label, every character Mermaid's grammar or its
// HTML labels could read (quotes, backticks for markdown strings, brackets, `-->`'s `>`, `#`, `;`,
// `%` of `%%{` directives, `<` of HTML) is written as Mermaid's own entity code `#<number>;`, which
// it shows as the character. Letters, digits and plain punctuation stay readable.
import { oneLine } from './exportText';

/**
 * Everything else is encoded. Inside a quoted label only `"` ends it, so parentheses stay readable;
 * `-` alone is harmless (an arrow needs the `>` that is encoded); `:` is encoded because Mermaid
 * rewrites `style...:...#...;` anywhere in the text before parsing.
 */
const PLAIN = /[\p{L}\p{N} .,/_@+()-]/u;

function encoded(text: string, plain: (character: string) => boolean): string {
  let written = '';
  for (const character of oneLine(text)) written += plain(character) ? character : `#${character.codePointAt(0)};`;
  return written;
}

/** Text for a label: everything but letters, digits and plain punctuation encoded. */
export function mermaidText(text: string): string {
  return encoded(text, (character) => PLAIN.test(character) && !/\p{M}/u.test(character));
}

/**
 * Text for a `%%` comment, which is never drawn, only read in the file: kept readable, with only
 * what could leave the comment or make a `%%{...}%%` directive (Mermaid finds those anywhere,
 * comments included) encoded, and invisible controls.
 */
export function mermaidComment(text: string): string {
  return encoded(text, (character) => !/[%{}#]|\p{Cc}|\p{Cf}/u.test(character));
}
