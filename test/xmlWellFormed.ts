// A small XML 1.0 well-formedness check for the SVG export in plain Node (the webview tests parse
// the same files with Chromium's DOMParser too): tags nest and close, attributes are quoted and
// not repeated, every `&` starts a known reference, no raw `<` in text or attribute values, and
// no character XML forbids. Returns what is wrong; empty when well-formed.

const TAG = /^<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/;
const ATTRIBUTE = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const REFERENCE = /^&(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function referenceProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    if (!REFERENCE.test(text.slice(at))) problems.push(`${where}: a bare & at ${JSON.stringify(text.slice(at, at + 12))}`);
  }
  return problems;
}

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  if (FORBIDDEN.test(xml)) problems.push('a character XML 1.0 forbids');
  const open: string[] = [];
  let roots = 0;
  let index = 0;
  while (index < xml.length) {
    const next = xml.indexOf('<', index);
    const text = xml.slice(index, next === -1 ? xml.length : next);
    if (open.length === 0 && text.trim() !== '') problems.push(`text outside the root: ${JSON.stringify(text.slice(0, 30))}`);
    problems.push(...referenceProblems(text, 'text'));
    if (next === -1) break;
    const tag = TAG.exec(xml.slice(next));
    if (!tag) {
      problems.push(`not a tag at ${next}: ${JSON.stringify(xml.slice(next, next + 30))}`);
      break;
    }
    const [whole, closing, name, attributes, selfClosing] = tag;
    const seen = new Set<string>();
    for (const [, attribute, double, single] of attributes.matchAll(ATTRIBUTE)) {
      if (seen.has(attribute)) problems.push(`<${name}> repeats ${attribute}`);
      seen.add(attribute);
      problems.push(...referenceProblems(double ?? single ?? '', `${name}@${attribute}`));
    }
    if (closing) {
      if (open.pop() !== name) problems.push(`</${name}> closes what it did not open`);
    } else {
      if (open.length === 0 && ++roots > 1) problems.push('more than one root element');
      if (!selfClosing) open.push(name);
    }
    index = next + whole.length;
  }
  if (open.length > 0) problems.push(`never closed: ${open.join(' > ')}`);
  if (roots === 0) problems.push('no root element');
  return problems;
}
