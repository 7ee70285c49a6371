// What the runner (scripts/bench/run.mjs) passes to the bench suite through the environment.
import Dockerode from 'dockerode';

export const BENCH_LABEL = 'workload-stacks.bench';
export const BUSYBOX_IMAGE = 'local/busybox:latest';

export interface BenchEnv {
  phase: string;
  /** The engine's own socket (never the counting proxy), for the floor and for fixtures. */
  socketPath: string;
  dockerHost: string;
  dockerCli: string;
  proxyHost?: string;
  repetitions: number;
}

export function benchEnv(): BenchEnv {
  const socketPath = process.env.WS_BENCH_ENGINE_SOCKET;
  const dockerCli = process.env.WS_BENCH_DOCKER_CLI;
  if (!socketPath || !dockerCli) throw new Error('WS_BENCH_ENGINE_SOCKET and WS_BENCH_DOCKER_CLI must be set by scripts/bench/run.mjs');
  return {
    phase: process.env.WS_BENCH_PHASE ?? 'host',
    socketPath,
    dockerHost: `unix://${socketPath}`,
    dockerCli,
    proxyHost: process.env.WS_BENCH_PROXY_HOST,
    repetitions: Number(process.env.WS_BENCH_REPETITIONS ?? '15'),
  };
}

export function engineClient(env: BenchEnv): Dockerode {
  return new Dockerode({ socketPath: env.socketPath });
}
