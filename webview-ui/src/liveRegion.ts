// The page's one polite live region: the live usage's changes, said at most once every few seconds
// (announcer.ts decides when and what). Lives outside #app, so redrawing a view never replaces it.
import type { LiveStats, WorkloadRef } from '../../src/shared/model';
import { createChangeAnnouncer, type Reading } from './announcer';
import { element } from './dom';
import { formatBytes } from './format';
import { t } from './l10n';

/** The values worth saying, rounded so that noise in the last digit is not news. */
function readingsOf(stats: LiveStats): Reading[] {
  const readings: Reading[] = [];
  if (stats.cpuPercent !== null) readings.push({ label: t('CPU'), value: `${Math.round(stats.cpuPercent)} %` });
  if (stats.memoryBytes !== null) readings.push({ label: t('Memory'), value: formatBytes(stats.memoryBytes) });
  if (stats.pids !== null) readings.push({ label: t('Processes'), value: String(stats.pids) });
  return readings;
}

export interface LiveAnnouncements {
  element: HTMLElement;
  stats(stats: LiveStats): void;
  /** The panel shows this workload now: another one starts a new baseline. */
  workload(ref: WorkloadRef): void;
}

export function createLiveAnnouncements(): LiveAnnouncements {
  const region = element('div', { className: 'visually-hidden', attrs: { id: 'live-announcer', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  const announcer = createChangeAnnouncer(
    (text) => {
      region.textContent = t('Live usage: {0}', text);
    },
    { now: () => performance.now(), setTimer: (callback, ms) => window.setTimeout(callback, ms), clearTimer: (handle) => window.clearTimeout(handle as number) },
  );
  let shown: string | undefined;
  return {
    element: region,
    stats: (stats) => announcer.offer(readingsOf(stats)),
    workload(ref) {
      const key = `${ref.providerId}/${ref.id}`;
      if (key === shown) return;
      shown = key;
      announcer.reset();
      region.textContent = '';
    },
  };
}
