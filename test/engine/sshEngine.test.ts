// An ssh:// engine for real: a private sshd on loopback in front of the private dockerd (sessions
// get DOCKER_HOST pointing at it), reached as the Docker CLI does. With the host's key in
// known_hosts the containers are listed and a diagram is read; with the key unknown or changed
// the list is a diagnosis row, the host never receives a command, and known_hosts stays as it was.
import * as assert from 'assert';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { DockerProvider } from '../../src/providers/docker/dockerProvider';
import { endpointInputFromProcess, resolveDockerEndpoint } from '../../src/providers/docker/endpoint';
import { type PrivateSshd, startPrivateSshd } from '../sshdFixture';
import { engine, memoryLogger, privateDockerHost, removeTestContainers, runContainer, uniqueName } from './engineFixture';

describe('an ssh:// engine (a private sshd in front of the private dockerd)', function () {
  this.timeout(60_000);
  let sshd: PrivateSshd;
  const docker = engine();

  before(async () => {
    sshd = await startPrivateSshd({ DOCKER_HOST: privateDockerHost() });
  });

  after(async () => {
    sshd?.stop();
    await removeTestContainers(docker);
  });

  /** A provider for ssh://user@127.0.0.1:PORT whose ssh reads only the test's own config. */
  function sshProvider(knownHostsFile: string): DockerProvider {
    const host = `ssh://${sshd.destination}:${sshd.port}`;
    const config = sshd.sshConfig(knownHostsFile);
    return new DockerProvider({
      resolveEndpoint: () => resolveDockerEndpoint(endpointInputFromProcess(host)),
      sshArgs: () => ['-F', config],
      timeoutMs: () => 15_000,
      log: memoryLogger(),
    });
  }

  it('lists the containers and reads a diagram through ssh when known_hosts holds the host key', async () => {
    const knownHosts = path.join(sshd.dir, 'known_hosts');
    writeFileSync(knownHosts, sshd.knownHostsLine);
    const name = uniqueName('over-ssh');
    const container = await runContainer(docker, { name });
    const provider = sshProvider(knownHosts);
    const result = await provider.list();
    assert.ok(result.ok, JSON.stringify(result));
    assert.strictEqual(result.endpoint, `ssh://${sshd.destination}:${sshd.port}`);
    const row = result.workloads.find((workload) => workload.ref.id === container.id);
    assert.ok(row, 'the container of the engine behind sshd is listed');
    const stack = await provider.inspectStack(row.ref, { processes: false });
    assert.strictEqual(stack.name, name);
    assert.ok(sshd.commandsRun().every((command) => command === 'docker system dial-stdio'), sshd.commandsRun().join('\n'));
    assert.strictEqual(readFileSync(knownHosts, 'utf8'), sshd.knownHostsLine, 'known_hosts is as it was');
  });

  for (const [what, line] of [
    ['is not in known_hosts', () => ''],
    ['changed', () => sshd.wrongKnownHostsLine],
  ] as const) {
    it(`refuses a host whose key ${what}: a diagnosis row, nothing sent, known_hosts unchanged`, async () => {
      const knownHosts = path.join(sshd.dir, `known_hosts-${what.replace(/\W+/g, '-')}`);
      writeFileSync(knownHosts, line());
      const before = sshd.commandsRun().length;
      const provider = sshProvider(knownHosts);
      const result = await provider.list();
      assert.ok(!result.ok, `the list must fail, got ${JSON.stringify(result).slice(0, 300)}`);
      assert.strictEqual(result.diagnosis.kind, 'host-key', JSON.stringify(result.diagnosis));
      assert.match(result.diagnosis.message, /nothing was sent/);
      assert.strictEqual(sshd.commandsRun().length, before, 'no command reached the host');
      assert.strictEqual(readFileSync(knownHosts, 'utf8'), line(), 'known_hosts is as it was');
    });
  }
});
