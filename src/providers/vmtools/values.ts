// Small readers for the loosely typed values VM tools print: numbers as strings, sizes with units,
// JSON that may be an object or an array. Each returns undefined rather than guessing.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-negative finite number from a number or a decimal string ("2", "2147483648"). */
export function toCount(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const SIZE_FACTORS: Record<string, number> = {
  b: 1,
  k: 1024, kb: 1024, kib: 1024,
  m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2,
  g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3,
  t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4,
};

/** "2048Mb", "4GiB", "2 GB", 2147483648 or "2147483648" -> bytes (tools mean binary units). */
export function toBytes(value: unknown): number | undefined {
  const plain = toCount(value);
  if (plain !== undefined) return plain;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(value);
  // hasOwn: "1 constructor" must not find Object.prototype's constructor as a factor.
  const unit = match?.[2].toLowerCase();
  if (!match || unit === undefined || !Object.hasOwn(SIZE_FACTORS, unit)) return undefined;
  const bytes = Math.round(Number(match[1]) * SIZE_FACTORS[unit]);
  return Number.isFinite(bytes) ? bytes : undefined;
}

/** JSON.parse as a value: `{ ok: false }` instead of an exception. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** One JSON document per line (limactl, colima): each line that parses, and how many did not. */
export function parseJsonLines(text: string): { values: unknown[]; badLines: number } {
  const values: unknown[] = [];
  let badLines = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const result = parseJson(line);
    if (result.ok) values.push(result.value);
    else badLines++;
  }
  return { values, badLines };
}

/**
 * Lines a tool finished: tools end their output with a newline, so a last line without one was
 * cut off (a killed process, a full pipe) and its value cannot be trusted.
 */
export function completeText(text: string): string {
  const lastNewline = text.lastIndexOf('\n');
  return lastNewline < 0 || lastNewline === text.length - 1 ? text : text.slice(0, lastNewline + 1);
}

/** Non-blank lines without trailing carriage returns. */
export function textLines(text: string): string[] {
  // trimEnd, not replace(/\s+$/): the regex is quadratic in a long whitespace run inside a line.
  return text.split(/\r?\n/).map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
}

/** The start of a line, for error messages about output we did not understand. */
export function preview(line: string): string {
  const oneLine = line.replace(/[\r\n]+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 80)}…` : oneLine;
}
