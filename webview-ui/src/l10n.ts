// The webview's own words in the user's language: the host writes its l10n bundle (English message
// -> translation) into the page as a JSON data block, `#ws-l10n`, before any script runs; t() looks
// the English message up there and falls back to it. Only text goes in and out, never markup.

type Bundle = ReadonlyMap<string, string>;

/** The id of the page's JSON data block (stackPageHtml.ts writes it). */
const BUNDLE_ELEMENT_ID = 'ws-l10n';

let bundle: Bundle | undefined;

/** The string entries of the page's bundle; none when there is none (English) or it does not parse. */
function readBundle(): Bundle {
  const entries = new Map<string, string>();
  if (typeof document === 'undefined') return entries;
  const text = document.getElementById(BUNDLE_ELEMENT_ID)?.textContent;
  if (!text) return entries;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return entries;
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') entries.set(key, value);
  } catch {
    // A broken bundle leaves the page in English rather than without words.
  }
  return entries;
}

/**
 * `message` (English, with `{0}`, `{1}`… for values) in the page's language, the values put in.
 * Give it the literal sentence: the unit test finds every t('…') and asks for its translation.
 */
export function t(message: string, ...args: (string | number)[]): string {
  bundle ??= readBundle();
  const template = bundle.get(message) ?? message;
  return template.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? placeholder : String(value);
  });
}
