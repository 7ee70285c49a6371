import * as assert from 'assert';
import { standOnNodeContainer } from '../../src/catalog/nodeMachineStack';
import { compareStacks } from '../../src/shared/compare';
import type { Layer, LayerKind, Stack, WorkloadKind } from '../../src/shared/model';

function layer(kind: LayerKind, facts: Record<string, string>): Layer {
  return { kind, title: kind, facts: Object.entries(facts).map(([key, value]) => ({ key, label: key, value, source: 'test' })) };
}

function stack(kind: WorkloadKind, name: string, layers: Layer[]): Stack {
  return { workload: { kind, providerId: kind === 'vm' ? 'qemu' : 'docker', id: name }, name, state: 'running', readAt: 'now', layers };
}

const hardware = () => layer('hardware', { cpus: '2', memory: '23.5 GiB', architecture: 'x86_64', 'cpu-model': 'unknown (the Engine API does not report it)' });
const firecracker = () => layer('hypervisor', { hypervisor: 'Firecracker' });
const hostOs = () => layer('host-os', { os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0' });
const engine = () => layer('engine', { 'engine-version': '20.10.24', 'storage-driver': 'overlay2' });
const container = (name: string) =>
  stack('container', name, [hardware(), firecracker(), hostOs(), engine(), layer('isolation', { runtime: 'runc' }), layer('libraries', { image: name }), layer('app', { command: 'sleep' })]);

describe('compare view model', () => {
  it('draws what two containers of one engine share once: hardware, hypervisor, host kernel, engine', () => {
    const model = compareStacks([container('web'), container('db')], 'now');
    assert.deepStrictEqual(model.shared.map((l) => l.kind), ['hardware', 'hypervisor', 'host-os', 'engine']);
    assert.deepStrictEqual(model.columns.map((c) => c.layers.map((l) => l.kind)), [
      ['isolation', 'libraries', 'app'],
      ['isolation', 'libraries', 'app'],
    ]);
    assert.ok(model.columns.every((c) => c.kernel.shared && c.kernel.text.includes('6.1.0')));
  });

  it('stands a container and a VM on the same machine on their common layers; the VM brings its own kernel', () => {
    const vm = stack('vm', 'guest', [
      layer('hardware', { cpus: '2', memory: '23.5 GiB', architecture: 'x86_64', 'cpu-model': 'Intel Xeon' }),
      firecracker(),
      hostOs(),
      layer('hypervisor', { hypervisor: 'QEMU 7.2', accelerator: 'TCG' }),
      layer('virtual-hardware', { vcpus: '1' }),
      layer('guest-os', { os: 'busybox', kernel: '6.1.0-cloud' }),
    ]);
    const model = compareStacks([container('web'), vm], 'now');
    assert.deepStrictEqual(model.shared.map((l) => l.kind), ['hardware', 'hypervisor', 'host-os']);
    assert.deepStrictEqual(model.columns[1].layers.map((l) => l.kind), ['hypervisor', 'virtual-hardware', 'guest-os']);
    assert.deepStrictEqual(model.columns[1].kernel, { shared: false, text: 'Own kernel: 6.1.0-cloud' });
    const sharedHardware = model.shared[0].facts.find((f) => f.key === 'cpu-model');
    assert.strictEqual(sharedHardware?.value, 'Intel Xeon', 'the shared band is the copy that knows the CPU model');
    assert.strictEqual(model.columns[0].kernel.shared, true);
  });

  it('stands three containers of one engine on one engine block beside a VM, all on the machine they share', () => {
    const vm = (name: string) =>
      stack('vm', name, [
        hardware(),
        firecracker(),
        hostOs(),
        layer('hypervisor', { hypervisor: 'QEMU 7.2', accelerator: 'TCG' }),
        layer('virtual-hardware', { vcpus: '1' }),
        layer('guest-os', { os: 'busybox', kernel: '6.1.0-cloud' }),
      ]);
    // Given out of figure order: the VMs and the containers are put side by side.
    const model = compareStacks([container('web'), vm('guest-a'), container('db'), vm('guest-b'), container('cache')], 'now');
    assert.deepStrictEqual(model.shared.map((l) => l.kind), ['hardware', 'hypervisor', 'host-os']);
    assert.deepStrictEqual(model.columns.map((c) => c.name), ['web', 'db', 'cache', 'guest-a', 'guest-b']);
    assert.deepStrictEqual(
      model.groups.map((g) => [g.layer.kind, g.from, g.to, g.depth]),
      [
        ['engine', 0, 3, 0],
        ['hypervisor', 3, 5, 0],
      ],
    );
    assert.deepStrictEqual(model.columns[0].layers.map((l) => l.kind), ['engine', 'isolation', 'libraries', 'app'], 'a column keeps its own copy');
    assert.deepStrictEqual(model.columns.map((c) => c.kernel.shared), [true, true, true, false, false]);
  });

  it("stands a pod's containers on one sandbox block, beside another pod's on the same node", () => {
    const node = [hardware(), hostOs(), layer('engine', { runtime: 'containerd 1.7.22', kubelet: 'v1.37.2' })];
    const pod = (name: string, containers: string[]): Stack => ({
      ...stack('pod', name, [
        ...node,
        layer('isolation', { runtime: 'runc', qos: 'Burstable' }),
        layer('libraries', Object.fromEntries(containers.map((c) => [`image.${c}`, `${c}:1`]))),
        layer('app', { phase: 'Running', ...Object.fromEntries(containers.flatMap((c) => [[`state.${c}`, 'running'], [`command.${c}`, `/bin/${c}`]])) }),
      ]),
    });
    const model = compareStacks([pod('web', ['app', 'sidecar']), pod('db', ['postgres'])], 'now');
    assert.deepStrictEqual(model.columns.map((c) => c.name), ['web/app', 'web/sidecar', 'db']);
    assert.deepStrictEqual(model.shared.map((l) => l.kind), ['hardware', 'host-os', 'engine'], 'both pods on one node');
    assert.deepStrictEqual(model.groups.map((g) => [g.layer.kind, g.from, g.to]), [['isolation', 0, 2]], "web's two containers on its one sandbox");
    assert.deepStrictEqual(model.columns[1].layers.find((l) => l.kind === 'app')?.facts.map((f) => f.key), ['state.sidecar', 'command.sidecar'], 'a column holds its own container alone');
    assert.deepStrictEqual(model.columns[0].layers.find((l) => l.kind === 'libraries')?.facts.map((f) => f.value), ['app:1']);
  });

  it('makes no block of one column and none of bands whose identity differs', () => {
    const other = stack('container', 'other', [hardware(), firecracker(), hostOs(), layer('engine', { 'engine-version': '5.0.0 (Podman)', 'storage-driver': 'overlay' }), layer('app', { command: 'x' })]);
    const model = compareStacks([container('web'), other], 'now');
    assert.deepStrictEqual(model.groups, []);
    assert.deepStrictEqual(compareStacks([container('web')], 'now').groups, []);
  });

  it('says which kernel a pod talks to: the node’s (runc), a user-space one over it (gVisor), or its own VM’s (Kata)', () => {
    const node = () => [hardware(), layer('hypervisor', { platform: 'AWS EC2' }), layer('host-os', { kernel: '6.1.119' }), layer('engine', { runtime: 'containerd 1.7.22' })];
    const pod = (name: string, runtime: string, extra: Layer[] = []) =>
      stack('pod', name, [...node(), layer('isolation', { runtime }), ...extra, layer('libraries', { 'image.app': name }), layer('app', { phase: 'Running' })]);
    const model = compareStacks(
      [pod('plain', 'runc (the node’s default handler)'), pod('sandboxed', 'gVisor (runsc)'), pod('vm', 'Kata Containers (handler kata-qemu)', [layer('virtual-hardware', { vmm: 'QEMU' }), layer('guest-os', { 'guest-kernel': 'Kata’s own guest kernel and agent' })])],
      'now',
    );
    assert.deepStrictEqual(model.shared.map((l) => l.kind), ['hardware', 'hypervisor', 'host-os', 'engine'], 'pods of one node stand on its bands');
    assert.deepStrictEqual(model.columns.map((c) => c.kernel), [
      { shared: true, text: 'Shares the node’s kernel: 6.1.119' },
      { shared: false, text: 'A user-space kernel (gVisor) between the app and the node’s kernel 6.1.119' },
      { shared: false, text: 'Own kernel: the guest kernel of the pod’s own VM (Kata Containers)' },
    ]);
  });

  it('compares a pod on a kind node with a VM of this machine: both stand on its hardware; the pod shares its kernel, the VM brings its own', () => {
    const nodeContainer = { ...container('kind-control-plane'), workload: { kind: 'container' as const, providerId: 'docker', id: 'kind-control-plane' } };
    const pod = standOnNodeContainer(
      stack('pod', 'app', [
        layer('hardware', { node: 'kind-control-plane', cpus: '2' }),
        layer('hypervisor', { 'node-container': 'kind-control-plane' }),
        layer('host-os', { os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0' }),
        layer('engine', { runtime: 'containerd 1.7.18', kubelet: 'v1.31.0' }),
        layer('isolation', { runtime: 'runc (the node’s default handler)' }),
        layer('libraries', { 'image.app': 'web' }),
        layer('app', { phase: 'Running' }),
      ]),
      { stack: nodeContainer, engine: 'Docker' },
    );
    const vm = stack('vm', 'guest', [hardware(), firecracker(), hostOs(), layer('hypervisor', { hypervisor: 'QEMU 7.2' }), layer('virtual-hardware', { vcpus: '1' }), layer('guest-os', { kernel: '6.1.0-cloud' })]);
    const model = compareStacks([pod, vm], 'now');
    assert.deepStrictEqual(model.shared.map((l) => l.kind), ['hardware', 'hypervisor', 'host-os'], 'this machine under both');
    assert.strictEqual(model.columns[0].layers[0].kind, 'engine', 'the pod stands on the engine that runs its node container');
    assert.strictEqual(model.columns[0].kernel.shared, true, model.columns[0].kernel.text);
    assert.deepStrictEqual(model.columns[1].kernel, { shared: false, text: 'Own kernel: 6.1.0-cloud' });
  });

  it('shares nothing between stacks on different machines, and nothing for a single stack', () => {
    const elsewhere = stack('container', 'remote', [layer('hardware', { cpus: '64', memory: '256 GiB' }), hostOs()]);
    assert.deepStrictEqual(compareStacks([container('web'), elsewhere], 'now').shared, []);
    assert.deepStrictEqual(compareStacks([container('web')], 'now').shared, []);
  });

  it('does not share bands whose identity is unknown on both sides', () => {
    const a = stack('container', 'a', [layer('hardware', { cpus: 'unknown' })]);
    const b = stack('container', 'b', [layer('hardware', { cpus: 'unknown' })]);
    assert.deepStrictEqual(compareStacks([a, b], 'now').shared, []);
  });
});
