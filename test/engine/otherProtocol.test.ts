// Endpoints where something real answers, but it is not a Docker engine: the private dockerd's
// own containerd socket (gRPC, the socket users mistake for Docker's) and an SSH port. Each list
// is a diagnosis that says so within a second or two, never a raw parser error or a hang.
import * as assert from 'assert';
import { existsSync } from 'fs';
import * as path from 'path';
import { DockerProvider } from '../../src/providers/docker/dockerProvider';
import { endpointInputFromProcess, resolveDockerEndpoint } from '../../src/providers/docker/endpoint';
import { type PrivateSshd, startPrivateSshd } from '../sshdFixture';
import { memoryLogger, privateDockerHost } from './engineFixture';

function providerAt(host: string): DockerProvider {
  return new DockerProvider({ resolveEndpoint: () => resolveDockerEndpoint(endpointInputFromProcess(host)), timeoutMs: () => 10_000, log: memoryLogger() });
}

describe('an endpoint that answers another protocol', function () {
  this.timeout(30_000);
  let sshd: PrivateSshd | undefined;
  after(() => sshd?.stop());

  it("says containerd's gRPC socket is not a Docker Engine API, and names the engine's socket to use", async () => {
    const containerdSocket = path.join(path.dirname(privateDockerHost().replace(/^unix:\/\//, '')), 'exec', 'containerd', 'containerd.sock');
    assert.ok(existsSync(containerdSocket), `the private dockerd's containerd socket at ${containerdSocket}`);
    const started = Date.now();
    const result = await providerAt(`unix://${containerdSocket}`).list();
    assert.ok(!result.ok);
    assert.strictEqual(result.diagnosis.kind, 'wrong-host');
    assert.match(result.diagnosis.message, /answers, but not in HTTP: it is not a Docker Engine API/);
    assert.match(result.diagnosis.hint, /containerd/);
    assert.ok(Date.now() - started < 5_000, `answered in ${Date.now() - started} ms`);
  });

  it('says an SSH port is another service, when named as tcp://', async () => {
    sshd = await startPrivateSshd();
    const result = await providerAt(`tcp://127.0.0.1:${sshd.port}`).list();
    assert.ok(!result.ok);
    assert.strictEqual(result.diagnosis.kind, 'wrong-host', JSON.stringify(result.diagnosis));
    assert.match(result.diagnosis.hint, /Another service listens on that port/);
  });
});
