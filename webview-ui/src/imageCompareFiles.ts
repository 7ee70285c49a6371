// The files two images differ in: one row per path (a directory on one side only is one row with
// its files counted), what differs in words, the bytes on each side, and three toggles that show
// or hide the paths only in A, only in B and changed. Rows are all in the DOM (the model caps
// them); a toggle hides rows, it never rebuilds the table.
import type { FileDifference, FileDifferenceKind, FileSide, ImageCompareModel } from '../../src/shared/imageCompare';
import { element } from './dom';
import { formatBytes } from './format';
import { describeDifference } from './imageCompareFormat';
import { createButton, setButtonPressed } from './toolkit';
import { t } from './l10n';

function sizeCell(side: FileSide | undefined): HTMLTableCellElement {
  if (!side) return element('td', { className: 'image-compare-size is-absent', text: '—' });
  return element('td', { className: 'image-compare-size', text: formatBytes(side.size), attrs: { title: t('{0} bytes', side.size) } });
}

function renderRow(row: FileDifference, names: readonly [string, string]): HTMLTableRowElement {
  const kindWords = row.kind === 'only-a' ? t('only in {0}', names[0]) : row.kind === 'only-b' ? t('only in {0}', names[1]) : t('changed');
  const path = `/${row.path}`;
  const node = element('tr', {}, [
    element('th', { className: 'image-compare-path', text: path, attrs: { scope: 'row', title: path } }),
    element('td', { className: 'image-compare-kind', text: kindWords }),
    element('td', { className: 'image-compare-what', text: describeDifference(row) }),
    sizeCell(row.a),
    sizeCell(row.b),
  ]);
  node.setAttribute('data-difference', row.kind);
  return node;
}

/** The words and count on each toggle, from the totals (which count the rows left out too). */
function filterLabels(model: ImageCompareModel): Record<FileDifferenceKind, string> {
  const { totals } = model.files;
  const [a, b] = model.images;
  return {
    'only-a': t('Only in {0}: {1} ({2})', a.name, totals.onlyA.paths, formatBytes(totals.onlyA.bytes)),
    'only-b': t('Only in {0}: {1} ({2})', b.name, totals.onlyB.paths, formatBytes(totals.onlyB.bytes)),
    changed: t('Changed: {0}', totals.changed.paths),
  };
}

const KINDS: readonly FileDifferenceKind[] = ['only-a', 'only-b', 'changed'];

/** Which kinds of rows are hidden: kept across renders of the same panel. */
const hidden = new Set<FileDifferenceKind>();

function applyFilters(body: HTMLElement, buttons: ReadonlyMap<FileDifferenceKind, HTMLElement>): void {
  for (const row of body.querySelectorAll<HTMLTableRowElement>('tr[data-difference]')) {
    row.hidden = hidden.has(row.getAttribute('data-difference') as FileDifferenceKind);
  }
  for (const [kind, button] of buttons) setButtonPressed(button, !hidden.has(kind));
}

function sameFilesSentence(model: ImageCompareModel): string {
  return model.relation === 'identical' ? t('The same image: the same files.') : t('Their files are the same.');
}

export function renderFileDifferences(model: ImageCompareModel): HTMLElement {
  const names = [model.images[0].name, model.images[1].name] as const;
  const section = element('section', { className: 'image-compare-files', attrs: { id: 'image-compare-files', 'aria-label': t('Files that differ') } }, [
    element('h2', { text: t('Files that differ') }),
  ]);
  const { rows, omitted } = model.files;
  if (rows.length === 0 && omitted === 0) {
    section.append(element('p', { className: 'placeholder', text: sameFilesSentence(model) }));
    return section;
  }

  const body = element('tbody', {}, rows.map((row) => renderRow(row, names)));
  const labels = filterLabels(model);
  const buttons = new Map<FileDifferenceKind, HTMLElement>();
  for (const kind of KINDS) {
    const button = createButton(labels[kind]);
    button.setAttribute('data-filter', kind);
    button.addEventListener('click', () => {
      if (hidden.has(kind)) hidden.delete(kind);
      else hidden.add(kind);
      applyFilters(body, buttons);
    });
    buttons.set(kind, button);
  }
  const filters = element('div', { className: 'toolbar image-compare-filters', attrs: { role: 'group', 'aria-label': t('Show the paths') } }, [...buttons.values()]);

  const head = element('tr', {}, [
    element('th', { text: t('Path'), attrs: { scope: 'col' } }),
    element('th', { text: t('Where'), attrs: { scope: 'col' } }),
    element('th', { text: t('What differs'), attrs: { scope: 'col' } }),
    element('th', { className: 'image-compare-size', text: names[0], attrs: { scope: 'col' } }),
    element('th', { className: 'image-compare-size', text: names[1], attrs: { scope: 'col' } }),
  ]);
  const table = element('table', { className: 'image-compare-table' }, [element('thead', {}, [head]), body]);
  // Focusable so keyboard users can scroll a long table.
  const scroll = element('div', { className: 'table-scroll image-compare-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': t('Files that differ') } }, [table]);
  section.append(filters, scroll);
  if (omitted > 0) {
    section.append(element('p', { className: 'image-compare-omitted', text: t('{0} more paths differ; the list stops at {1}.', omitted, rows.length) }));
  }
  applyFilters(body, buttons);
  return section;
}
