// One band of the diagram: a `<section data-layer>` with a heading, its headline facts, the
// kind-specific parts (image layers, live usage, processes) and collapsible fact groups.
import type { Fact, Layer } from '../../src/shared/model';
import { element, uniqueId } from './dom';
import { renderFactGroup } from './factGroups';
import { groupFacts, renderFactGrid } from './facts';
import { renderImageLayers } from './imageLayers';
import { renderProcesses } from './processes';
import type { ViewState } from './viewState';

export interface BandContext {
  secretsRevealed: boolean;
  view: ViewState;
  /** Placed in the app band. */
  liveStats?: HTMLElement;
  /** Placed in this band's heading (the caller gives it to the band holding the first secret). */
  revealButton?: HTMLElement;
  /** View state changed: persist it. */
  onViewChange(): void;
}

const SUMMARY_FACTS = 3;

/** What a collapsed band still says: its first few values, or why it is unavailable. */
function summaryText(layer: Layer, facts: readonly Fact[]): string {
  if (layer.unavailable !== undefined) return layer.unavailable;
  return facts
    .filter((fact) => fact.secret !== true && fact.multiline !== true)
    .slice(0, SUMMARY_FACTS)
    .map((fact) => fact.value)
    .join(' · ');
}

export function setBandCollapsed(band: HTMLElement, collapsed: boolean): void {
  band.toggleAttribute('data-collapsed', collapsed);
  const state = band.querySelector('.band-state');
  if (state) state.textContent = collapsed ? 'collapsed' : 'expanded';
}

export function isBandCollapsed(band: HTMLElement): boolean {
  return band.hasAttribute('data-collapsed');
}

/**
 * Puts `aside` at the side of the band (after its heading, outside the collapsible body, so it
 * stays visible when the band is collapsed), replacing any earlier one; undefined removes it.
 */
export function setBandAside(band: HTMLElement, aside: HTMLElement | undefined): void {
  band.querySelector(':scope > .band-aside')?.remove();
  band.toggleAttribute('data-aside', aside !== undefined);
  if (!aside) return;
  aside.classList.add('band-aside');
  band.querySelector(':scope > .band-head')?.after(aside);
}

function renderHead(layer: Layer, titleId: string, stateId: string, summary: string, actions: HTMLElement[]): HTMLElement {
  const kind = element('span', { className: 'band-kind', text: layer.kind });
  return element('header', { className: 'band-head' }, [
    element('span', { className: 'chevron', attrs: { 'aria-hidden': 'true' } }),
    element('h2', { className: 'band-title', attrs: { id: titleId } }, [document.createTextNode(layer.title), kind]),
    element('span', { className: 'band-summary', text: summary, attrs: { 'aria-hidden': 'true' } }),
    element('span', { className: 'visually-hidden band-state', text: 'expanded', attrs: { id: stateId } }),
    element('div', { className: 'band-actions' }, actions),
  ]);
}

export function renderBand(layer: Layer, context: BandContext): HTMLElement {
  const { main, groups } = groupFacts(layer.facts);
  const titleId = uniqueId('band-title');
  const stateId = uniqueId('band-state');
  const actions = context.revealButton ? [context.revealButton] : [];
  const head = renderHead(layer, titleId, stateId, summaryText(layer, main), actions);

  const body = element('div', { className: 'band-body' });
  if (layer.unavailable !== undefined) {
    body.append(element('p', { className: 'band-unavailable', text: layer.unavailable, attrs: { role: 'note' } }));
  }
  if (layer.kind === 'app' && context.liveStats) body.append(context.liveStats);
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

  const band = element('section', { className: 'band', attrs: { tabindex: '-1', 'aria-labelledby': `${titleId} ${stateId}` } }, [head, body]);
  band.setAttribute('data-layer', layer.kind);
  if (layer.unavailable !== undefined) band.setAttribute('data-unavailable', layer.unavailable);
  setBandCollapsed(band, context.view.collapsedBands.has(layer.kind));
  return band;
}
