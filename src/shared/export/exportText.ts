// What every export of a stack writes the same way, whatever the format: a secret's value is never
// written (revealed or not), a value is one line, a band's block says the same in every picture,
// and every value shown names where it came from.
import { headlineFacts } from '../headlines';
import type { Fact, Layer, WorkloadKind } from '../model';

/** Written instead of every secret value: the real one never leaves, even once revealed in the panel. */
export const SECRET_MASK = '(hidden)';

/** The text an export may write for this fact. */
export function exportValue(fact: Fact): string {
  return fact.secret ? SECRET_MASK : fact.value;
}

/** Multi-line values (health output, evidence) on one line, their lines joined by "; ". */
export function oneLine(text: string): string {
  return text
    .split(/\r\n|[\r\n\u2028\u2029\u0085]/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}

/** What a band's block says, as the glance does: each headline fact as "Label: value", or why the band could not be read. */
export function headlineLines(layer: Layer): string[] {
  if (layer.unavailable !== undefined) return [`Not read: ${oneLine(layer.unavailable)}`];
  const lines = headlineFacts(layer).map((fact) => `${oneLine(fact.label)}: ${oneLine(exportValue(fact))}`);
  return lines.length > 0 ? lines : ['No values reported'];
}

/** Cuts a long value for a picture, marking the cut; the text exports keep it whole. */
export function shorten(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

const KIND_WORDS: Record<WorkloadKind, string> = { container: 'container', vm: 'virtual machine', host: 'this machine', pod: 'pod' };

export function kindWord(kind: WorkloadKind): string {
  return KIND_WORDS[kind] ?? kind;
}

/** The sources these values of a band came from, each once, in the order the facts name them. */
export function layerSources(facts: readonly Fact[]): string[] {
  return [...new Set(facts.map((fact) => oneLine(fact.source)).filter((source) => source !== ''))];
}

/** Whether any value of these bands is a secret (the export then says how it writes them). */
export function hasSecrets(layers: readonly Layer[]): boolean {
  return layers.some((layer) => layer.facts.some((fact) => fact.secret));
}

/** The time every export carries: when the values were read, and when the export was made. */
export function timeLine(readAt: string, exportedAt: string): string {
  return `Read at ${readAt}; exported at ${exportedAt}.`;
}

/** A file name from untrusted names: letters, digits, dot, dash and underscore only, not too long. */
export function fileNameStem(name: string): string {
  const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+|-+$/g, '');
  return [...(safe || 'workload')].slice(0, 60).join('');
}
