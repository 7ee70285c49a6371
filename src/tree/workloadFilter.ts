// The tree filter: words typed by the user, each narrowing what is shown. A plain word matches the
// name or the image; `name:`, `image:`, `state:` and `label:key` / `label:key=value` are explicit;
// a leading `-` negates a term. All terms must hold. Matching is case-insensitive.
import type { WorkloadSummary } from '../providers/provider';

type Field = 'any' | 'name' | 'image' | 'state' | 'label';

interface Term {
  field: Field;
  /** For labels: the key; otherwise the text to find. */
  text: string;
  /** For `label:key=value`. */
  value?: string;
  negated: boolean;
}

export interface WorkloadFilter {
  /** The text as typed, shown in the view's description. */
  readonly text: string;
  matches(summary: WorkloadSummary): boolean;
}

const FIELDS: readonly Field[] = ['name', 'image', 'state', 'label'];

function parseTerm(raw: string): Term | undefined {
  const negated = raw.startsWith('-') && raw.length > 1;
  const body = (negated ? raw.slice(1) : raw).toLowerCase();
  const colon = body.indexOf(':');
  const prefix = colon > 0 ? body.slice(0, colon) : '';
  const field = FIELDS.find((f) => f === prefix);
  if (!field) return body ? { field: 'any', text: body, negated } : undefined;
  const rest = body.slice(colon + 1);
  if (!rest) return undefined;
  if (field !== 'label') return { field, text: rest, negated };
  const equals = rest.indexOf('=');
  return equals >= 0 ? { field, text: rest.slice(0, equals), value: rest.slice(equals + 1), negated } : { field, text: rest, negated };
}

function holds(term: Term, summary: WorkloadSummary): boolean {
  switch (term.field) {
    case 'any':
      return summary.name.toLowerCase().includes(term.text) || summary.image.toLowerCase().includes(term.text);
    case 'name':
      return summary.name.toLowerCase().includes(term.text);
    case 'image':
      return summary.image.toLowerCase().includes(term.text);
    case 'state':
      return summary.state === term.text || (term.text === 'stopped' && (summary.state === 'exited' || summary.state === 'created' || summary.state === 'dead'));
    case 'label':
      return Object.entries(summary.labels ?? {}).some(
        ([key, value]) => key.toLowerCase() === term.text && (term.value === undefined || value.toLowerCase() === term.value),
      );
  }
}

export function parseWorkloadFilter(text: string): WorkloadFilter {
  const terms = text
    .split(/\s+/)
    .map(parseTerm)
    .filter((term): term is Term => term !== undefined);
  return {
    text: text.trim(),
    matches: (summary) => terms.every((term) => holds(term, summary) !== term.negated),
  };
}

/** Workloads that are not running (exited, created, dead): hidden by the hide-stopped setting. */
export function isStopped(summary: WorkloadSummary): boolean {
  return summary.state === 'exited' || summary.state === 'created' || summary.state === 'dead';
}
