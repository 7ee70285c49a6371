// The round trip from this machine into a workload: the probe serves TCP echo inside it (bound to
// the address the workload has) and the extension host is the client. Both columns pay the same
// client cost (Node.js), so the ratio shows what the path adds: a bridge and veth pair for a
// container, a virtual NIC and the hypervisor for a VM, plain loopback for this machine.
import * as net from 'net';
import type { InstalledProbe, ProbeAddress } from '../providers/probeTarget';

export type FromHostResult = { runs: number[]; detail: string } | { error: string };

const CONNECT_WINDOW_MS = 4_000;
const CONNECT_TIMEOUT_MS = 1_500;

function connectOnce(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

/** Connects while the probe starts listening: refused is retried, anything else ends it. */
async function connectWhileStarting(host: string, port: number, signal?: AbortSignal): Promise<net.Socket> {
  const deadline = Date.now() + CONNECT_WINDOW_MS;
  for (;;) {
    try {
      return await connectOnce(host, port);
    } catch (error) {
      const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      if (!refused || Date.now() > deadline || signal?.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Round trips of one byte for `runMs`; microseconds per round trip. */
function timeRoundTrips(socket: net.Socket, runMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    const started = process.hrtime.bigint();
    const budget = BigInt(runMs) * 1_000_000n;
    const onData = () => {
      count++;
      const elapsed = process.hrtime.bigint() - started;
      if (elapsed < budget) {
        socket.write('x');
        return;
      }
      socket.off('data', onData);
      socket.off('error', reject);
      resolve(Number(elapsed) / 1000 / count);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write('x');
  });
}

export async function measureFromHost(probe: InstalledProbe, address: ProbeAddress, runs: number, runMs: number, signal?: AbortSignal): Promise<FromHostResult> {
  const port = 20_000 + Math.floor(Math.random() * 40_000);
  const lifetimeMs = CONNECT_WINDOW_MS + runs * runMs * 2 + 2_000;
  const server = probe.run(['--echo', address.bind, String(port), String(lifetimeMs)], lifetimeMs + 15_000, signal);
  let socket: net.Socket | undefined;
  try {
    socket = await connectWhileStarting(address.connect, port, signal);
    await timeRoundTrips(socket, Math.min(50, runMs)); // warm-up: first packets, ARP, caches
    const measured: number[] = [];
    for (let run = 0; run < runs && !signal?.aborted; run++) measured.push(await timeRoundTrips(socket, runMs));
    if (measured.length === 0) return { error: 'cancelled' };
    return { runs: measured, detail: `1-byte TCP round trips from this machine (the extension host) to the probe at ${address.connect}:${port}${address.path ? `, ${address.path}` : ''}` };
  } catch (error) {
    const served = await Promise.race([server, new Promise<undefined>((resolve) => setTimeout(resolve, 500, undefined))]);
    const why = served?.stderr.trim() || (error as Error).message;
    return { error: `This machine cannot reach the workload at ${address.connect}:${port} (${why}).` };
  } finally {
    socket?.end();
    socket?.destroy();
    await server.catch(() => undefined);
  }
}

