// A QEMU guest's state, in the tree's words: from QMP query-status when it answered, else from the
// process state in /proc (which sees a SIGSTOPped QEMU, but not a guest paused with QMP `stop`).
import type { WorkloadAction, WorkloadState } from '../provider';
import { describeProcState } from './procStat';
import type { QmpStatus } from './qmpReplies';

/** QMP RunState values (qapi/run-state.json) onto the tree's states. */
const QMP_STATES: Record<string, WorkloadState> = {
  running: 'running',
  paused: 'paused',
  suspended: 'paused',
  debug: 'paused',
  'io-error': 'paused',
  watchdog: 'paused',
  'save-vm': 'paused',
  'restore-vm': 'paused',
  'finish-migrate': 'paused',
  postmigrate: 'paused',
  inmigrate: 'created',
  prelaunch: 'created',
  shutdown: 'exited',
  'guest-panicked': 'dead',
  'internal-error': 'dead',
  colo: 'running',
};

export interface GuestState {
  state: WorkloadState;
  /** The tool's own words, e.g. `running (QMP)` or `process sleeping (QMP not reachable)`. */
  status: string;
}

export function guestState(qmp: QmpStatus | undefined, procState: string, qmpReason?: string): GuestState {
  // hasOwn: a status named like an Object.prototype member ("constructor") is not a state.
  if (qmp) return { state: Object.hasOwn(QMP_STATES, qmp.status) ? QMP_STATES[qmp.status] : 'unknown', status: qmp.status };
  const state: WorkloadState = procState === 'T' || procState === 't' ? 'paused' : procState === 'Z' || procState === 'X' ? 'dead' : 'running';
  return { state, status: `process ${describeProcState(procState)}${qmpReason ? ` (${qmpReason})` : ''}` };
}

/** Start is not possible: a bare process that has exited is gone, nothing can start it again. */
export function qemuActionsFor(state: WorkloadState): readonly WorkloadAction[] {
  switch (state) {
    case 'running':
      return ['shutdown', 'reboot', 'pause', 'forceOff'];
    case 'paused':
      return ['resume', 'forceOff'];
    case 'exited':
    case 'created':
      return ['reboot', 'forceOff'];
    default:
      return ['forceOff'];
  }
}
