// The overhead lab's "TCP from this machine" step against the real probe on this machine: however
// the echo peer misbehaves (it hangs, it closes the connection cleanly halfway), the step ends by
// its deadline or at once on cancel, its server process is gone, and nothing of the probe is left.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import { measureFromHost, roundTrips } from '../../src/overhead/tcpFromHost';
import { hostProbeTarget } from '../../src/providers/host/hostProbe';
import type { InstalledProbe } from '../../src/providers/probeTarget';
import { probeFor } from '../overheadHelpers';

const LOOPBACK = { bind: '127.0.0.1', connect: '127.0.0.1' };

/** The pid of this process's child running `file --echo`, once it runs. */
async function echoServerPid(file: string, timeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        if (argv[0] === file && argv[1] === '--echo') return Number(entry);
      } catch {
        // gone meanwhile
      }
    }
    if (Date.now() > deadline) throw new Error(`no ${file} --echo process within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function bytesWritten(pid: number): number {
  return Number(/^wchar:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
}

/** Echoed bytes that only round trips can account for (a warm-up of 50 ms makes thousands). */
const ROUND_TRIPS_BEGUN_BYTES = 64;

/**
 * Waits until the echo server has echoed many bytes more than it had when first seen: the round
 * trips have begun. Not "more than before": a process can count a byte written before it listens
 * (seen here: wchar 0, then 1, before listen), and a stop then comes before any client is served,
 * so the step fails to connect instead of timing out (seen in CI: ECONNREFUSED).
 */
async function echoing(pid: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const before = bytesWritten(pid);
  while (bytesWritten(pid) < before + ROUND_TRIPS_BEGUN_BYTES) {
    if (Date.now() > deadline) throw new Error(`the echo server ${pid} echoed nothing within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function isAlive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Waits for a promise at most `ms`; the test fails (and says what hung) beyond that. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

describe('TCP round trips from this machine into a workload', function () {
  this.timeout(60_000);
  let installed: InstalledProbe;

  beforeEach(async () => {
    const probe = await probeFor('x86_64');
    assert.ok(probe);
    installed = await hostProbeTarget().install(probe);
  });

  afterEach(async () => {
    assert.strictEqual(await installed.remove(), undefined);
    assert.strictEqual(fs.existsSync(installed.dir), false, 'the probe is removed');
  });

  it('ends at once on cancel while the probe’s echo server hangs, and the server is gone', async () => {
    const abort = new AbortController();
    const measuring = measureFromHost(installed, LOOPBACK, 50, 200, abort.signal);
    const pid = await echoServerPid(installed.path);
    await echoing(pid);
    process.kill(pid, 'SIGSTOP');
    const cancelledAt = Date.now();
    abort.abort();
    const result = await within(3_000, 'the cancelled step', measuring);
    assert.ok(Date.now() - cancelledAt < 2_000, `it ended ${Date.now() - cancelledAt} ms after the cancel`);
    // Cancelled, keeping whatever runs finished before the cancel.
    assert.ok(('error' in result && result.error === 'cancelled') || ('runs' in result && result.runs.length < 50), JSON.stringify(result));
    assert.strictEqual(isAlive(pid), false, 'the echo server was ended');
  });

  it('ends by its deadline when the echo server stops answering', async () => {
    // Runs of 1 s: the stop comes long before they end on a busy machine too (a run's deadline is 6 s).
    const measuring = measureFromHost(installed, LOOPBACK, 3, 1_000);
    const pid = await echoServerPid(installed.path);
    await echoing(pid);
    process.kill(pid, 'SIGSTOP');
    const result = await within(20_000, 'the step with a hung peer', measuring);
    assert.ok('error' in result && /did not answer/.test(result.error), JSON.stringify(result));
    assert.strictEqual(isAlive(pid), false, 'the echo server was ended');
  });

  it('says so when the peer closes the connection cleanly halfway, instead of waiting forever', async () => {
    // A peer of the test's own: it echoes 20 bytes, then closes its side cleanly (FIN, no reset).
    const server = net.createServer((socket) => {
      let echoed = 0;
      socket.on('data', (chunk) => {
        if (socket.writableEnded) return; // what arrives after its own end is read and dropped
        socket.write(chunk);
        if (++echoed === 20) socket.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const socket = net.connect({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, noDelay: true });
      await new Promise((resolve) => socket.once('connect', resolve));
      await assert.rejects(within(5_000, 'round trips on a closed connection', roundTrips(socket, 10_000)), /closed the connection/);
      socket.destroy();
    } finally {
      server.close();
    }
  });
});
