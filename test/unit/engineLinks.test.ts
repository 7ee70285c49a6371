import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverEngines } from '../../src/providers/docker/engineDiscovery';
import { endpointInputFromProcess } from '../../src/providers/docker/endpoint';
import { parseColimaList } from '../../src/providers/vmtools/parsers/lima';
import { engineSourceIdOfVm, isNodeContainerName, vmOfEngineSource } from '../../src/tree/engineLinks';
import { readFixture } from '../repoPaths';

describe('engine roots and the VM rows that run them', () => {
  it("links a Colima profile and a Lima instance to the engine roots discovery names after them", () => {
    let found: ReturnType<typeof discoverEngines>;
    // A home folder laid out as Colima and Lima leave it (the sockets are files here; only their presence counts).
    const home = mkdtempSync(path.join(os.tmpdir(), 'ws-engine-links-'));
    try {
      for (const socket of [['.colima', 'default', 'docker.sock'], ['.lima', 'dev', 'sock', 'docker.sock']]) {
        mkdirSync(path.join(home, ...socket.slice(0, -1)), { recursive: true });
        writeFileSync(path.join(home, ...socket), '');
      }
      found = discoverEngines({ ...endpointInputFromProcess(), env: {}, homeDir: home });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    const ids = found.map((engine) => engine.id);
    for (const vm of [{ providerId: 'colima', id: 'default' }, { providerId: 'lima', id: 'dev' }]) {
      const sourceId = engineSourceIdOfVm({ kind: 'vm', ...vm });
      assert.ok(sourceId && ids.includes(sourceId), `${vm.providerId} ${vm.id} -> ${sourceId}; found: ${ids.join(', ')}`);
      assert.deepEqual(vmOfEngineSource(sourceId), vm);
    }
  });

  it('links nothing else: other VM tools, containers, contexts and hand-added engines', () => {
    assert.equal(engineSourceIdOfVm({ kind: 'vm', providerId: 'virtualbox', id: 'default' }), undefined);
    assert.equal(engineSourceIdOfVm({ kind: 'container', providerId: 'colima', id: 'abc' }), undefined);
    for (const sourceId of ['docker', 'docker-context:remote', 'engine:0123456789ab', 'podman', 'colima:', 'lima']) assert.equal(vmOfEngineSource(sourceId), undefined, sourceId);
  });

  it('links the profiles a recorded `colima list --json` names', () => {
    const parsed = parseColimaList(readFixture('vmtools/colima/list.jsonl'));
    assert.ok(parsed.ok && parsed.vms.length > 0);
    for (const vm of parsed.vms) assert.equal(engineSourceIdOfVm({ kind: 'vm', providerId: 'colima', id: vm.id }), `colima:${vm.name}`);
  });

  it('links a Kubernetes node to a local container only by the names kind, k3d and minikube give node containers', () => {
    for (const name of ['kind-control-plane', 'dev-worker', 'dev-worker2', 'k3d-dev-server-0', 'k3d-dev-agent-1', 'minikube', 'minikube-m02']) assert.ok(isNodeContainerName(name), name);
    for (const name of ['aws-node', 'web', 'ip-10-0-1-23.ec2.internal', 'gke-pool-1-abcd', 'worker', 'minikube-dev']) assert.ok(!isNodeContainerName(name), name);
  });
});
