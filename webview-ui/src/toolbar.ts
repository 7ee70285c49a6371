// Toolbar of workload actions. Each button posts `{type:'action', action}`; the host decides what
// the action means. Lifecycle buttons follow the state words: running -> stop/restart, else start.
import type { Stack } from '../../src/shared/model';
import type { PanelAction, WebviewToHost } from '../../src/shared/protocol';
import type { RecordingState } from '../../src/shared/stackProtocol';
import { element } from './dom';
import { createExportButton } from './exportControl';
import { createButton, isButtonDisabled, setButtonDisabled, setButtonLabel, setButtonPressed } from './toolkit';
import { t } from './l10n';

const BUTTONS: { action: PanelAction; label: string }[] = [
  { action: 'refresh', label: t('Refresh') },
  { action: 'start', label: t('Start') },
  { action: 'stop', label: t('Stop') },
  { action: 'restart', label: t('Restart') },
  { action: 'logs', label: t('Logs') },
  { action: 'shell', label: t('Shell') },
  { action: 'inspect', label: t('Inspect') },
];

/** State words under which the workload has a process to stop or restart. */
const ACTIVE_STATES = ['running', 'paused', 'restarting'];

export interface ToolbarView {
  element: HTMLElement;
  showStack(stack: Stack): void;
  /** A removed workload only allows a refresh. */
  setRemoved(removed: boolean): void;
  setSourcesShown(shown: boolean): void;
  /** A usage recording runs (its state) or not (null): the Record button toggles. */
  setRecording(recording: RecordingState | null): void;
}

export function createToolbar(post: (message: WebviewToHost) => void, onToggleSources: () => void): ToolbarView {
  const buttons = new Map<PanelAction, HTMLElement>();
  for (const { action, label } of BUTTONS) {
    const button = createButton(label, action === 'refresh' ? 'primary' : 'secondary');
    button.setAttribute('data-action', action);
    button.addEventListener('click', () => {
      if (!isButtonDisabled(button)) post({ type: 'action', action });
    });
    buttons.set(action, button);
  }
  for (const lifecycle of ['start', 'stop', 'restart'] as const) buttons.get(lifecycle)?.classList.add('is-hidden');

  // Record is a toggle, not a PanelAction: the host keeps the recording and asks where to save it on stop.
  let recording = false;
  const record = createButton(t('Record usage'));
  record.setAttribute('id', 'record-usage');
  setButtonPressed(record, false);
  record.addEventListener('click', () => {
    if (!isButtonDisabled(record)) post({ type: 'record', record: !recording });
  });

  const sources = createButton(t('Show sources'));
  sources.setAttribute('id', 'toggle-sources');
  sources.addEventListener('click', onToggleSources);

  return {
    element: element('div', { className: 'toolbar', attrs: { id: 'toolbar', role: 'group', 'aria-label': t('Workload actions') } }, [
      ...buttons.values(),
      record,
      element('span', { className: 'toolbar-spacer' }),
      createExportButton(post),
      sources,
    ]),
    showStack(stack) {
      const words = stack.state.toLowerCase().split(/[^a-z]+/);
      const active = ACTIVE_STATES.some((word) => words.includes(word));
      // This machine and pods have no lifecycle here (a pod is deleted, not stopped); VMs have no container logs or exec shell.
      const kind = stack.workload.kind;
      const hasLifecycle = kind === 'container' || kind === 'vm';
      const hasLogsAndShell = kind === 'container' || kind === 'pod';
      buttons.get('start')?.classList.toggle('is-hidden', active || !hasLifecycle);
      buttons.get('stop')?.classList.toggle('is-hidden', !active || !hasLifecycle);
      buttons.get('restart')?.classList.toggle('is-hidden', !active || !hasLifecycle);
      buttons.get('logs')?.classList.toggle('is-hidden', !hasLogsAndShell);
      buttons.get('shell')?.classList.toggle('is-hidden', !hasLogsAndShell || (kind === 'pod' && !active));
      // Usage streams only for a running workload with an app band (not this machine); a running recording can always be stopped.
      record.classList.toggle('is-hidden', kind === 'host' || (!active && !recording));
    },
    setRemoved(removed) {
      for (const [action, button] of buttons) if (action !== 'refresh') setButtonDisabled(button, removed);
      if (!recording) setButtonDisabled(record, removed);
    },
    setRecording(state) {
      recording = state !== null;
      setButtonLabel(record, recording ? t('Stop recording') : t('Record usage'));
      setButtonPressed(record, recording);
      record.setAttribute('title', state ? t('Recording since {0}, up to {1} min kept; stop to save as CSV or JSON', new Date(state.startedAt).toLocaleTimeString(), state.windowMinutes) : t('Record usage over a longer window, saved as CSV or JSON when stopped'));
      if (recording) setButtonDisabled(record, false);
    },
    setSourcesShown(shown) {
      setButtonPressed(sources, shown);
    },
  };
}
