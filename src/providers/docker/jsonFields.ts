// Readers for untrusted JSON: each returns undefined (or empty) when the field is missing or of
// another type, so one odd field from an engine never fails a whole parse.

export type JsonRecord = Record<string, unknown>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function string(source: JsonRecord, key: string): string | undefined {
  const value = source[key];
  return typeof value === 'string' ? value : undefined;
}

export function nonEmptyString(source: JsonRecord, key: string): string | undefined {
  const value = string(source, key);
  return value === '' ? undefined : value;
}

export function number(source: JsonRecord, key: string): number | undefined {
  const value = source[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function boolean(source: JsonRecord, key: string): boolean | undefined {
  const value = source[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function record(source: JsonRecord, key: string): JsonRecord | undefined {
  const value = source[key];
  return isRecord(value) ? value : undefined;
}

export function array(source: JsonRecord, key: string): unknown[] {
  const value = source[key];
  return Array.isArray(value) ? value : [];
}

export function records(source: JsonRecord, key: string): JsonRecord[] {
  return array(source, key).filter(isRecord);
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function stringArray(source: JsonRecord, key: string): string[] | undefined {
  const value = source[key];
  return isStringArray(value) ? value : undefined;
}

/** Cmd and Entrypoint are arrays, but old engines and some tools send a single string. */
export function commandArray(source: JsonRecord, key: string): string[] | undefined {
  const value = source[key];
  if (typeof value === 'string') return value === '' ? undefined : [value];
  return stringArray(source, key);
}

export function stringRecord(source: JsonRecord, key: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(record(source, key) ?? {})) {
    if (typeof value === 'string') result[name] = value;
  }
  return result;
}

export function nonEmptyArrayLength(source: JsonRecord, key: string): number | undefined {
  const value = source[key];
  return Array.isArray(value) && value.length > 0 ? value.length : undefined;
}

/** The engine's error body is `{"message": "..."}`. */
export function isErrorBody(value: JsonRecord): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && typeof value.message === 'string';
}

export function failure<T>(reason: string, raw: unknown): Parsed<T> {
  const message = isRecord(raw) && typeof raw.message === 'string' ? `: ${raw.message}` : '';
  return { ok: false, error: `${reason}${message}` };
}

/** The provider passes the Error a call failed with in place of its answer. */
export function parseUnlessFailed<T>(raw: unknown, parse: (value: unknown) => Parsed<T>): Parsed<T> {
  return raw instanceof Error ? { ok: false, error: raw.message } : parse(raw);
}
