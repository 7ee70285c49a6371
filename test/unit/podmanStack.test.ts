// Podman's answers recorded from Debian's podman 4.3.1 (rootful, pods made with `podman pod create`
// and `podman kube play`): the pods the tree groups by, and what the diagram draws from libpod.
import { strict as assert } from 'assert';
import { toImageLayers } from '../../src/providers/docker/layers/imageHistory';
import { describeUidMap } from '../../src/providers/docker/podman/isolationFacts';
import { parseImageHistory } from '../../src/providers/docker/contracts';
import { parseLibpodInfo } from '../../src/providers/docker/podman/contracts';
import { isPodmanVersion, podmanIdentity, type PodmanInspection } from '../../src/providers/docker/podman/inspection';
import { toPodMembership } from '../../src/providers/docker/podman/pods';
import { buildContainerStack } from '../../src/providers/docker/stackMapper';
import { toWorkloadSummaries } from '../../src/providers/docker/summaryMapper';
import { compareStacks } from '../../src/shared/compare';
import type { Stack } from '../../src/shared/model';
import { readJsonFixture } from '../repoPaths';

const DIR = 'docker/podman-4.3';
const fixture = (name: string): unknown => readJsonFixture(`${DIR}/${name}`);
const READ_AT = '2026-12-04T18:00:00.000Z';

function podmanStack(container: string, podman: PodmanInspection | undefined): Stack {
  return buildContainerStack({
    providerId: 'podman',
    info: fixture('info.json'),
    version: fixture('version.json'),
    container: fixture(`container-${container}.json`),
    image: new Error('not needed here'),
    history: fixture('image-history.json'),
    podman,
    readAt: READ_AT,
  });
}

function isolation(stack: Stack, key: string): string | undefined {
  return stack.layers.find((layer) => layer.kind === 'isolation')?.facts.find((fact) => fact.key === key)?.value;
}

describe('Podman through its own API (recorded from podman 4.3.1)', () => {
  it('names a Podman by its store on its host (its /info ID is new in every answer)', () => {
    assert.equal(podmanIdentity(fixture('libpod-info.json')), 'podman /tmp/wspm-OT2V6T/storage on vm');
    assert.equal(podmanIdentity(fixture('rootless-libpod-info.json')), 'podman /tmp/wspm-9S0RFR/home/storage on vm');
    for (const garbage of [null, {}, { host: {} }, { host: { hostname: 'vm' }, store: { graphRoot: 5 } }]) assert.equal(podmanIdentity(garbage), undefined);
  });

  it('knows Podman from Docker by /version', () => {
    assert.equal(isPodmanVersion(fixture('version.json')), true);
    assert.equal(isPodmanVersion(readJsonFixture('docker/engine-20.10/version.json')), false);
    assert.equal(isPodmanVersion('<html>'), false);
  });

  it('groups each container under its pod, the infra container marked, from the pod list', () => {
    const pods = toPodMembership(fixture('libpod-pods.json'));
    const rows = toWorkloadSummaries(fixture('containers.json'), 'podman', pods);
    const byName = new Map(rows.map((row) => [row.name, row]));
    assert.deepEqual(byName.get('web-app')?.group, { kind: 'pod', project: 'web' });
    assert.deepEqual(byName.get('kubepod-app')?.group, { kind: 'pod', project: 'kubepod' }, 'the pod `podman kube play` made');
    const infra = rows.filter((row) => row.group?.infra).map((row) => `${row.group?.project}:${row.image}`).sort();
    assert.deepEqual(infra, ['kubepod:localhost/podman-pause:4.3.1-0', 'netpod:localhost/podman-pause:4.3.1-0', 'web:localhost/podman-pause:4.3.1-0']);
    assert.equal(byName.get('solo')?.group, undefined, 'a container in no pod stays ungrouped');
  });

  it('lists every container when the pod list is garbage (only the groups are lost)', () => {
    for (const garbage of [null, 'x', [{ Id: 5 }], [{ Id: 'a', Name: 'p', Containers: 'no' }]]) {
      const rows = toWorkloadSummaries(fixture('containers.json'), 'podman', toPodMembership(garbage));
      assert.equal(rows.length, 7);
      assert.ok(rows.every((row) => row.group === undefined));
    }
  });

  it("draws a pod member's isolation: its pod, what it shares through the infra, the real runtime", () => {
    const stack = podmanStack('web-app', {
      host: fixture('libpod-info.json'),
      container: fixture('libpod-container-web-app.json'),
      pod: fixture('libpod-pod-web.json'),
      infra: { Id: '0e4f6118d9b3', IsInfra: true, HostConfig: { NetworkMode: 'none' } },
    });
    assert.equal(isolation(stack, 'runtime'), 'runc', 'the compatible inspect says only `oci`');
    assert.equal(isolation(stack, 'pod'), 'web: shares ipc, net, uts namespaces with 2 containers through its infra container 0e4f6118d9b3');
    assert.equal(isolation(stack, 'network-mode'), "shared with pod web (its infra container 0e4f6118d9b3); the pod's network: none");
    assert.equal(isolation(stack, 'ipc-mode'), 'shared with pod web (its infra container 0e4f6118d9b3)');
    assert.equal(isolation(stack, 'uts-mode'), 'shared with pod web (its infra container 0e4f6118d9b3)');
    assert.equal(isolation(stack, 'pid-mode'), 'private', 'the pod does not share PIDs');
    assert.equal(isolation(stack, 'rootless'), 'no: the engine runs as root');
    assert.equal(isolation(stack, 'userns-mode'), 'host (default: no remapping)');
    assert.match(isolation(stack, 'networking') ?? '', /^cni; user-mode networking: slirp4netns \(slirp4netns version 1\.2\.0\)$/);
  });

  it("names the pod's own network for a member of a slirp4netns pod, and the infra container as such", () => {
    const member = podmanStack('netpod-app', {
      host: fixture('libpod-info.json'),
      container: fixture('libpod-container-netpod-app.json'),
      pod: fixture('libpod-pod-netpod.json'),
      infra: fixture('libpod-container-netpod-infra.json'),
    });
    assert.match(isolation(member, 'network-mode') ?? '', /^shared with pod netpod \(its infra container [0-9a-f]{12}\); the pod's network: slirp4netns$/);
    const infra = podmanStack('netpod-app', {
      host: fixture('libpod-info.json'),
      container: fixture('libpod-container-netpod-infra.json'),
      pod: fixture('libpod-pod-netpod.json'),
    });
    assert.equal(isolation(infra, 'pod'), 'netpod: this is its infra container, holding the ipc, net, uts namespaces 2 containers share');
  });

  it('says which libpod call failed, and keeps every other fact', () => {
    const stack = podmanStack('solo', { host: new Error('connect ECONNRESET'), container: new Error('no such container') });
    assert.match(isolation(stack, 'runtime') ?? '', /could not be read \(GET \/libpod\/containers\/\{id\}\/json\): no such container/);
    assert.match(isolation(stack, 'rootless') ?? '', /ECONNRESET/);
    assert.equal(isolation(stack, 'pod'), undefined, 'no pod asked about');
    assert.equal(isolation(stack, 'network-mode'), 'none');
  });

  it("leaves a Docker engine's band as it was (no Podman facts without Podman's answers)", () => {
    const stack = podmanStack('solo', undefined);
    assert.equal(isolation(stack, 'rootless'), undefined);
    assert.equal(isolation(stack, 'runtime'), 'oci');
  });

  it("draws a rootless engine's user namespace: container root is the service user's UID", () => {
    const stack = podmanStack('solo', { host: fixture('rootless-libpod-info.json'), container: fixture('libpod-container-solo.json') });
    assert.equal(isolation(stack, 'rootless'), 'yes: the engine runs as an ordinary user');
    assert.equal(isolation(stack, 'userns-mode'), "the rootless engine's: container root = host UID 65534", 'the compatible /info does not say rootless at all');
  });

  it("describes a rootless engine's UID mapping: whose UID container root is", () => {
    assert.equal(
      describeUidMap([
        { containerId: 0, hostId: 1000, size: 1 },
        { containerId: 1, hostId: 100000, size: 65536 },
      ]),
      'container root = host UID 1000; container UIDs 1-65536 = host 100000-165535',
    );
    const parsed = parseLibpodInfo({ host: { security: { rootless: true }, idMappings: { uidmap: [{ container_id: 0, host_id: 1000, size: 1 }, { container_id: 'x' }] } } });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.uidMap, [{ containerId: 0, hostId: 1000, size: 1 }]);
  });

  it('gives history ids as sha256 digests, like Docker, so layers compare across engines', () => {
    const history = parseImageHistory(fixture('image-history.json'));
    assert.ok(history.ok);
    assert.match(history.value[0].Id, /^[0-9a-f]{64}$/, 'Podman sends the bare hex');
    assert.match(toImageLayers(history.value)[0].id, /^sha256:[0-9a-f]{64}$/);
    assert.equal(toImageLayers([{ ...history.value[0], Id: '<missing>' }])[0].id, '<missing>');
  });
});

describe('compare across engines (recorded Docker 20.10 and Podman 4.3.1 answers)', () => {
  it('says where a Docker, a rootful and a rootless Podman container differ, and not where they agree', () => {
    const docker = buildContainerStack({
      providerId: 'docker',
      info: readJsonFixture('docker/engine-20.10/info.json'),
      version: readJsonFixture('docker/engine-20.10/version.json'),
      container: readJsonFixture('docker/engine-20.10/inspect-plain.json'),
      image: readJsonFixture('docker/engine-20.10/image-busybox.json'),
      history: readJsonFixture('docker/engine-20.10/history-busybox.json'),
      readAt: READ_AT,
    });
    const rootful = podmanStack('solo', { host: fixture('libpod-info.json'), container: fixture('libpod-container-solo.json') });
    const rootless = podmanStack('solo', { host: fixture('rootless-libpod-info.json'), container: fixture('libpod-container-solo.json') });
    const model = compareStacks([docker, rootful, rootless], READ_AT);
    const row = (key: string) => model.differences.find((difference) => difference.key === key)?.values;
    assert.deepEqual(row('engine-name'), ['Docker Engine', 'Podman Engine', 'Podman Engine']);
    assert.deepEqual(row('rootless'), [null, 'no: the engine runs as root', 'yes: the engine runs as an ordinary user']);
    assert.deepEqual(row('userns-mode'), ['host (default: no remapping)', 'host (default: no remapping)', "the rootless engine's: container root = host UID 65534"]);
    assert.equal(row('runtime'), undefined, 'all three run on runc: no difference shown');
    assert.equal(row('cgroup-driver'), undefined, 'cgroupfs on all three');
    assert.ok(model.differences.every((difference) => difference.values.length === 3));
  });
});
