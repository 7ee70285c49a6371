// The image history inside the libraries band: one row per filesystem layer, newest first as
// the engine reports it. Long histories collapse after a few rows; every row stays in the DOM.
import type { ImageLayer } from '../../src/shared/model';
import { element } from './dom';
import { formatBytes } from './format';
import { createButton, setButtonLabel } from './toolkit';
import { t } from './l10n';

const VISIBLE_WHEN_COLLAPSED = 8;

/** The shell wrapper the classic builder puts before every instruction: dimmed, not removed. */
const SHELL_PREFIX = /^\/bin\/sh -c (#\(nop\)\s*)?/;

function renderCommand(createdBy: string): HTMLElement {
  const command = element('code', { className: 'image-layer-command' });
  const prefix = SHELL_PREFIX.exec(createdBy)?.[0] ?? '';
  if (prefix) command.append(element('span', { className: 'shell-prefix', text: prefix }));
  command.append(document.createTextNode(createdBy.slice(prefix.length)));
  return command;
}

/** A layer made without a build step (an imported base) has no command: its comment says what it is. */
function describeOrigin(layer: ImageLayer): HTMLElement {
  if (layer.createdBy) return renderCommand(layer.createdBy);
  return element('code', { className: 'image-layer-command is-comment', text: layer.comment || t('(no build step recorded)') });
}

function renderLayer(layer: ImageLayer, index: number, largest: number): HTMLLIElement {
  const details = [layer.id, layer.created, layer.comment].filter((part) => part).join('\n');
  const row = element('li', { className: 'image-layer', attrs: { title: details } }, [
    describeOrigin(layer),
    element('span', { className: 'image-layer-size', text: formatBytes(layer.sizeBytes) }),
  ]);
  row.setAttribute('data-image-layer', String(index));
  row.classList.toggle('is-empty', layer.sizeBytes === 0);
  row.classList.toggle('is-overflow', index >= VISIBLE_WHEN_COLLAPSED);
  // Share of the largest layer, drawn as a thin bar (CSSOM custom property: CSP-safe).
  row.style.setProperty('--share', String(largest > 0 ? layer.sizeBytes / largest : 0));
  return row;
}

export function renderImageLayers(
  layers: readonly ImageLayer[],
  expanded: boolean,
  onExpandedChange: (expanded: boolean) => void,
): HTMLElement {
  const largest = Math.max(0, ...layers.map((layer) => layer.sizeBytes));
  const list = element('ol', { className: 'image-layer-list' }, layers.map((layer, i) => renderLayer(layer, i, largest)));
  list.toggleAttribute('data-expanded', expanded);
  const section = element('div', { className: 'image-layers' }, [
    element('h3', { className: 'sub-heading', text: t('Image layers ({0}), newest first', layers.length) }),
    list,
  ]);
  if (layers.length > VISIBLE_WHEN_COLLAPSED) {
    const labelFor = (isExpanded: boolean): string => (isExpanded ? t('Show fewer') : t('Show all {0}', layers.length));
    const toggle = createButton(labelFor(expanded));
    toggle.classList.add('image-layers-toggle');
    toggle.setAttribute('aria-expanded', String(expanded));
    toggle.addEventListener('click', () => {
      const nowExpanded = !list.hasAttribute('data-expanded');
      list.toggleAttribute('data-expanded', nowExpanded);
      toggle.setAttribute('aria-expanded', String(nowExpanded));
      setButtonLabel(toggle, labelFor(nowExpanded));
      onExpandedChange(nowExpanded);
    });
    section.append(toggle);
  }
  return section;
}
