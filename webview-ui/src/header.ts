// The header: workload name, its state words, when the data was read, and the panel status
// (loading / live / stale / removed / error) from the host's `status` messages.
import type { Stack } from '../../src/shared/model';
import type { PanelStatus } from '../../src/shared/protocol';
import { element } from './dom';
import { formatClock } from './format';
import { createProgressRing } from './toolkit';
import { t } from './l10n';

/** The status line: the state in a word, and the host's message (already in the user's language). */
function statusWords(status: PanelStatus): string {
  switch (status.kind) {
    case 'loading':
      return t('Loading…');
    case 'live':
      return t('Live');
    case 'stale':
      return t('Stale: {0}', status.message);
    case 'removed':
      return t('Removed: {0}', status.message);
    case 'error':
      return t('Error: {0}', status.message);
  }
}

export interface HeaderView {
  element: HTMLElement;
  showName(name: string): void;
  showStack(stack: Stack): void;
  showStatus(status: PanelStatus): void;
}

export function createHeader(): HeaderView {
  const name = element('h1', { attrs: { id: 'workload-name' }, text: t('Stack') });
  const state = element('span', { className: 'state-chip is-hidden', attrs: { id: 'workload-state' } });
  const readAt = element('span', { className: 'read-at', attrs: { id: 'read-at' } });
  const statusText = element('span', { className: 'status-text' });
  const statusRing = createProgressRing(t('Loading'));
  statusRing.classList.add('status-ring');
  const status = element('div', { className: 'status', attrs: { id: 'status', role: 'status' } }, [
    element('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
    statusRing,
    statusText,
  ]);

  const view: HeaderView = {
    element: element('header', { className: 'stack-header', attrs: { id: 'stack-header' } }, [
      element('div', { className: 'title-row' }, [name, state]),
      element('div', { className: 'meta-row' }, [status, readAt]),
    ]),
    showName(text) {
      name.textContent = text;
    },
    showStack(stack) {
      name.textContent = stack.name;
      state.textContent = stack.state;
      state.classList.toggle('is-hidden', stack.state === '');
      state.setAttribute('data-state', stack.state);
      readAt.textContent = t('read {0}', formatClock(stack.readAt));
      readAt.setAttribute('title', stack.readAt);
    },
    showStatus(next) {
      status.setAttribute('data-status', next.kind);
      statusRing.classList.toggle('is-hidden', next.kind !== 'loading');
      statusText.textContent = statusWords(next);
    },
  };
  view.showStatus({ kind: 'loading' });
  return view;
}
