// libvirt's domain states (virDomainState numbers from domstats, words from dominfo/list) onto the
// tree's WorkloadState, and the lifecycle verbs each state allows.
import type { VmAction, WorkloadState } from '../provider';

interface StateMapping {
  state: WorkloadState;
  /** The words virsh itself prints for the state. */
  words: string;
}

// Index = virDomainState: NOSTATE, RUNNING, BLOCKED, PAUSED, SHUTDOWN, SHUTOFF, CRASHED, PMSUSPENDED.
const BY_CODE: readonly StateMapping[] = [
  { state: 'unknown', words: 'no state' },
  { state: 'running', words: 'running' },
  { state: 'running', words: 'idle' },
  { state: 'paused', words: 'paused' },
  { state: 'running', words: 'in shutdown' },
  { state: 'exited', words: 'shut off' },
  { state: 'dead', words: 'crashed' },
  // Suspended by the guest (S3/S4): shown as paused; `resume` is refused, the guest wakes itself.
  { state: 'paused', words: 'pmsuspended' },
];

export function stateFromCode(code: number | undefined): StateMapping {
  if (code === undefined || !Number.isInteger(code) || code < 0 || code >= BY_CODE.length) return { state: 'unknown', words: 'unknown' };
  return BY_CODE[code];
}

export function stateFromWords(words: string | undefined): StateMapping {
  const normalised = (words ?? '').trim().toLowerCase();
  const known = BY_CODE.find((mapping) => mapping.words === normalised);
  return known ?? { state: 'unknown', words: normalised || 'unknown' };
}

const ACTIONS: Record<WorkloadState, readonly VmAction[]> = {
  running: ['shutdown', 'reboot', 'pause', 'forceOff'],
  paused: ['resume', 'forceOff'],
  exited: ['start'],
  created: ['start'],
  // A crashed domain that libvirt kept (on_crash=preserve) must be destroyed before it can start.
  dead: ['start', 'forceOff'],
  restarting: ['forceOff'],
  removing: [],
  unknown: ['start', 'forceOff'],
};

export function libvirtActionsFor(state: WorkloadState): readonly VmAction[] {
  return ACTIONS[state];
}

/** The virsh verb for each action; forceOff is `destroy` (power cord pulled, the domain stays defined). */
export const VIRSH_VERBS: Record<VmAction, string> = {
  start: 'start',
  shutdown: 'shutdown',
  forceOff: 'destroy',
  pause: 'suspend',
  resume: 'resume',
  reboot: 'reboot',
};
