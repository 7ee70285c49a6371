// Step `engines` of `npm run bench`: four engines at once, 250 containers each: the bench's
// dockerd, a second dockerd, a rootful and a rootless Podman, each behind a counting proxy. The
// suite (test/bench/engines.ts) lists them in the extension host; this side fills the engines,
// counts each one's requests in the idle windows, and stops what it started.
import path from 'node:path';
import Docker from 'dockerode';
import { startPrivateDockerd } from '../harness/dockerd.mjs';
import { ensureBusyboxImage } from '../harness/images.mjs';
import { startPrivatePodman } from '../harness/podman.mjs';
import { countWindow, startProxySocket } from './proxySocket.mjs';

const perEngine = 250;
const createConcurrency = 8;
const benchLabel = 'workload-stacks.bench';

async function fill(socketPath, image, hostConfig) {
  const docker = new Docker({ socketPath });
  let next = 0;
  const worker = async () => {
    while (next < perEngine) {
      const index = next++;
      await docker.createContainer({ name: `bench-${String(index).padStart(4, '0')}`, Image: image, Cmd: ['sleep', '3600'], Labels: { [benchLabel]: '1' }, HostConfig: hostConfig });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: createConcurrency }, worker));
  return performance.now() - started;
}

/** `firstEngine` is the bench's own dockerd (empty by now); `runPhase(env)` runs the suite and resolves with its results. */
export async function measureFourEngines({ firstEngine, runPhase, idleSeconds }) {
  const stops = [];
  try {
    const second = await startPrivateDockerd({ label: 'bench-second' });
    stops.push(second.stop);
    await ensureBusyboxImage(second.dockerHost);
    const rootful = await startPrivatePodman({ label: 'bench' });
    stops.push(rootful.stop);
    const rootless = await startPrivatePodman({ label: 'bench-rootless', rootless: true });
    stops.push(rootless.stop);
    const podmanImage = 'localhost/local/busybox:latest';
    const engines = [
      { name: 'Bench dockerd', socketPath: firstEngine.socketPath, podman: false, fromSetting: false, image: 'local/busybox:latest', hostConfig: { Init: true } },
      { name: 'Second dockerd', socketPath: second.socketPath, podman: false, fromSetting: true, image: 'local/busybox:latest', hostConfig: { Init: true } },
      { name: 'Podman', socketPath: rootful.socketPath, podman: true, fromSetting: true, image: podmanImage, hostConfig: { NetworkMode: 'none' } },
      { name: 'Podman rootless', socketPath: rootless.socketPath, podman: true, fromSetting: true, image: podmanImage, hostConfig: { NetworkMode: 'none' } },
    ];
    const created = [];
    let createMs = 0;
    for (const engine of engines) {
      const ms = await fill(engine.socketPath, engine.image, engine.hostConfig);
      createMs += ms;
      created.push(`${engine.name} ${(ms / perEngine).toFixed(1)}`);
      console.log(`[bench] ${engine.name}: ${perEngine} containers created in ${(ms / 1000).toFixed(1)} s`);
    }
    const proxies = [];
    for (const [index, engine] of engines.entries()) {
      const proxy = await startProxySocket(path.join(path.dirname(firstEngine.socketPath), `engine-${index}.sock`), engine.socketPath);
      stops.push(proxy.close);
      proxies.push(proxy);
      engine.proxyHost = proxy.dockerHost;
    }
    const raw = await runPhase({
      DOCKER_HOST: engines[0].proxyHost,
      WS_BENCH_PHASE: 'engines',
      WS_BENCH_IDLE_SECONDS: String(idleSeconds),
      WS_BENCH_ENGINES: JSON.stringify(engines.map(({ name, socketPath, proxyHost, podman, fromSetting }) => ({ name, socketPath, proxyHost, podman, fromSetting }))),
    });
    return [
      ...raw.map((result) => (result.unit === 'timestamp' && !result.notMeasured ? perEngineIdle(result, engines, proxies) : result)),
      { id: 'engines-create', measure: `create ${perEngine} containers on each of ${engines.length} engines, ${createConcurrency} at a time`, unit: 'ms', samples: [createMs], note: `ms per container: ${created.join(', ')}` },
    ];
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error) => console.warn(`[bench] stopping: ${error.message}`));
  }
}

/** The busiest engine's requests per minute in the window is the figure; the note names each. */
function perEngineIdle(result, engines, proxies) {
  const counts = proxies.map((proxy) => countWindow(proxy, result.extra.start, result.extra.end));
  const busiest = Math.max(...counts.map((count) => count.perMinute));
  const note = counts.map((count, index) => `${engines[index].name} ${count.requests} (${count.paths.join(', ') || 'none'}; ${count.eventsStreamsOpen} events streams)`).join('; ');
  return { id: result.id, measure: result.measure, unit: 'count', samples: [busiest], note: `requests in ${counts[0].seconds.toFixed(0)} s: ${note}`, extra: { counts } };
}
