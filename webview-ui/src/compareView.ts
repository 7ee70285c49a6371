// The compare view: one column per workload with its own layers (top to bottom), standing on the
// blocks some of them share (one engine block under three containers, one hypervisor block under
// two VMs) and on the layers all of them share, drawn once across the bottom — the classic
// side-by-side figure, as a grid whose rows count from the bottom. Each column says whether its
// workload brings its own kernel or shares the host's.
import type { CompareColumn, CompareDifference, CompareGroup, CompareModel } from '../../src/shared/compare';
import type { Layer } from '../../src/shared/model';
import { isBandOpen, renderBand, setBandOpen } from './bands';
import { element } from './dom';
import { installBandKeyboard, makeTabStop } from './keyboard';
import type { ViewState } from './viewState';
import { t } from './l10n';

export interface CompareView {
  element: HTMLElement;
  render(model: CompareModel): void;
}

/** Bands the user opened, keyed `<column or shared>/<kind>`: the picture starts compact. */
const opened = new Set<string>();

function bands(owner: string, layers: readonly Layer[], view: ViewState, onViewChange: () => void): HTMLElement[] {
  // Secret values are never revealed here: the single-stack panel is the place for that.
  return [...layers].reverse().map((layer) => {
    const band = renderBand(layer, { secretsRevealed: false, view, onViewChange });
    const key = `${owner}/${layer.kind}`;
    band.setAttribute('data-band-key', key);
    setBandOpen(band, opened.has(key));
    return band;
  });
}

function toggle(band: HTMLElement): void {
  const key = band.getAttribute('data-band-key') ?? '';
  const open = !isBandOpen(band);
  if (open) opened.add(key);
  else opened.delete(key);
  setBandOpen(band, open);
}

/*
 * The figure's grid: one column per workload; a row per depth of the blocks some columns share
 * (depth 0 at the bottom, just above the blocks all share), and a first row, 1fr, that takes each
 * column's own part. A column's shared blocks are always its lowest own depths (compareStacks
 * splits only within a block), so its own part sits straight on its topmost shared block.
 */
function place(node: HTMLElement, columns: [number, number], rows: string): void {
  node.style.gridColumn = `${columns[0] + 1} / ${columns[1] + 1}`;
  node.style.gridRow = rows;
}

/** The grid row of the blocks shared by some columns at `depth`, with `tiers` such depths in all. */
const tierRow = (depth: number, tiers: number): number => tiers + 1 - depth;

/** A column: its heading and kernel note, then its own bands top first; shared blocks are drawn apart. */
function renderColumn(column: CompareColumn, index: number, tiers: number, groupedDepths: number, view: ViewState, onViewChange: () => void): HTMLElement {
  const heading = element('header', { className: 'compare-column-head' }, [
    element('h2', { className: 'compare-name', text: column.name }),
    element('span', { className: 'state-chip', text: column.state }),
    element('span', { className: 'compare-kind', text: column.workload.kind }),
  ]);
  const kernel = element('p', { className: 'kernel-note', text: column.kernel.text });
  kernel.setAttribute('data-kernel', column.kernel.shared ? 'shared' : 'own');
  // A pod's containers are columns of one workload: the name tells them apart. bands() gives them
  // top first; the lowest `groupedDepths` are the shared blocks'.
  const own = bands(`${column.workload.providerId}/${column.workload.id}/${column.name}`, column.layers.slice(groupedDepths), view, onViewChange);
  const node = element('section', { className: 'compare-column', attrs: { 'aria-label': column.name } }, [heading, kernel, ...own]);
  node.setAttribute('data-workload', column.workload.id);
  node.setAttribute('data-workload-kind', column.workload.kind);
  place(node, [index, index + 1], groupedDepths === 0 ? `1 / ${tiers + 2}` : `1 / ${tierRow(groupedDepths - 1, tiers)}`);
  return node;
}

/** A block some columns stand on, across them, on the row of its depth. */
function renderGroup(group: CompareGroup, columns: readonly CompareColumn[], tiers: number, view: ViewState, onViewChange: () => void): HTMLElement {
  const names = columns.slice(group.from, group.to).map((column) => column.name);
  const [band] = bands(`group-${group.from}-${group.to}-${group.depth}`, [group.layer], view, onViewChange);
  band.setAttribute('data-shared', 'some');
  band.setAttribute('data-shared-by', names.join('\n'));
  band.querySelector('.band-title')?.append(element('span', { className: 'visually-hidden', text: t(', shared by {0}', names.join(', ')) }));
  place(band, [group.from, group.to], String(tierRow(group.depth, tiers)));
  return band;
}

/** How many of each column's lowest own layers are blocks it shares with others. */
function groupedDepthsOf(model: CompareModel): number[] {
  const grouped = model.columns.map(() => 0);
  for (const group of model.groups) for (let column = group.from; column < group.to; column++) grouped[column] = Math.max(grouped[column], group.depth + 1);
  return grouped;
}

/** "Where they differ": one row per fact the columns disagree on, one cell per column. */
function renderDifferences(differences: readonly CompareDifference[], columns: readonly CompareColumn[]): HTMLElement {
  const section = element('section', { className: 'compare-differences', attrs: { 'aria-label': t('Where they differ') } }, [element('h2', { text: t('Where they differ') })]);
  if (differences.length === 0) {
    section.append(element('p', { className: 'placeholder', text: t('Their engine and isolation bands say the same.') }));
    return section;
  }
  const head = element('tr', {}, [element('th', { text: '' }), ...columns.map((column) => element('th', { text: column.name, attrs: { scope: 'col' } }))]);
  const rows = differences.map((difference) => {
    const row = element('tr', {}, [
      element('th', { text: difference.label, attrs: { scope: 'row' } }),
      ...difference.values.map((value) => element('td', { text: value ?? '—', className: value === null ? 'unknown' : '' })),
    ]);
    row.setAttribute('data-fact', difference.key);
    return row;
  });
  section.append(element('table', {}, [element('thead', {}, [head]), element('tbody', {}, rows)]));
  return section;
}

export function createCompareView(view: ViewState, onViewChange: () => void): CompareView {
  const container = element('div', { className: 'compare', attrs: { id: 'compare', 'aria-label': t('Workloads side by side') } });
  installBandKeyboard(container, toggle);
  container.addEventListener('click', (event) => {
    const head = event.target instanceof Element ? event.target.closest('.band-head') : null;
    const band = head?.closest<HTMLElement>('section[data-layer]');
    if (!band) return;
    toggle(band);
    band.focus();
  });
  return {
    element: container,
    render(model) {
      const tiers = Math.max(0, ...model.groups.map((group) => group.depth + 1));
      const grouped = groupedDepthsOf(model);
      const columns = element('div', { className: 'compare-columns' }, [
        ...model.columns.map((column, index) => renderColumn(column, index, tiers, grouped[index], view, onViewChange)),
        ...model.groups.map((group) => renderGroup(group, model.columns, tiers, view, onViewChange)),
      ]);
      // One column per workload, as wide as the panel allows.
      columns.style.setProperty('--columns', String(Math.max(1, model.columns.length)));
      columns.style.gridTemplateRows = tiers === 0 ? '1fr' : `1fr repeat(${tiers}, auto)`;
      const sharedBands = bands('shared', model.shared, view, onViewChange);
      for (const band of sharedBands) band.setAttribute('data-shared', 'true');
      const shared = element('div', { className: 'compare-shared', attrs: { role: 'group', 'aria-label': t('Shared by all') } }, sharedBands);
      const differences = model.columns.length > 1 ? [renderDifferences(model.differences, model.columns)] : [];
      container.replaceChildren(...differences, columns, shared);
      if (model.shared.length === 0 && model.groups.length === 0) {
        shared.append(element('p', { className: 'placeholder', text: t('These workloads share no layer: they run on different machines or engines.') }));
      }
      makeTabStop(container, container.querySelector<HTMLElement>('section[data-layer]') ?? undefined);
    },
  };
}
