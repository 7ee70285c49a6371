// Shared set-up for the engine tests: the private dockerd started by the harness (never the
// user's engine), a provider pointed at it, and containers made for one test and removed after.
import Dockerode from 'dockerode';
import { DockerProvider } from '../../src/providers/docker/dockerProvider';
import { endpointInputFromProcess, resolveDockerEndpoint } from '../../src/providers/docker/endpoint';
import type { Logger } from '../../src/providers/provider';

export const TEST_LABEL = 'workload-stacks.test';
export const BUSYBOX = 'local/busybox:latest';

export function privateDockerHost(): string {
  const host = process.env.WS_TEST_DOCKER_HOST;
  if (!host) {
    throw new Error('WS_TEST_DOCKER_HOST is not set: run the engine tests through `npm test` (or `node scripts/test.mjs engine`), which starts a private dockerd.');
  }
  return host;
}

/** A Logger that keeps what it was told, so tests can assert on it. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string | Error) => void lines.push(`${level} ${message instanceof Error ? message.message : message}`);
  return { lines, trace: keep('trace'), debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

export function providerFor(host: string, timeoutMs = 10_000): DockerProvider {
  return new DockerProvider({
    resolveEndpoint: () => resolveDockerEndpoint(endpointInputFromProcess(host)),
    timeoutMs: () => timeoutMs,
    log: memoryLogger(),
  });
}

/** A dockerode client of the test's own, for arranging containers; the code under test uses the provider. */
export function engine(): Dockerode {
  return new Dockerode({ socketPath: privateDockerHost().replace(/^unix:\/\//, '') });
}

export async function runContainer(docker: Dockerode, options: Dockerode.ContainerCreateOptions & { start?: boolean }): Promise<Dockerode.Container> {
  const { start = true, ...create } = options;
  const container = await docker.createContainer({
    Image: BUSYBOX,
    Cmd: ['sleep', '3600'],
    ...create,
    Labels: { [TEST_LABEL]: '1', ...(create.Labels ?? {}) },
    HostConfig: { Init: true, ...(create.HostConfig ?? {}) },
  });
  if (start) await container.start();
  return container;
}

export async function removeTestContainers(docker: Dockerode): Promise<void> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [TEST_LABEL] } });
  await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
