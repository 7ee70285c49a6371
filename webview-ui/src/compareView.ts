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

/** Places `node` in the figure's grid: `column` 0-based (or a span [from, to)), `row` counted from the top, 1-based. */
function place(node: HTMLElement, columns: [number, number], row: number): void {
  node.style.gridColumn = `${columns[0] + 1} / ${columns[1] + 1}`;
  node.style.gridRow = String(row);
}

/**
 * A column: its heading and kernel note above its topmost own band, then its own bands, each on
 * the figure row of its depth. Bands a group block draws for it are left out here.
 */
function renderColumn(column: CompareColumn, index: number, rows: number, groupedDepths: ReadonlySet<number>, view: ViewState, onViewChange: () => void): HTMLElement {
  const heading = element('header', { className: 'compare-column-head' }, [
    element('h2', { className: 'compare-name', text: column.name }),
    element('span', { className: 'state-chip', text: column.state }),
    element('span', { className: 'compare-kind', text: column.workload.kind }),
  ]);
  const kernel = element('p', { className: 'kernel-note', text: column.kernel.text });
  kernel.setAttribute('data-kernel', column.kernel.shared ? 'shared' : 'own');
  const top = rows - column.layers.length;
  place(heading, [index, index + 1], top - 1);
  place(kernel, [index, index + 1], top);
  // A pod's containers are columns of one workload: the name tells them apart.
  const own = bands(`${column.workload.providerId}/${column.workload.id}/${column.name}`, column.layers, view, onViewChange);
  // bands() gives them top first: the band at depth d is the (length - 1 - d)th.
  own.forEach((band, position) => place(band, [index, index + 1], top + 1 + position));
  const drawn = own.filter((_, position) => !groupedDepths.has(column.layers.length - 1 - position));
  const node = element('section', { className: 'compare-column', attrs: { 'aria-label': column.name } }, [heading, kernel, ...drawn]);
  node.setAttribute('data-workload', column.workload.id);
  node.setAttribute('data-workload-kind', column.workload.kind);
  return node;
}

/** A block some columns stand on, across them, on the row of its depth. */
function renderGroup(group: CompareGroup, columns: readonly CompareColumn[], rows: number, view: ViewState, onViewChange: () => void): HTMLElement {
  const names = columns.slice(group.from, group.to).map((column) => column.name);
  const [band] = bands(`group-${group.from}-${group.to}`, [group.layer], view, onViewChange);
  band.setAttribute('data-shared', 'some');
  band.setAttribute('data-shared-by', names.join('\n'));
  band.querySelector('.band-title')?.append(element('span', { className: 'visually-hidden', text: `, shared by ${names.join(', ')}` }));
  place(band, [group.from, group.to], rows - group.depth);
  return band;
}

/** Which depths of each column's own layers a group block draws. */
function groupedDepthsOf(model: CompareModel): Set<number>[] {
  const grouped = model.columns.map(() => new Set<number>());
  for (const group of model.groups) for (let column = group.from; column < group.to; column++) grouped[column].add(group.depth);
  return grouped;
}

/** "Where they differ": one row per fact the columns disagree on, one cell per column. */
function renderDifferences(differences: readonly CompareDifference[], columns: readonly CompareColumn[]): HTMLElement {
  const section = element('section', { className: 'compare-differences', attrs: { 'aria-label': 'Where they differ' } }, [element('h2', { text: 'Where they differ' })]);
  if (differences.length === 0) {
    section.append(element('p', { className: 'placeholder', text: 'Their engine and isolation bands say the same.' }));
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
  const container = element('div', { className: 'compare', attrs: { id: 'compare', 'aria-label': 'Workloads side by side' } });
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
      // Rows from the top: a heading and a kernel note over the tallest column's own bands.
      const rows = Math.max(0, ...model.columns.map((column) => column.layers.length)) + 2;
      const grouped = groupedDepthsOf(model);
      const columns = element('div', { className: 'compare-columns' }, [
        ...model.columns.map((column, index) => renderColumn(column, index, rows, grouped[index], view, onViewChange)),
        ...model.groups.map((group) => renderGroup(group, model.columns, rows, view, onViewChange)),
      ]);
      // One column per workload, as wide as the panel allows.
      columns.style.setProperty('--columns', String(Math.max(1, model.columns.length)));
      const sharedBands = bands('shared', model.shared, view, onViewChange);
      for (const band of sharedBands) band.setAttribute('data-shared', 'true');
      const shared = element('div', { className: 'compare-shared', attrs: { role: 'group', 'aria-label': 'Shared by all' } }, sharedBands);
      const differences = model.columns.length > 1 ? [renderDifferences(model.differences, model.columns)] : [];
      container.replaceChildren(...differences, columns, shared);
      if (model.shared.length === 0 && model.groups.length === 0) {
        shared.append(element('p', { className: 'placeholder', text: 'These workloads share no layer: they run on different machines or engines.' }));
      }
      makeTabStop(container, container.querySelector<HTMLElement>('section[data-layer]') ?? undefined);
    },
  };
}
