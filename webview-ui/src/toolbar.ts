// Toolbar of workload actions. Each button posts `{type:'action', action}`; the host decides what
// the action means. Lifecycle buttons follow the state words: running -> stop/restart, else start.
import type { Stack } from '../../src/shared/model';
import type { PanelAction, WebviewToHost } from '../../src/shared/protocol';
import type { RecordingState } from '../../src/shared/stackProtocol';
import { element } from './dom';
import { createExportButton } from './exportControl';
import { createButton, isButtonDisabled, setButtonDisabled, setButtonLabel, setButtonPressed } from './toolkit';

const BUTTONS: { action: PanelAction; label: string }[] = [
  { action: 'refresh', label: 'Refresh' },
  { action: 'start', label: 'Start' },
  { action: 'stop', label: 'Stop' },
  { action: 'restart', label: 'Restart' },
  { action: 'logs', label: 'Logs' },
  { action: 'shell', label: 'Shell' },
  { action: 'inspect', label: 'Inspect' },
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
  const record = createButton('Record usage');
  record.setAttribute('id', 'record-usage');
  setButtonPressed(record, false);
  record.addEventListener('click', () => {
    if (!isButtonDisabled(record)) post({ type: 'record', record: !recording });
  });

  const sources = createButton('Show sources');
  sources.setAttribute('id', 'toggle-sources');
  sources.addEventListener('click', onToggleSources);

  return {
    element: element('div', { className: 'toolbar', attrs: { id: 'toolbar', role: 'group', 'aria-label': 'Workload actions' } }, [
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
      setButtonLabel(record, recording ? 'Stop recording' : 'Record usage');
      setButtonPressed(record, recording);
      record.setAttribute('title', state ? `Recording since ${new Date(state.startedAt).toLocaleTimeString()}, up to ${state.windowMinutes} min kept; stop to save as CSV or JSON` : 'Record usage over a longer window, saved as CSV or JSON when stopped');
      if (recording) setButtonDisabled(record, false);
    },
    setSourcesShown(shown) {
      setButtonPressed(sources, shown);
    },
  };
}
