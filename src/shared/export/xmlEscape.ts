// Untrusted text as XML character data or attribute values, for the SVG export: escaped, and
// stripped of what XML 1.0 cannot carry at all (control characters, lone surrogates), which
// escaping alone would not make well-formed.

/** Characters XML 1.0 forbids even as references: replaced by U+FFFD. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe as element content and as a double- or single-quoted attribute value. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/[&<>"']/g, (character) => ENTITIES[character]);
}
