// The diagrams as text for screen readers: each band in order, bottom first, with its headline
// values, in a list that is read but not drawn. The glance and the compare figure are laid out for
// the eye; this says the same in the order a listener needs.
import type { CompareModel } from '../../src/shared/compare';
import { headlineFacts } from '../../src/shared/headlines';
import type { Layer, Stack } from '../../src/shared/model';
import { element } from './dom';
import { t } from './l10n';

/** `host-os: Debian GNU/Linux 12, Kernel 6.1.0, Architecture x86_64` (the band's kind, title and headline). */
function bandText(layer: Layer, sharedWith?: string): string {
  const values = headlineFacts(layer).map((fact) => `${fact.label} ${fact.value}`);
  const parts = [`${layer.kind}: ${layer.title}`, ...values];
  if (layer.unavailable) parts.push(layer.unavailable);
  const line = parts.join(', ');
  return sharedWith ? `${line} (${sharedWith})` : line;
}

function list(label: string, items: readonly string[]): HTMLElement {
  return element('ol', { attrs: { 'aria-label': label } }, items.map((text) => element('li', { text })));
}

export interface TextEquivalent {
  element: HTMLElement;
  showStack(stack: Stack): void;
  showCompare(model: CompareModel): void;
}

export function createTextEquivalent(): TextEquivalent {
  // Hidden until a diagram is shown (the overhead page has none).
  const section = element('section', { className: 'visually-hidden', attrs: { id: 'diagram-text', 'aria-labelledby': 'diagram-text-heading', hidden: '' } });
  const heading = element('h2', { text: t('The diagram as text'), attrs: { id: 'diagram-text-heading' } });
  return {
    element: section,
    showStack(stack) {
      section.hidden = false;
      section.replaceChildren(heading, list(t('The stack of {0}, bottom to top', stack.name), stack.layers.map((layer) => bandText(layer))));
    },
    showCompare(model) {
      section.hidden = false;
      const names = model.columns.map((column) => column.name);
      const shared = list(t('Shared by all, bottom to top'), model.shared.map((layer) => bandText(layer, t('shared by all'))));
      const columns = model.columns.map((column, index) => {
        const items = column.layers.map((layer, depth) => {
          const group = model.groups.find((candidate) => candidate.depth === depth && candidate.from <= index && index < candidate.to);
          const others = group ? names.slice(group.from, group.to).filter((_, at) => group.from + at !== index) : [];
          return bandText(layer, others.length > 0 ? t('shared with {0}', others.join(', ')) : undefined);
        });
        return element('li', { text: `${column.name}, ${column.state}. ${column.kernel.text}.` }, [list(t('{0}, bottom to top', column.name), items)]);
      });
      section.replaceChildren(heading, shared, element('ul', { attrs: { 'aria-label': t('Each workload above them') } }, columns));
    },
  };
}
