// Live usage tiles in the app band, and under them the usage over time. Built once per stack render
// and updated in place on every stats message, so nothing around them is re-rendered or loses focus.
import type { LiveStats } from '../../src/shared/model';
import type { StatsRing } from '../../src/shared/statsRing';
import { element } from './dom';
import { formatCpu } from '../../src/shared/usageFormat';
import { formatBytes, formatClock } from './format';
import { createUsageTrend } from './usageTrend';
import { t } from './l10n';

const NO_VALUE = '–';
const SOURCE = t('Live stats stream, sampled while this panel is visible');

interface Tile {
  root: HTMLElement;
  value: HTMLElement;
  /** Share of the whole (0..1), drawn as a bar; null when there is no whole to compare with. */
  setShare(share: number | null): void;
}

function createTile(key: string, label: string): Tile {
  const value = element('dd', { className: 'fact-value', text: NO_VALUE });
  const bar = element('div', { className: 'meter', attrs: { 'aria-hidden': 'true' } }, [element('div', { className: 'meter-fill' })]);
  const root = element('div', { className: 'fact live-tile', attrs: { title: SOURCE } }, [
    element('dt', { className: 'fact-label', text: label }),
    value,
    bar,
  ]);
  root.setAttribute('data-fact', key);
  return {
    root,
    value,
    setShare(share) {
      bar.classList.toggle('is-hidden', share === null);
      bar.style.setProperty('--share', String(Math.min(1, Math.max(0, share ?? 0))));
    },
  };
}

export interface LiveStatsView {
  element: HTMLElement;
  update(stats: LiveStats): void;
  /** No more samples: says why in place of "waiting" (untrusted text, set as text). */
  ended(reason: string): void;
  /** The history was replaced (a reloaded webview, another workload): draw it again. */
  redrawTrend(): void;
}

/** `history`: the usage samples the sparklines draw, kept by the caller across renders. */
export function createLiveStats(cpuCount: number | undefined, history: StatsRing): LiveStatsView {
  const cpu = createTile('live-cpu', t('CPU'));
  const memory = createTile('live-memory', t('Memory'));
  const pids = createTile('live-pids', t('Processes'));
  pids.setShare(null);
  const readAt = element('span', { className: 'live-read-at', text: t('waiting for the first sample') });
  const trend = createUsageTrend(history);
  const view = element('div', { className: 'live-stats', attrs: { 'aria-live': 'off' } }, [
    element('h3', { className: 'sub-heading' }, [document.createTextNode(`${t('Live usage')} `), readAt]),
    element('dl', { className: 'live-grid' }, [cpu.root, memory.root, pids.root]),
    trend.element,
  ]);
  return {
    element: view,
    update(stats) {
      cpu.value.textContent = stats.cpuPercent === null ? NO_VALUE : formatCpu(stats.cpuPercent);
      // Docker's CPU percent is relative to one core: 200 % on two busy cores.
      cpu.setShare(stats.cpuPercent === null ? null : stats.cpuPercent / (100 * (cpuCount ?? 1)));
      memory.value.textContent =
        stats.memoryBytes === null
          ? NO_VALUE
          : stats.memoryLimitBytes === null
            ? formatBytes(stats.memoryBytes)
            : `${formatBytes(stats.memoryBytes)} / ${formatBytes(stats.memoryLimitBytes)}`;
      memory.setShare(
        stats.memoryBytes === null || !stats.memoryLimitBytes ? null : stats.memoryBytes / stats.memoryLimitBytes,
      );
      pids.value.textContent = stats.pids === null ? NO_VALUE : String(stats.pids);
      readAt.textContent = t('sampled {0}', formatClock(stats.readAt));
      trend.redraw();
    },
    ended(reason) {
      readAt.textContent = t('not available: {0}', reason);
    },
    redrawTrend: trend.redraw,
  };
}
