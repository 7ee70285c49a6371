// One band of the diagram: a `<section data-layer>` drawn as a block of the glance (its heading and
// two or three headline values, the kind-specific live parts), with its full detail (every fact,
// image layers, processes, fact groups) below it, opened on demand.
import { headlineFacts } from '../../src/shared/headlines';
import type { Fact, Layer } from '../../src/shared/model';
import { element, uniqueId } from './dom';
import { renderFactGroup } from './factGroups';
import { copyContext, groupFacts, renderFactGrid } from './facts';
import { renderImageLayers } from './imageLayers';
import { renderProcesses } from './processes';
import type { ViewState } from './viewState';
import { t } from './l10n';

export interface BandContext {
  secretsRevealed: boolean;
  view: ViewState;
  /** Placed in the app band, in the glance (outside the detail). */
  liveStats?: HTMLElement;
  /** The image analysis, placed in the libraries band's detail under the image layers (kept across redraws). */
  imageAnalysis?: HTMLElement;
  /** Placed in this band's heading (the caller gives it to the band holding the first secret). */
  revealButton?: HTMLElement;
  /** View state changed: persist it. */
  onViewChange(): void;
}

/** Opens or closes the band's detail; the block itself (heading, headline) stays. */
export function setBandOpen(band: HTMLElement, open: boolean): void {
  band.toggleAttribute('data-collapsed', !open);
  const state = band.querySelector('.band-state');
  if (state) state.textContent = open ? t('detail open') : t('detail closed');
}

export function isBandOpen(band: HTMLElement): boolean {
  return !band.hasAttribute('data-collapsed');
}

/**
 * Puts `aside` at the side of the band (after its heading, outside the detail, so it stays in the
 * glance), replacing any earlier one; undefined removes it.
 */
export function setBandAside(band: HTMLElement, aside: HTMLElement | undefined): void {
  band.querySelector(':scope > .band-aside')?.remove();
  band.toggleAttribute('data-aside', aside !== undefined);
  if (!aside) return;
  aside.classList.add('band-aside');
  band.querySelector(':scope > .band-head')?.after(aside);
}

function renderHeadlineValue(fact: Fact): HTMLElement {
  // The value is cut to fit the block; the whole of it is in the title, the copy menu and the detail.
  const item = element('div', { className: 'headline', attrs: { title: t('{0}: {1}\nSource: {2}', fact.label, fact.value, fact.source) } }, [
    element('dt', { className: 'headline-label', text: fact.label }),
    element('dd', { className: 'headline-value', text: fact.value }),
  ]);
  item.setAttribute('data-headline', fact.key);
  item.setAttribute('data-vscode-context', copyContext(fact));
  return item;
}

/**
 * Values the stack does not hold (the image analysis's figures) added after the band's own
 * headline values, replacing the earlier ones; none removes them. Only where the block shows values.
 */
export function setExtraHeadlines(band: HTMLElement, facts: readonly Fact[]): void {
  for (const item of band.querySelectorAll(':scope > .band-head [data-headline-extra]')) item.remove();
  const list = band.querySelector(':scope > .band-head dl.band-headline');
  if (!list) return;
  for (const fact of facts) {
    const item = renderHeadlineValue(fact);
    item.setAttribute('data-headline-extra', '');
    list.append(item);
  }
}

/** The block's values: its headline facts, or why the band could not be read. */
function renderHeadline(layer: Layer): HTMLElement {
  if (layer.unavailable !== undefined) {
    return element('p', { className: 'band-headline band-headline-unavailable', text: layer.unavailable, attrs: { title: layer.unavailable } });
  }
  const facts = headlineFacts(layer);
  if (facts.length === 0) return element('p', { className: 'band-headline band-headline-empty', text: t('nothing reported') });
  return element('dl', { className: 'band-headline' }, facts.map(renderHeadlineValue));
}

function renderHead(layer: Layer, titleId: string, stateId: string, actions: HTMLElement[]): HTMLElement {
  const kind = element('span', { className: 'band-kind', text: layer.kind });
  return element('header', { className: 'band-head' }, [
    element('span', { className: 'chevron', attrs: { 'aria-hidden': 'true' } }),
    element('h2', { className: 'band-title', attrs: { id: titleId, title: layer.title } }, [document.createTextNode(layer.title), kind]),
    renderHeadline(layer),
    element('span', { className: 'visually-hidden band-state', attrs: { id: stateId } }),
    element('div', { className: 'band-actions' }, actions),
  ]);
}

function renderDetail(layer: Layer, main: Fact[], groups: Map<string, Fact[]>, context: BandContext): HTMLElement {
  const body = element('div', { className: 'band-body' });
  if (layer.unavailable !== undefined) {
    body.append(element('p', { className: 'band-unavailable', text: layer.unavailable, attrs: { role: 'note' } }));
  }
  if (main.length > 0) body.append(renderFactGrid(main, context.secretsRevealed));
  if (layer.processes) body.append(renderProcesses(layer.processes));
  if (layer.imageLayers) {
    body.append(
      renderImageLayers(layer.imageLayers, context.view.expandedLists.has(layer.kind), (expanded) => {
        if (expanded) context.view.expandedLists.add(layer.kind);
        else context.view.expandedLists.delete(layer.kind);
      }),
    );
  }
  if (layer.kind === 'libraries' && context.imageAnalysis) body.append(context.imageAnalysis);
  for (const [group, facts] of groups) {
    const stateKey = `${layer.kind}/${group}`;
    body.append(
      renderFactGroup(group, facts, {
        secretsRevealed: context.secretsRevealed,
        userChoice: context.view.groupsOpen.get(stateKey),
        onToggle(open) {
          context.view.groupsOpen.set(stateKey, open);
          context.onViewChange();
        },
      }),
    );
  }
  return body;
}

export function renderBand(layer: Layer, context: BandContext): HTMLElement {
  const { main, groups } = groupFacts(layer.facts);
  const titleId = uniqueId('band-title');
  const stateId = uniqueId('band-state');
  const actions = context.revealButton ? [context.revealButton] : [];
  const head = renderHead(layer, titleId, stateId, actions);
  const live = layer.kind === 'app' && context.liveStats ? [context.liveStats] : [];

  const band = element('section', { className: 'band', attrs: { tabindex: '-1', 'aria-labelledby': `${titleId} ${stateId}` } }, [
    head,
    ...live,
    renderDetail(layer, main, groups, context),
  ]);
  band.setAttribute('data-layer', layer.kind);
  if (layer.unavailable !== undefined) band.setAttribute('data-unavailable', layer.unavailable);
  setBandOpen(band, context.view.openBands.has(layer.kind));
  return band;
}
