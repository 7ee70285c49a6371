// What a container event already says about the container's new state. The engine records the
// state before it publishes the event (running before `start`, exited before `die`), so the tree
// may show it at once; the list that follows brings the engine's own status sentence.
import type { KnownState } from '../provider';
import type { ContainerEvent } from './eventStream';

const PAUSED_SUFFIX = ' (Paused)';

export function knownStateOf(event: ContainerEvent): KnownState | undefined {
  switch (event.action) {
    case 'start':
    case 'restart':
      return { state: 'running', status: () => 'Up Less than a second' };
    case 'unpause':
      return { state: 'running', status: (previous) => (previous.endsWith(PAUSED_SUFFIX) ? previous.slice(0, -PAUSED_SUFFIX.length) : previous) };
    case 'pause':
      return { state: 'paused', status: (previous) => (previous.endsWith(PAUSED_SUFFIX) ? previous : `${previous}${PAUSED_SUFFIX}`) };
    case 'die':
      return { state: 'exited', status: () => `Exited (${event.exitCode ?? '?'}) Less than a second ago` };
    default:
      // kill and stop come around die; create, destroy and rename change the rows: a list says.
      return undefined;
  }
}
