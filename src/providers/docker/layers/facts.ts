// What every band builder shares: how a fact is made and how it names its source.
import type { Fact } from '../../../shared/model';

export const UNKNOWN = 'unknown';

/** Source strings name the call and the field, as the Engine API reference spells them. */
export const source = {
  info: (field: string) => `GET /info → ${field}`,
  version: (field: string) => `GET /version → ${field}`,
  container: (field: string) => `GET /containers/{id}/json → ${field}`,
  image: (field: string) => `GET /images/{id}/json → ${field}`,
  history: (field: string) => `GET /images/{id}/history → ${field}`,
  top: (field: string) => `GET /containers/{id}/top → ${field}`,
  /** Podman's own API, e.g. libpod('containers/{id}/json', 'OCIRuntime'). */
  libpod: (path: string, field: string) => `GET /libpod/${path} → ${field}`,
};

export function fact(
  key: string,
  label: string,
  value: string,
  factSource: string,
  options: { secret?: boolean; multiline?: boolean } = {},
): Fact {
  const result: Fact = { key, label, value, source: factSource };
  if (options.secret) result.secret = true;
  if (options.multiline) result.multiline = true;
  return result;
}

/** A list shown as one fact: one line per item when there are several, `none` when empty. */
export function listFact(key: string, label: string, items: readonly string[], factSource: string, none = 'none'): Fact {
  if (items.length === 0) return fact(key, label, none, factSource);
  return fact(key, label, items.join('\n'), factSource, { multiline: items.length > 1 });
}

export function unavailableReason(what: string, call: string, error: string): string {
  return `${what} could not be read (${call}): ${error}`;
}
