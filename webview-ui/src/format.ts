// Number and time formatting for display.
export { formatBytes } from '../../src/shared/units';


/** Local clock time of an ISO timestamp; the ISO text itself when it does not parse. */
export function formatClock(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleTimeString();
}

/** Local date and time of an ISO timestamp; the ISO text itself when it does not parse. */
export function formatDateTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}
