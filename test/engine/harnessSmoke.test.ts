// The harness's own promise to the engine tests: a private dockerd (not the machine's default
// engine) with the local images made from busybox-static, reachable through dockerode.
import * as assert from 'assert';
import type Dockerode from 'dockerode';
import { BUSYBOX, engine, privateDockerHost, removeTestContainers, runContainer, uniqueName } from './engineFixture';

const DEEP_IMAGE = 'local/deep:latest';

describe('the private engine started by the harness', function () {
  this.timeout(30_000);
  let docker: Dockerode;

  before(() => {
    docker = engine();
  });
  after(() => removeTestContainers(docker));

  it('is a private dockerd on its own socket, labelled by the harness', async () => {
    const host = privateDockerHost();
    assert.match(host, /^unix:\/\/\/tmp\/wsd-[^/]+\/docker\.sock$/);
    const info = await docker.info();
    assert.ok(
      (info.Labels as string[]).some((label) => label.startsWith('workload-stacks.harness=')),
      `the engine carries the harness label: ${JSON.stringify(info.Labels)}`,
    );
    assert.match(info.DockerRootDir, /^\/tmp\/wsd-[^/]+\/data$/);
  });

  it('has local/busybox imported from busybox-static, with an os-release saying so', async () => {
    const history = await docker.getImage(BUSYBOX).history();
    assert.strictEqual(history.length, 1);
    assert.strictEqual(history[0].Comment, 'Imported from -');

    const container = await runContainer(docker, { name: uniqueName('smoke'), Cmd: ['cat', '/etc/os-release'], start: false });
    await container.start();
    assert.strictEqual((await container.wait()).StatusCode, 0);
    const output = (await container.logs({ stdout: true, stderr: true })).toString('utf8');
    assert.match(output, /ID=busybox/);
    assert.match(output, /made by the Workload Stacks tests/);
  });

  it('has local/deep with 64 layers on top of the same busybox layer', async () => {
    const deep = await docker.getImage(DEEP_IMAGE).inspect();
    const busybox = await docker.getImage(BUSYBOX).inspect();
    assert.strictEqual(deep.RootFS.Layers?.length, 64);
    assert.strictEqual(deep.RootFS.Layers?.[0], busybox.RootFS.Layers?.[0]);
    assert.strictEqual((await docker.getImage(DEEP_IMAGE).history()).length, 64);
  });

  it('publishes a container port on 127.0.0.1 that answers from the host', async () => {
    const container = await runContainer(docker, {
      name: uniqueName('smoke-web'),
      Cmd: ['sh', '-c', 'mkdir -p /www && echo smoke > /www/index.html && exec httpd -f -p 80 -h /www'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { Init: true, PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    });
    const port = (await container.inspect()).NetworkSettings.Ports['80/tcp']?.[0]?.HostPort;
    assert.ok(port, 'a host port is published');
    let body = '';
    for (let attempt = 0; attempt < 50 && body === ''; attempt++) {
      body = await fetch(`http://127.0.0.1:${port}/`).then((response) => response.text(), () => '');
      if (body === '') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.strictEqual(body.trim(), 'smoke');
  });
});
