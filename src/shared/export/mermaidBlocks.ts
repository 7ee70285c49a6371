// The Mermaid pieces both diagram exports are made of: a band as one node (title and headline
// values, every piece of data encoded), the comment lines that name each band's sources, and the
// chain of lines that stacks them. Node ids are ours (b0, c1b2...), never taken from data.
import type { Layer } from '../model';
import { headlineFacts } from '../headlines';
import { headlineLines, layerSources, shorten } from './exportText';
import { mermaidComment, mermaidText } from './mermaidEscape';

/** Long values are cut in a node (the Markdown export keeps them whole). */
const VALUE_CHARS = 48;

export function bandNode(id: string, layer: Layer): string {
  const values = headlineLines(layer).map((line) => shorten(line, VALUE_CHARS));
  const label = [`<b>${mermaidText(layer.title)}</b>`, ...values.map(mermaidText)].join('<br/>');
  return `${id}["${label}"]`;
}

/** `%%` lines naming where each band's headline values came from. */
export function sourceComments(owner: string, layers: readonly Layer[]): string[] {
  return layers.map((layer) => `%% ${mermaidComment(`${owner}${layer.title}, from: ${layerSources(headlineFacts(layer)).join('; ') || 'no values'}`)}`);
}

/** Nodes joined bottom to top with plain lines: each band stands on the one below. */
export function chain(ids: readonly string[]): string[] {
  return ids.slice(1).map((id, index) => `${ids[index]} --- ${id}`);
}
