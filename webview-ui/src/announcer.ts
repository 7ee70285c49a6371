// Live values said politely, and not too often: changes of the live usage are gathered and said as
// one short sentence at most once per interval (a screen reader reading every sample would never
// stop). Plain logic with an injected clock, so the throttle is unit-tested without a browser.

/** One value as shown, e.g. { label: 'CPU', value: '12 %' }. */
export interface Reading {
  label: string;
  value: string;
}

export interface AnnouncerClock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface ChangeAnnouncer {
  /** The latest readings: what differs from what was last said is said, now or when the interval is over. */
  offer(readings: readonly Reading[]): void;
  /** Forgets what was said (another workload): the next readings are the baseline, not news. */
  reset(): void;
}

/** The live region speaks at most once per this interval. */
export const ANNOUNCE_INTERVAL_MS = 5000;

/**
 * `say` is called with `CPU 40 %, Memory 60 MiB` for the readings that changed since the last
 * sentence. The first readings after a reset are the baseline and are not said.
 */
export function createChangeAnnouncer(say: (text: string) => void, clock: AnnouncerClock, intervalMs = ANNOUNCE_INTERVAL_MS): ChangeAnnouncer {
  let said: Map<string, string> | undefined;
  let saidAt = -Infinity;
  let pending: readonly Reading[] = [];
  let timer: unknown;

  const changed = (): Reading[] => pending.filter((reading) => said?.get(reading.label) !== reading.value);

  function flush(): void {
    timer = undefined;
    const news = changed();
    if (news.length === 0) return;
    say(news.map((reading) => `${reading.label} ${reading.value}`).join(', '));
    for (const reading of pending) said?.set(reading.label, reading.value);
    saidAt = clock.now();
  }

  return {
    offer(readings) {
      if (!said) {
        said = new Map(readings.map((reading) => [reading.label, reading.value]));
        return;
      }
      pending = readings;
      if (timer !== undefined || changed().length === 0) return;
      const wait = saidAt + intervalMs - clock.now();
      if (wait <= 0) flush();
      else timer = clock.setTimer(flush, wait);
    },
    reset() {
      if (timer !== undefined) clock.clearTimer(timer);
      timer = undefined;
      said = undefined;
      pending = [];
    },
  };
}
