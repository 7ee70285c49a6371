// The header: workload name, its state words, when the data was read, and the panel status
// (loading / live / stale / removed / error) from the host's `status` messages.
import type { Stack } from '../../src/shared/model';
import type { PanelStatus } from '../../src/shared/protocol';
import { element } from './dom';
import { formatClock } from './format';
import { createProgressRing } from './toolkit';

const STATUS_WORDS: Record<PanelStatus['kind'], string> = {
  loading: 'Loading…',
  live: 'Live',
  stale: 'Stale',
  removed: 'Removed',
  error: 'Error',
};

export interface HeaderView {
  element: HTMLElement;
  showName(name: string): void;
  showStack(stack: Stack): void;
  showStatus(status: PanelStatus): void;
}

export function createHeader(): HeaderView {
  const name = element('h1', { attrs: { id: 'workload-name' }, text: 'Stack' });
  const state = element('span', { className: 'state-chip is-hidden', attrs: { id: 'workload-state' } });
  const readAt = element('span', { className: 'read-at', attrs: { id: 'read-at' } });
  const statusText = element('span', { className: 'status-text' });
  const statusRing = createProgressRing('Loading');
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
      readAt.textContent = `read ${formatClock(stack.readAt)}`;
      readAt.setAttribute('title', stack.readAt);
    },
    showStatus(next) {
      status.setAttribute('data-status', next.kind);
      statusRing.classList.toggle('is-hidden', next.kind !== 'loading');
      statusText.textContent = 'message' in next ? `${STATUS_WORDS[next.kind]}: ${next.message}` : STATUS_WORDS[next.kind];
    },
  };
  view.showStatus({ kind: 'loading' });
  return view;
}
