// The live region's throttle: changed values are said at most once per interval, the latest ones
// when the interval ends, nothing when nothing changed, and never the first readings (the baseline).
import * as assert from 'assert';
import { type AnnouncerClock, type Reading, createChangeAnnouncer } from '../../webview-ui/src/announcer';

/** A clock the test moves by hand; timers fire as time passes them. */
function manualClock(): AnnouncerClock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 0;
  return {
    now: () => now,
    setTimer(callback, ms) {
      nextId += 1;
      timers.push({ at: now + ms, callback, id: nextId });
      return nextId;
    },
    clearTimer(handle) {
      timers = timers.filter((timer) => timer.id !== handle);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
      }
      now = until;
    },
  };
}

const cpu = (value: string): Reading[] => [
  { label: 'CPU', value },
  { label: 'Memory', value: '46 MiB' },
];

describe('live announcements (throttle)', () => {
  it('says nothing for the baseline, then only what changed, at once when the interval is over', () => {
    const clock = manualClock();
    const said: string[] = [];
    const announcer = createChangeAnnouncer((text) => said.push(text), clock, 5000);
    announcer.offer(cpu('10 %'));
    assert.deepStrictEqual(said, [], 'the first readings are the baseline');
    announcer.offer(cpu('10 %'));
    assert.deepStrictEqual(said, [], 'nothing changed');
    announcer.offer(cpu('40 %'));
    assert.deepStrictEqual(said, ['CPU 40 %'], 'only the value that changed');
  });

  it('says several quick changes once, the latest values, when the interval ends', () => {
    const clock = manualClock();
    const said: string[] = [];
    const announcer = createChangeAnnouncer((text) => said.push(text), clock, 5000);
    announcer.offer(cpu('10 %'));
    announcer.offer(cpu('20 %'));
    for (const value of ['30 %', '40 %', '50 %']) {
      clock.advance(1000);
      announcer.offer(cpu(value));
    }
    assert.deepStrictEqual(said, ['CPU 20 %'], 'one sentence within the interval');
    clock.advance(1999);
    assert.strictEqual(said.length, 1);
    clock.advance(1);
    assert.deepStrictEqual(said, ['CPU 20 %', 'CPU 50 %'], 'the latest value once the interval is over');
    clock.advance(60_000);
    assert.strictEqual(said.length, 2, 'nothing more without a change');
  });

  it('drops a pending sentence whose values went back to what was said', () => {
    const clock = manualClock();
    const said: string[] = [];
    const announcer = createChangeAnnouncer((text) => said.push(text), clock, 5000);
    announcer.offer(cpu('10 %'));
    announcer.offer(cpu('20 %'));
    clock.advance(100);
    announcer.offer(cpu('30 %'));
    clock.advance(100);
    announcer.offer(cpu('20 %'));
    clock.advance(10_000);
    assert.deepStrictEqual(said, ['CPU 20 %']);
  });

  it('starts a new baseline after reset, and a pending sentence is not said', () => {
    const clock = manualClock();
    const said: string[] = [];
    const announcer = createChangeAnnouncer((text) => said.push(text), clock, 5000);
    announcer.offer(cpu('10 %'));
    announcer.offer(cpu('20 %'));
    announcer.offer(cpu('30 %'));
    announcer.reset();
    clock.advance(10_000);
    assert.deepStrictEqual(said, ['CPU 20 %']);
    announcer.offer([{ label: 'CPU', value: '90 %' }]);
    assert.strictEqual(said.length, 1, 'the readings after reset are the new baseline');
    announcer.offer([{ label: 'CPU', value: '95 %' }]);
    assert.deepStrictEqual(said, ['CPU 20 %', 'CPU 95 %']);
  });
});
