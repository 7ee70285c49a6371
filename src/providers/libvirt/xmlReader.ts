// A small, bounded XML reader for libvirt's own XML (dumpxml, capabilities). There is no XML
// library in the extension and libvirt's XML is plain: elements, attributes, text. Anything
// beyond that (DOCTYPE, entity declarations) is refused, so no input can make it expand or hang.

export interface XmlElement {
  /** Qualified name as written, e.g. `libosinfo:os`. */
  name: string;
  /** Attributes by qualified name; a Map so names such as `__proto__` stay plain data. */
  attributes: Map<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded, trimmed. */
  text: string;
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; error: string };

export const XML_LIMITS = { maxChars: 4 * 1024 * 1024, maxDepth: 64, maxElements: 50_000 };

const NAME = /[A-Za-z_][\w.:-]*/y;
const BASIC_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class XmlSyntaxError extends Error {}

export function readXml(text: string): XmlResult {
  if (text.length > XML_LIMITS.maxChars) return { ok: false, error: `the XML is larger than ${XML_LIMITS.maxChars} characters` };
  try {
    return { ok: true, root: new Reader(text).document() };
  } catch (error) {
    if (error instanceof XmlSyntaxError) return { ok: false, error: error.message };
    return { ok: false, error: `unreadable XML (${String(error)})` };
  }
}

class Reader {
  private position = 0;
  private elements = 0;

  constructor(private readonly text: string) {}

  document(): XmlElement {
    this.skipMisc();
    if (this.position >= this.text.length) this.fail('no root element');
    const root = this.element(1);
    this.skipMisc();
    if (this.position < this.text.length) this.fail('content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions around the root; DOCTYPE is refused. */
  private skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.startsWith('<?')) this.skipPast('?>');
      else if (this.startsWith('<!--')) this.skipPast('-->');
      else if (this.startsWith('<!')) this.fail('DOCTYPE and entity declarations are not accepted');
      else return;
    }
  }

  private element(depth: number): XmlElement {
    if (depth > XML_LIMITS.maxDepth) this.fail(`elements nested deeper than ${XML_LIMITS.maxDepth}`);
    if (++this.elements > XML_LIMITS.maxElements) this.fail(`more than ${XML_LIMITS.maxElements} elements`);
    this.expect('<');
    const name = this.name();
    const element: XmlElement = { name, attributes: new Map(), children: [], text: '' };
    for (;;) {
      const hadSpace = this.skipWhitespace();
      if (this.startsWith('/>')) {
        this.position += 2;
        return element;
      }
      if (this.startsWith('>')) {
        this.position += 1;
        break;
      }
      if (!hadSpace) this.fail(`expected whitespace, '>' or '/>' in <${name}>`);
      const attribute = this.name();
      this.skipWhitespace();
      this.expect('=');
      this.skipWhitespace();
      element.attributes.set(attribute, this.quoted());
    }
    element.text = this.content(element, depth).trim();
    return element;
  }

  /** Children and text up to the matching end tag; returns the text. */
  private content(element: XmlElement, depth: number): string {
    let text = '';
    for (;;) {
      if (this.position >= this.text.length) this.fail(`<${element.name}> is not closed`);
      if (this.startsWith('</')) {
        this.position += 2;
        const closing = this.name();
        if (closing !== element.name) this.fail(`</${closing}> closes <${element.name}>`);
        this.skipWhitespace();
        this.expect('>');
        return text;
      }
      if (this.startsWith('<!--')) this.skipPast('-->');
      else if (this.startsWith('<![CDATA[')) text += this.cdata();
      else if (this.startsWith('<?')) this.skipPast('?>');
      else if (this.startsWith('<!')) this.fail('declarations are not accepted inside elements');
      else if (this.startsWith('<')) element.children.push(this.element(depth + 1));
      else text += this.textRun();
    }
  }

  private textRun(): string {
    const end = this.text.indexOf('<', this.position);
    const stop = end < 0 ? this.text.length : end;
    const raw = this.text.slice(this.position, stop);
    this.position = stop;
    return this.decode(raw);
  }

  private cdata(): string {
    const start = this.position + '<![CDATA['.length;
    const end = this.text.indexOf(']]>', start);
    if (end < 0) this.fail('CDATA section is not closed');
    this.position = end + 3;
    return this.text.slice(start, end);
  }

  private quoted(): string {
    const quote = this.text[this.position];
    if (quote !== '"' && quote !== "'") this.fail('attribute value without quotes');
    const end = this.text.indexOf(quote, this.position + 1);
    if (end < 0) this.fail('attribute value is not closed');
    const raw = this.text.slice(this.position + 1, end);
    if (raw.includes('<')) this.fail("'<' inside an attribute value");
    this.position = end + 1;
    return this.decode(raw);
  }

  private decode(raw: string): string {
    return raw.replace(/&([^;&\s]{0,10});?/g, (match, entity: string) => {
      if (!match.endsWith(';')) this.fail(`bare '&' in text`);
      if (Object.hasOwn(BASIC_ENTITIES, entity)) return BASIC_ENTITIES[entity];
      const numeric = /^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.exec(entity);
      if (!numeric) this.fail(`unknown entity &${entity};`);
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code === 0) this.fail(`invalid character reference &${entity};`);
      return String.fromCodePoint(code);
    });
  }

  private name(): string {
    NAME.lastIndex = this.position;
    const match = NAME.exec(this.text);
    if (!match) this.fail(`expected a name at offset ${this.position}`);
    this.position += match[0].length;
    return match[0];
  }

  private skipWhitespace(): boolean {
    const start = this.position;
    while (this.position < this.text.length && ' \t\r\n'.includes(this.text[this.position])) this.position++;
    return this.position > start;
  }

  private skipPast(terminator: string): void {
    const end = this.text.indexOf(terminator, this.position);
    if (end < 0) this.fail(`'${terminator}' missing`);
    this.position = end + terminator.length;
  }

  private startsWith(prefix: string): boolean {
    return this.text.startsWith(prefix, this.position);
  }

  private expect(char: string): void {
    if (this.text[this.position] !== char) this.fail(`expected '${char}' at offset ${this.position}`);
    this.position++;
  }

  private fail(message: string): never {
    throw new XmlSyntaxError(message);
  }
}

/** The first child element named `name` (qualified name, or local name when `name` has no prefix). */
export function childElement(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child) => matchesName(child, name));
}

export function childElements(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((child) => matchesName(child, name)) ?? [];
}

/** Follows a path of child names, e.g. `['os', 'type']`. */
export function descend(element: XmlElement | undefined, path: readonly string[]): XmlElement | undefined {
  let current = element;
  for (const name of path) current = childElement(current, name);
  return current;
}

export function attribute(element: XmlElement | undefined, name: string): string | undefined {
  return element?.attributes.get(name);
}

function matchesName(element: XmlElement, name: string): boolean {
  if (element.name === name) return true;
  return !name.includes(':') && element.name.slice(element.name.indexOf(':') + 1) === name;
}
