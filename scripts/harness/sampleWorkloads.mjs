// The sample containers of the demo and the end-to-end tests: one of each shape the extension
// draws differently (a Compose group, paused, exited, health-checked, resource-limited, an image
// with many layers). Every one carries `workload-stacks.sample=1`, so a new run can remove them.
import { connect } from './dockerd.mjs';
import { busyboxImage, deepImage, ensureBusyboxImage, ensureDeepImage } from './images.mjs';
import { sleep } from './processes.mjs';

export const sampleLabel = 'workload-stacks.sample';

const second = 1_000_000_000; // the Engine API counts health-check intervals in nanoseconds

function composeLabels(service) {
  return {
    'com.docker.compose.project': 'shop',
    'com.docker.compose.service': service,
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
  };
}

// `Init` puts docker-init in front as PID 1, so a stop does not wait 10 s for a shell or sleep
// that ignores SIGTERM.
const samples = {
  web: {
    name: 'shop-web-1',
    Image: busyboxImage,
    Cmd: ['sh', '-c', 'mkdir -p /www && echo "hello from shop-web" > /www/index.html && exec httpd -f -p 80 -h /www'],
    Labels: composeLabels('web'),
    ExposedPorts: { '80/tcp': {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  },
  db: {
    name: 'shop-db-1',
    Image: busyboxImage,
    Cmd: ['sh', '-c', 'echo "db ready"; exec nc -ll -p 5432 -e cat'],
    Env: ['DB_PASSWORD=sample-secret-not-shown'],
    Labels: composeLabels('db'),
    ExposedPorts: { '5432/tcp': {} },
  },
  paused: {
    name: 'paused-worker',
    Image: busyboxImage,
    Cmd: ['sh', '-c', 'while true; do echo working; sleep 5; done'],
  },
  exited: {
    name: 'finished-job',
    Image: busyboxImage,
    Cmd: ['sh', '-c', 'echo "job finished"'],
  },
  healthy: {
    name: 'healthy-api',
    Image: busyboxImage,
    Cmd: ['sh', '-c', 'mkdir -p /www && echo ok > /www/health && exec httpd -f -p 8080 -h /www'],
    Healthcheck: { Test: ['CMD-SHELL', 'test -f /www/health && echo healthy'], Interval: 2 * second, Timeout: 2 * second, Retries: 3 },
  },
  limited: {
    name: 'limited-box',
    Image: busyboxImage,
    Cmd: ['sleep', '86400'],
    HostConfig: { NanoCpus: second / 2, Memory: 64 * 1024 * 1024, PidsLimit: 64 },
  },
  deep: {
    name: 'deep-image',
    Image: deepImage,
    Cmd: ['sleep', '86400'],
  },
};

async function removePreviousSamples(docker) {
  const previous = await docker.listContainers({ all: true, filters: { label: [`${sampleLabel}=1`] } });
  await Promise.all(previous.map((container) => docker.getContainer(container.Id).remove({ force: true })));
}

async function waitFor(description, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Sample workloads: ${description} within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/**
 * Creates the sample set on the engine at `dockerHost`, replacing any earlier one. Resolves with
 * `{ web, db, paused, exited, healthy, limited, deep }`, each `{ name, id }`; `web` also has
 * `url`, its page published on 127.0.0.1. With `secret`, every sample carries it in the
 * environment variable WS_SECRET, for the tests that prove it never reaches a webview.
 */
export async function createSampleWorkloads(dockerHost, { secret } = {}) {
  const docker = connect(dockerHost);
  await ensureBusyboxImage(dockerHost);
  await ensureDeepImage(dockerHost);
  await removePreviousSamples(docker);

  const started = await Promise.all(
    Object.entries(samples).map(async ([role, { HostConfig, Labels, Env = [], ...options }]) => {
      const container = await docker.createContainer({
        ...options,
        Env: secret ? [...Env, `WS_SECRET=${secret}`] : Env,
        Labels: { ...Labels, [sampleLabel]: '1' },
        HostConfig: { ...HostConfig, Init: true },
      });
      await container.start();
      return [role, { name: options.name, id: container.id }];
    }),
  );
  const created = Object.fromEntries(started);

  const container = (role) => docker.getContainer(created[role].id);
  await container('paused').pause();
  await container('exited').wait();
  const state = async (role) => (await container(role).inspect()).State;
  await waitFor('healthy-api did not become healthy', async () => (await state('healthy')).Health?.Status === 'healthy');

  const webPort = (await container('web').inspect()).NetworkSettings.Ports['80/tcp']?.[0]?.HostPort;
  if (!webPort) throw new Error('Sample workloads: shop-web-1 has no published port');
  created.web.url = `http://127.0.0.1:${webPort}/`;
  await waitFor(`${created.web.url} did not answer`, () => fetch(created.web.url).then((response) => response.ok, () => false));
  return created;
}
