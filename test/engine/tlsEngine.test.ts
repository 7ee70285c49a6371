// A tcp:// engine with mutual TLS for real: a private dockerd of the test's own listening on
// loopback with --tlsverify and certificates made for it. With the right folder in
// DOCKER_CERT_PATH (as the Docker CLI reads it) the containers are listed and drawn; with a wrong
// certificate of any kind the list is a TLS diagnosis that says which, and nothing throws.
import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Dockerode from 'dockerode';
import { DockerProvider } from '../../src/providers/docker/dockerProvider';
import { endpointInputFromProcess, resolveDockerEndpoint } from '../../src/providers/docker/endpoint';
import { repoRoot } from '../repoPaths';
import { BUSYBOX, memoryLogger, uniqueName } from './engineFixture';

interface TlsDockerd {
  dockerHost: string;
  socketPath: string;
  tls: { host: string; clients: { right: string; strangerCert: string; wrongCa: string; noCert: string } };
  stop(): Promise<void>;
}

// A real ES module import (tsc would turn `import()` into `require()` under commonjs).
const importModule = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;
const harness = (file: string) => pathToFileURL(path.join(repoRoot, 'scripts', 'harness', file)).href;

describe('a tcp:// engine with mutual TLS (a private dockerd with --tlsverify)', function () {
  this.timeout(60_000);
  let engine: TlsDockerd;
  let docker: Dockerode;

  before(async function () {
    this.timeout(120_000);
    const { startPrivateDockerd } = await importModule<{ startPrivateDockerd(options: { label: string; tls: boolean }): Promise<TlsDockerd> }>(harness('dockerd.mjs'));
    engine = await startPrivateDockerd({ label: 'engine-test-tls', tls: true });
    const { ensureBusyboxImage } = await importModule<{ ensureBusyboxImage(host: string): Promise<void> }>(harness('images.mjs'));
    await ensureBusyboxImage(engine.dockerHost); // arranged through the socket; the provider goes over TLS
    docker = new Dockerode({ socketPath: engine.socketPath });
  });
  after(async function () {
    this.timeout(60_000);
    await engine?.stop();
  });

  /** DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH as a user's terminal would have them. */
  function tlsProvider(certDir: string | undefined): DockerProvider {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DOCKER_HOST: engine.tls.host, ...(certDir ? { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir } : {}) };
    return new DockerProvider({
      resolveEndpoint: () => resolveDockerEndpoint({ ...endpointInputFromProcess(), env }),
      timeoutMs: () => 10_000,
      log: memoryLogger(),
    });
  }

  it('lists and draws the containers over mutual TLS with the right certificates', async () => {
    const name = uniqueName('over-tls');
    const container = await docker.createContainer({ name, Image: BUSYBOX, Cmd: ['sleep', '3600'], HostConfig: { Init: true } });
    await container.start();
    try {
      const provider = tlsProvider(engine.tls.clients.right);
      const result = await provider.list();
      assert.ok(result.ok, JSON.stringify(result));
      const info = (await docker.info()) as { ID: string; Name: string };
      assert.strictEqual(result.engineId, `${info.ID} on ${info.Name}`, 'the engine behind the TLS listener');
      const row = result.workloads.find((workload) => workload.ref.id === container.id);
      assert.ok(row, 'the container is listed over TLS');
      const stack = await provider.inspectStack(row.ref, { processes: false });
      assert.strictEqual(stack.name, name);
    } finally {
      await container.remove({ force: true });
    }
  });

  const refusals: Array<[what: string, folder: (clients: TlsDockerd['tls']['clients']) => string | undefined, message: RegExp]> = [
    ['a client certificate from another CA', (clients) => clients.strangerCert, /refused this client's TLS certificate/],
    ['no client certificate', (clients) => clients.noCert, /refused this client's TLS certificate/],
    ["a CA that did not sign the engine's certificate", (clients) => clients.wrongCa, /presented a certificate this machine does not trust/],
  ];
  for (const [what, folder, message] of refusals) {
    it(`says which TLS certificate is wrong: ${what}`, async () => {
      const result = await tlsProvider(folder(engine.tls.clients)).list();
      assert.ok(!result.ok, 'no list over a refused TLS handshake');
      assert.strictEqual(result.diagnosis.kind, 'tls');
      assert.match(result.diagnosis.message, message);
      assert.ok(result.diagnosis.message.includes('127.0.0.1'), result.diagnosis.message);
    });
  }

  it('says the port speaks TLS when plain tcp:// is tried on it', async () => {
    const result = await tlsProvider(undefined).list();
    assert.ok(!result.ok, 'plain HTTP gets no list from a TLS port');
    assert.match(`${result.diagnosis.message} ${result.diagnosis.hint}`, /TLS/, JSON.stringify(result.diagnosis));
  });
});
