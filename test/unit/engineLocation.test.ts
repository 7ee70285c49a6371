import { strict as assert } from 'assert';
import { parseEngineInfo } from '../../src/providers/docker/contracts';
import { runsOnThisMachine } from '../../src/providers/docker/engineLocation';
import { readJsonFixture } from '../repoPaths';

const info = (fixture: string) => {
  const parsed = parseEngineInfo(readJsonFixture(fixture));
  assert.ok(parsed.ok);
  return parsed.value;
};

describe("where an engine runs: this machine's evidence only under engines on it", () => {
  it('a local socket whose engine runs this kernel is this machine', () => {
    const dockerd = info('docker/engine-20.10/info.json');
    assert.equal(runsOnThisMachine('socket', dockerd, dockerd.KernelVersion!), true);
  });

  it("a local socket into a VM is not: Docker Desktop's LinuxKit kernel, a Podman machine's", () => {
    assert.equal(runsOnThisMachine('socket', info('docker/docker-desktop/info.json'), '23.6.0'), false);
    assert.equal(runsOnThisMachine('npipe', info('docker/wsl2/info.json'), '10.0.22631'), false);
  });

  it('a remote engine never is, whatever kernel it reports', () => {
    const dockerd = info('docker/engine-20.10/info.json');
    for (const kind of ['tcp', 'ssh']) assert.equal(runsOnThisMachine(kind, dockerd, dockerd.KernelVersion!), false);
  });

  it('Windows containers on this machine are, though their kernel reads differently; an engine that says no kernel is taken as local', () => {
    assert.equal(runsOnThisMachine('npipe', { ...info('docker/engine-20.10/info.json'), OSType: 'windows', KernelVersion: '10.0 22631 (22621.1.amd64fre.ni_release.220506-1250)' }, '10.0.22631'), true);
    assert.equal(runsOnThisMachine('socket', undefined, '6.1.0'), true);
  });
});
