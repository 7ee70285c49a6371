// QEMU's option values: `key=value,key=value` (a doubled comma is a literal comma) with an implied
// first key (`-m 1G` means `-m size=1G`), or a JSON object (libvirt writes `-blockdev {...}`).
// Nested JSON objects flatten to dotted keys, the same keys the `file.filename=x` syntax uses.

export interface OptionList {
  values: ReadonlyMap<string, string>;
}

/** Splits on single commas; `,,` stays as one literal comma. */
function splitOnCommas(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char !== ',') {
      current += char;
    } else if (text[index + 1] === ',') {
      current += ',';
      index++;
    } else {
      parts.push(current);
      current = '';
    }
  }
  parts.push(current);
  return parts;
}

function flattenJson(value: unknown, prefix: string, into: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flattenJson(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    into.set(prefix, String(value));
  }
}

function parseJsonOptions(text: string): Map<string, string> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const values = new Map<string, string>();
    flattenJson(parsed, '', values);
    return values;
  } catch {
    return undefined;
  }
}

/**
 * `impliedKey` names what a leading bare word means (`-name NAME`, `-smp 2`, `-netdev user`).
 * Later bare words are old-style booleans (`server`, `nowait`): `server` → on, `noX` → X=off.
 */
export function parseOptionList(text: string, impliedKey?: string): OptionList {
  if (text.trimStart().startsWith('{')) {
    const json = parseJsonOptions(text);
    if (json) return { values: json };
  }
  const values = new Map<string, string>();
  splitOnCommas(text).forEach((part, index) => {
    const equals = part.indexOf('=');
    if (equals > 0) {
      values.set(part.slice(0, equals), part.slice(equals + 1));
    } else if (index === 0 && impliedKey) {
      if (part !== '') values.set(impliedKey, part);
    } else if (part.startsWith('no') && part.length > 2) {
      values.set(part.slice(2), 'off');
    } else if (part !== '') {
      values.set(part, 'on');
    }
  });
  return { values };
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50, e: 2 ** 60 };

/** `128` (in `defaultUnit`), `1G`, `512M`, `131072k`, `2.5G` → bytes; undefined when not a size. */
export function parseSize(text: string, defaultUnit: 'b' | 'm'): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmgtpe]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = match[2].toLowerCase() || defaultUnit;
  const bytes = Math.round(Number(match[1]) * SIZE_UNITS[unit]);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** `on`, `yes`, `true` (QEMU's spellings of a true boolean). */
export function isOn(value: string | undefined): boolean {
  return value === 'on' || value === 'yes' || value === 'true';
}
