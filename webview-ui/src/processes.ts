// Processes from the engine's `top`, as a plain accessible table that scrolls sideways when wide.
import type { Layer } from '../../src/shared/model';
import { element } from './dom';
import { t } from './l10n';

export function renderProcesses(processes: NonNullable<Layer['processes']>): HTMLElement {
  const head = element('tr', {}, processes.titles.map((title) => element('th', { text: title, attrs: { scope: 'col' } })));
  const rows = processes.rows.map((row) => element('tr', {}, row.cells.map((cell) => element('td', { text: cell }))));
  const table = element('table', { className: 'process-table' }, [
    element('caption', { className: 'sub-heading', text: t('Processes ({0})', processes.rows.length) }),
    element('thead', {}, [head]),
    element('tbody', {}, rows),
  ]);
  return element('div', { className: 'table-scroll' }, [table]);
}
