// The overhead panel: what was measured when, the results table, what each workload was measured
// on, and the two exports. Re-rendered on every `overhead` message (one per finished workload);
// the buttons and the table's scroll box persist so focus and sideways scroll survive updates.
import type { OverheadResults } from '../../src/shared/overhead';
import type { WebviewToHost } from '../../src/shared/protocol';
import { element } from './dom';
import { formatClock, formatDateTime } from './format';
import { workloadKindLabel } from './overheadFormat';
import { renderOverheadTable } from './overheadTable';
import { createButton, createProgressRing, isButtonDisabled, setButtonDisabled } from './toolkit';
import { t } from './l10n';

export interface OverheadView {
  element: HTMLElement;
  render(results: OverheadResults, running: boolean): void;
}

type ExportFormat = Extract<WebviewToHost, { type: 'exportOverhead' }>['format'];

function renderSummary(results: OverheadResults, running: boolean): HTMLElement[] {
  const runs = t('{0} runs × {1} ms per metric', results.runs, results.runMs);
  const when = running
    ? t('Started {0} · {1}', formatDateTime(results.startedAt), runs)
    : t('Measured {0} to {1} · {2}', formatDateTime(results.startedAt), formatClock(results.finishedAt), runs);
  const lines: HTMLElement[] = [element('span', { className: 'overhead-when', text: when, attrs: { title: t('{0} to {1}', results.startedAt, results.finishedAt) } })];
  if (running) {
    lines.push(element('span', { className: 'overhead-running' }, [createProgressRing(t('Running')), document.createTextNode(t('Running… the table fills in as each workload finishes.'))]));
  }
  if (results.cancelled) lines.push(element('span', { className: 'overhead-cancelled', text: t('Cancelled: partial results') }));
  return lines;
}

function renderMeasuredOn(results: OverheadResults): HTMLElement {
  const columns = results.columns.map((column, index) => {
    const items = [
      ...column.measuredOn.map((label) => element('li', { text: label })),
      ...column.notes.map((note) => element('li', { className: 'overhead-note', text: note })),
    ];
    if (column.error !== undefined) items.push(element('li', { className: 'overhead-error-item', text: t('Not measured: {0}', column.error) }));
    if (items.length === 0) items.push(element('li', { className: 'overhead-note', text: t('nothing reported') }));
    const node = element('div', { className: 'overhead-measured-column' }, [
      element('h3', { text: `${column.name} (${workloadKindLabel(column.kind)})` }),
      element('ul', {}, items),
    ]);
    node.setAttribute('data-measured-on', String(index));
    return node;
  });
  return element('section', { className: 'overhead-measured-on', attrs: { 'aria-label': t('Measured on') } }, [
    element('h2', { text: t('Measured on') }),
    element('div', { className: 'overhead-measured-grid' }, columns),
    element('p', { className: 'overhead-reference-source', text: t('Published figures: {0}', results.referenceSource) }),
  ]);
}

export function createOverheadView(post: (message: WebviewToHost) => void): OverheadView {
  const summary = element('p', { className: 'overhead-summary', attrs: { id: 'overhead-status', role: 'status' } });
  const exportButton = (format: ExportFormat, label: string): HTMLElement => {
    const button = createButton(label);
    button.setAttribute('id', `export-${format}`);
    button.setAttribute('data-export', format);
    setButtonDisabled(button, true);
    button.addEventListener('click', () => {
      if (!isButtonDisabled(button)) post({ type: 'exportOverhead', format });
    });
    return button;
  };
  const buttons = [exportButton('markdown', t('Save as Markdown')), exportButton('json', t('Save as JSON'))];
  const hint = element('span', { className: 'overhead-export-hint', text: t('Saving is possible once the run has finished.') });
  const actions = element('div', { className: 'toolbar overhead-actions', attrs: { role: 'group', 'aria-label': t('Save the results') } }, [
    ...buttons,
    hint,
  ]);
  // Focusable so keyboard users can scroll a table wider than the panel.
  const scroll = element('div', { className: 'table-scroll overhead-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': t('Results table') } });
  const details = element('div', { className: 'overhead-details' });
  const root = element('div', { className: 'overhead', attrs: { id: 'overhead' } }, [summary, actions, scroll, details]);

  return {
    element: root,
    render(results, running) {
      root.setAttribute('data-running', String(running));
      summary.replaceChildren(...renderSummary(results, running));
      for (const button of buttons) setButtonDisabled(button, running);
      hint.classList.toggle('is-hidden', !running);
      const scrollLeft = scroll.scrollLeft;
      scroll.replaceChildren(renderOverheadTable(results));
      scroll.scrollLeft = scrollLeft;
      details.replaceChildren(renderMeasuredOn(results));
    },
  };
}
