// The overhead results as a real table: one row per metric, one column per workload (column 0 is
// this machine, the baseline), then the published figures. Every value from the host — names,
// errors, probe details — goes in as text.
import type { OverheadCell, OverheadColumn, OverheadResults, OverheadRow } from '../../src/shared/overhead';
import { element } from './dom';
import { formatMeasurement, formatRatio, formatSpread } from '../../src/shared/overheadFormat';
import { VERDICT_WORDS, workloadKindLabel } from './overheadFormat';
import { t } from './l10n';

const BASELINE = 0;

function columnHeader(column: OverheadColumn, index: number): HTMLTableCellElement {
  const kind = index === BASELINE ? t('{0} · baseline', workloadKindLabel(column.kind)) : workloadKindLabel(column.kind);
  const header = element('th', { className: 'overhead-column-head', attrs: { scope: 'col' } }, [
    element('span', { className: 'overhead-column-name', text: column.name }),
    element('span', { className: 'overhead-column-kind', text: kind }),
  ]);
  if (column.error !== undefined) {
    header.append(element('span', { className: 'overhead-column-error', text: t('Not measured: {0}', column.error) }));
  }
  header.setAttribute('data-column', String(index));
  return header;
}

function rowHeader(row: OverheadRow): HTMLTableCellElement {
  return element('th', { className: 'overhead-metric', attrs: { scope: 'row' } }, [
    element('span', { className: 'overhead-metric-label', text: row.label }),
    element('span', { className: 'overhead-metric-unit', text: row.better === 'lower' ? t('{0} (lower is better)', row.unit) : t('{0} (higher is better)', row.unit) }),
  ]);
}

/** The ratio line of a measured, non-baseline cell. */
function ratioLine(cell: OverheadCell): HTMLElement {
  if (cell.costRatio === undefined || cell.verdict === undefined) {
    return element('span', { className: 'overhead-no-ratio', text: t('no ratio: not measured on this machine') });
  }
  return element('span', { className: 'overhead-ratio-line' }, [
    element('span', { className: 'overhead-ratio', text: formatRatio(cell.costRatio) }),
    document.createTextNode(' '),
    element('span', { className: 'overhead-verdict', text: VERDICT_WORDS[cell.verdict] }),
  ]);
}

function renderCell(cell: OverheadCell, index: number, column: OverheadColumn): HTMLTableCellElement {
  const td = element('td', { className: 'overhead-cell' });
  td.setAttribute('data-column', String(index));
  if (cell.detail !== undefined) td.setAttribute('title', cell.detail);

  if (cell.median === undefined) {
    td.setAttribute('data-error', '');
    td.append(element('span', { className: 'overhead-not-measured', text: t('not measured') }));
    // The column's own error already sits under its header: no need to repeat it in every row.
    const why = cell.error ?? t('no reason given');
    if (why !== column.error) td.append(element('span', { className: 'overhead-cell-error', text: why }));
    else td.setAttribute('title', why);
    return td;
  }

  const value = element('span', { className: 'overhead-value-line' }, [
    element('span', { className: 'overhead-value', text: formatMeasurement(cell.median) }),
  ]);
  if (cell.spreadPct !== undefined) {
    value.append(document.createTextNode(' '), element('span', { className: 'overhead-spread', text: formatSpread(cell.spreadPct) }));
  }
  td.append(value);
  if (cell.verdict !== undefined) td.setAttribute('data-verdict', cell.verdict);
  if (cell.costRatio !== undefined) td.setAttribute('data-ratio', cell.costRatio.toFixed(2));
  if (index !== BASELINE) td.append(ratioLine(cell));
  return td;
}

function renderRow(row: OverheadRow, columns: readonly OverheadColumn[]): HTMLTableRowElement {
  const tr = element('tr', {}, [
    rowHeader(row),
    ...row.cells.map((cell, index) => renderCell(cell, index, columns[index])),
    element('td', { className: 'overhead-reference', text: row.reference ?? '–' }),
  ]);
  tr.setAttribute('data-row', row.id);
  return tr;
}

export function renderOverheadTable(results: OverheadResults): HTMLTableElement {
  const head = element('tr', {}, [
    element('th', { className: 'overhead-metric-head', text: t('Metric'), attrs: { scope: 'col' } }),
    ...results.columns.map(columnHeader),
    element('th', { className: 'overhead-reference-head', text: t('Published (context)'), attrs: { scope: 'col' } }),
  ]);
  const rows = results.rows.map((row) => renderRow(row, results.columns));
  if (rows.length === 0) {
    const empty = element('td', { className: 'overhead-empty', text: t('Nothing measured yet.') });
    empty.colSpan = results.columns.length + 2;
    rows.push(element('tr', {}, [empty]));
  }
  const caption = element('caption', { className: 'overhead-caption' }, [
    element('span', { className: 'overhead-caption-title', text: t('Cost relative to this machine') }),
    element('span', {
      className: 'overhead-caption-note',
      text: t('Median ± half the range of the runs. 1.00× costs the same, 2.00× twice the time or half the throughput; a difference counts only beyond twice the larger spread.'),
    }),
  ]);
  return element('table', { className: 'overhead-table', attrs: { id: 'overhead-table' } }, [
    caption,
    element('thead', {}, [head]),
    element('tbody', {}, rows),
  ]);
}
