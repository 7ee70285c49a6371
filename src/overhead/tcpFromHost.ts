// The round trip from this machine into a workload: the probe serves TCP echo inside it (bound to
// the address the workload has) and the extension host is the client. Both columns pay the same
// client cost (Node.js), so the ratio shows what the path adds: a bridge and veth pair for a
// container, a virtual NIC and the hypervisor for a VM, plain loopback for this machine.
import * as net from 'net';
import type { InstalledProbe, ProbeAddress, ProbeOutput } from '../providers/probeTarget';

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

/** How long one run may go without finishing before the peer counts as hung. */
function runDeadlineMs(runMs: number): number {
  return runMs * 4 + 2_000;
}

/**
 * Round trips of one byte for `runMs`; microseconds per round trip. Settles on every path: the
 * budget spent, the peer closing or failing, no answer by the run's deadline, or a cancel.
 */
export function roundTrips(socket: net.Socket, runMs: number, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    const started = process.hrtime.bigint();
    const budget = BigInt(runMs) * 1_000_000n;
    const settle = (outcome: () => void) => {
      clearTimeout(deadline);
      socket.off('data', onData).off('error', onError).off('end', onClosed).off('close', onClosed);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onData = () => {
      count++;
      const elapsed = process.hrtime.bigint() - started;
      if (elapsed < budget) {
        socket.write('x');
        return;
      }
      settle(() => resolve(Number(elapsed) / 1000 / count));
    };
    const onError = (error: Error) => settle(() => reject(error));
    const onClosed = () => settle(() => reject(new Error(`the probe closed the connection after ${count} round trips`)));
    const onAbort = () => settle(() => reject(new Error('cancelled')));
    const deadline = setTimeout(() => settle(() => reject(new Error(`the probe did not answer within ${runDeadlineMs(runMs)} ms`))), runDeadlineMs(runMs));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    socket.on('data', onData).once('error', onError).once('end', onClosed).once('close', onClosed);
    socket.write('x');
  });
}

/** Ports for the echo server: below Linux's ephemeral range (32768-60999), which loopback clients take. */
const PORT_FLOOR = 20_000;
const PORT_SPAN = 12_000;
/** Tries of another port when the one drawn is taken (the server says it cannot listen). */
const LISTEN_TRIES = 3;

type EchoServer = { port: number; server: Promise<ProbeOutput>; stop: AbortController; socket: net.Socket };

/**
 * Starts the probe's echo server and connects to it. A port another socket holds makes the server
 * end at once ("cannot listen"): then another port is drawn, up to LISTEN_TRIES, instead of
 * knocking on a closed port until the connect window runs out.
 */
async function startEchoServer(probe: InstalledProbe, address: ProbeAddress, lifetimeMs: number, step: AbortSignal): Promise<EchoServer> {
  for (let attempt = 1; ; attempt++) {
    const port = PORT_FLOOR + Math.floor(Math.random() * PORT_SPAN);
    const stop = new AbortController();
    const onStep = () => stop.abort();
    step.addEventListener('abort', onStep);
    const server = probe.run(['--echo', address.bind, String(port), String(lifetimeMs)], lifetimeMs + 15_000, stop.signal).finally(() => step.removeEventListener('abort', onStep));
    const ended = server.then(
      (output) => ({ ended: output }),
      (error: unknown) => ({ ended: { exitCode: undefined, stdout: '', stderr: (error as Error).message } }),
    );
    const connecting = new AbortController();
    const connected = connectWhileStarting(address.connect, port, AbortSignal.any([stop.signal, connecting.signal])).then(
      (socket) => ({ socket }),
      (error: unknown) => ({ error: error as Error }),
    );
    const first = await Promise.race([connected, ended]);
    if ('socket' in first) return { port, server, stop, socket: first.socket };
    connecting.abort();
    stop.abort();
    if ('error' in first) throw Object.assign(first.error, { port, server });
    const stderr = first.ended.stderr.trim();
    const taken = /cannot listen/.test(stderr);
    // The connect attempt in flight settles on its own (refused or its timeout): wait for it.
    const late = await connected;
    if ('socket' in late) late.socket.destroy();
    if (!taken || attempt >= LISTEN_TRIES || step.aborted) throw Object.assign(new Error(stderr || `the probe's echo server ended (exit ${first.ended.exitCode ?? 'unknown'})`), { port, server });
  }
}

export async function measureFromHost(probe: InstalledProbe, address: ProbeAddress, runs: number, runMs: number, signal?: AbortSignal): Promise<FromHostResult> {
  const lifetimeMs = CONNECT_WINDOW_MS + runs * runMs * 2 + 2_000;
  // Ends the echo server when the step ends, however it ends (a hung server would run on to its lifetime).
  const step = new AbortController();
  const onCancel = () => step.abort();
  signal?.addEventListener('abort', onCancel);
  if (signal?.aborted) step.abort();
  let echo: EchoServer | undefined;
  let port: number | undefined;
  let server: Promise<ProbeOutput> | undefined;
  const measured: number[] = [];
  const detail = (at: number) => `1-byte TCP round trips from this machine (the extension host) to the probe at ${address.connect}:${at}${address.path ? `, ${address.path}` : ''}`;
  try {
    echo = await startEchoServer(probe, address, lifetimeMs, step.signal);
    ({ port, server } = echo);
    await roundTrips(echo.socket, Math.min(50, runMs), step.signal); // warm-up: first packets, ARP, caches
    for (let run = 0; run < runs; run++) measured.push(await roundTrips(echo.socket, runMs, step.signal));
    return { runs: measured, detail: detail(echo.port) };
  } catch (error) {
    port ??= (error as { port?: number }).port;
    server ??= (error as { server?: Promise<ProbeOutput> }).server;
    // A cancel keeps the runs finished before it.
    if (signal?.aborted) return measured.length > 0 ? { runs: measured, detail: detail(port ?? 0) } : { error: 'cancelled' };
    step.abort();
    const served = server ? await Promise.race([server.catch(() => undefined), new Promise<undefined>((resolve) => setTimeout(resolve, 500, undefined))]) : undefined;
    const why = (error as Error).message || served?.stderr.trim();
    return { error: `This machine cannot reach the workload at ${address.connect}:${port ?? '?'} (${why}).` };
  } finally {
    signal?.removeEventListener('abort', onCancel);
    echo?.socket.destroy();
    step.abort();
    await server?.catch(() => undefined);
  }
}
