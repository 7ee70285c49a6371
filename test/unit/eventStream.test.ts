import * as assert from 'assert';
import { PassThrough } from 'stream';
import { SharedEventStream, toContainerEvent } from '../../src/providers/docker/eventStream';
import { knownStateOf } from '../../src/providers/docker/eventState';
import type { Logger } from '../../src/providers/provider';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('engine event stream', () => {
  it('keeps container state changes and drops health-check exec noise', () => {
    assert.deepStrictEqual(toContainerEvent({ Type: 'container', Action: 'start', Actor: { ID: 'abc' } }), { id: 'abc', action: 'start' });
    assert.deepStrictEqual(toContainerEvent({ Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'abc' } }), { id: 'abc', action: 'health_status' });
    assert.strictEqual(toContainerEvent({ Type: 'container', Action: 'exec_start: /bin/sh -c true', Actor: { ID: 'abc' } }), undefined);
    assert.strictEqual(toContainerEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'n' } }), undefined);
    // Podman's compatible API says `died` for Docker's `die`.
    assert.deepStrictEqual(toContainerEvent({ Type: 'container', Action: 'died', Actor: { ID: 'p1', Attributes: { exitCode: '137' } } }), { id: 'p1', action: 'die', exitCode: 137 });
    for (const garbage of [null, 'start', 1, [], {}, { Action: 'start' }]) assert.strictEqual(toContainerEvent(garbage), undefined);
  });

  it('reads the exit code of a die event, and says which events tell the new state', () => {
    const die = toContainerEvent({ Type: 'container', Action: 'die', Actor: { ID: 'c1', Attributes: { exitCode: '137', name: 'web' } } });
    assert.deepStrictEqual(die, { id: 'c1', action: 'die', exitCode: 137 });
    assert.deepStrictEqual(toContainerEvent({ Type: 'container', Action: 'die', Actor: { ID: 'c1', Attributes: { exitCode: '<b>1</b>' } } }), { id: 'c1', action: 'die' });
    const exited = knownStateOf(die!);
    assert.strictEqual(exited?.state, 'exited');
    assert.strictEqual(exited?.status('Up 2 hours'), 'Exited (137) Less than a second ago');
    assert.strictEqual(knownStateOf({ id: 'c1', action: 'start' })?.state, 'running');
    const paused = knownStateOf({ id: 'c1', action: 'pause' });
    assert.strictEqual(paused?.status('Up 2 hours'), 'Up 2 hours (Paused)');
    assert.strictEqual(knownStateOf({ id: 'c1', action: 'unpause' })?.status('Up 2 hours (Paused)'), 'Up 2 hours');
    for (const action of ['create', 'kill', 'stop', 'destroy', 'rename', 'health_status']) {
      assert.strictEqual(knownStateOf({ id: 'c1', action }), undefined, `${action} leaves the state to the list`);
    }
  });

  it('shares one connection, splits lines across chunks, skips garbage, and closes with the last subscriber', async () => {
    const streams: PassThrough[] = [];
    const aborts: AbortController[] = [];
    const source = {
      open: async () => {
        const stream = new PassThrough();
        const abort = new AbortController();
        abort.signal.addEventListener('abort', () => stream.destroy());
        streams.push(stream);
        aborts.push(abort);
        return { stream, abort };
      },
    };
    const shared = new SharedEventStream(source, quiet);
    const heard: string[] = [];
    const a = shared.subscribe({ onEvent: (e) => heard.push(`a:${e.id}`), onConnection: () => undefined });
    const b = shared.subscribe({ onEvent: (e) => heard.push(`b:${e.id}`), onConnection: () => undefined });
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(streams.length, 1, 'one connection for two subscribers');
    streams[0].write('{"Type":"container","Action":"st');
    streams[0].write('art","Actor":{"ID":"c1"}}\nnot json\n{"Type":"container","Action":"die","Actor":{"ID":"c2"}}\n');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepStrictEqual(heard, ['a:c1', 'b:c1', 'a:c2', 'b:c2']);
    a.close();
    assert.strictEqual(aborts[0].signal.aborted, false, 'still open for the other subscriber');
    b.close();
    assert.strictEqual(aborts[0].signal.aborted, true, 'closed with the last subscriber');
  });

  it('keeps one connection when restarted while still connecting (a settings change restarts it twice)', async () => {
    const opened: AbortController[] = [];
    const pending: (() => void)[] = [];
    const source = {
      // Each open answers only when the test says so: restarts land while connecting.
      open: () =>
        new Promise<{ stream: PassThrough; abort: AbortController }>((resolve) => {
          pending.push(() => {
            const stream = new PassThrough();
            const abort = new AbortController();
            abort.signal.addEventListener('abort', () => stream.destroy());
            opened.push(abort);
            resolve({ stream, abort });
          });
        }),
    };
    const shared = new SharedEventStream(source, quiet);
    const subscription = shared.subscribe({ onEvent: () => undefined, onConnection: () => undefined });
    shared.restart();
    shared.restart();
    for (const answer of pending.splice(0)) answer();
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(opened.length, 3, 'three opens answered');
    assert.strictEqual(opened.filter((abort) => !abort.signal.aborted).length, 1, 'only the newest stays open');
    subscription.close();
    assert.strictEqual(opened.filter((abort) => !abort.signal.aborted).length, 0, 'and it closes with the last subscriber');
  });

  it('counts the failed reconnects one by one and starts over once connected', async function () {
    this.timeout(10_000);
    let opens = 0;
    const source = {
      // The first two opens fail (an engine not there yet), the third connects.
      open: async () => {
        if (++opens <= 2) throw new Error('connect ENOENT /run/nowhere.sock');
        const stream = new PassThrough();
        const abort = new AbortController();
        abort.signal.addEventListener('abort', () => stream.destroy());
        return { stream, abort };
      },
    };
    const shared = new SharedEventStream(source, quiet);
    const reports: string[] = [];
    const subscription = shared.subscribe({ onEvent: () => undefined, onConnection: (connected, failed) => reports.push(`${connected ? 'up' : 'down'}:${failed}`) });
    try {
      for (const deadline = Date.now() + 8_000; !reports.includes('up:0'); ) {
        assert.ok(Date.now() < deadline, `connected within the backoff: ${reports.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepStrictEqual(reports, ['down:1', 'down:2', 'up:0']);
      // A late subscriber hears the state as it is now.
      const late: string[] = [];
      shared.subscribe({ onEvent: () => undefined, onConnection: (connected, failed) => late.push(`${connected ? 'up' : 'down'}:${failed}`) }).close();
      assert.deepStrictEqual(late, ['up:0']);
    } finally {
      subscription.close();
    }
  });
});
