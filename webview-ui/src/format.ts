// Number and time formatting for display.
import { t } from './l10n';

export { formatBytes } from '../../src/shared/units';


/** Local clock time of an ISO timestamp; the ISO text itself when it does not parse. */
export function formatClock(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleTimeString();
}

/** Local date and time of an ISO timestamp; the ISO text itself when it does not parse. */
export function formatDateTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A ratio (0..1) as a percentage with one decimal: an image's efficiency, a wasted share. */
export function formatPercent(ratio: number): string {
  return t('{0} %', (ratio * 100).toFixed(1));
}
