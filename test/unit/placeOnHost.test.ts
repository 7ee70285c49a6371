import * as assert from 'assert';
import { placeOnThisMachine } from '../../src/providers/host/placeOnHost';
import type { Layer, LayerKind, Stack } from '../../src/shared/model';

const layer = (kind: LayerKind, title: string = kind): Layer => ({ kind, title, facts: [] });
const stack = (...kinds: LayerKind[]): Stack => ({ workload: { kind: 'vm', providerId: 'qemu', id: 'x' }, name: 'x', state: 'running', readAt: 'now', layers: kinds.map((k) => layer(k)) });
const firecracker = layer('hypervisor', 'Firecracker');

describe('workloads drawn on this machine', () => {
  it('puts this machine’s hypervisor between the hardware and the host OS of a local VM', () => {
    const placed = placeOnThisMachine(stack('hardware', 'host-os', 'hypervisor', 'virtual-hardware', 'guest-os'), firecracker);
    assert.deepStrictEqual(placed.layers.map((l) => l.title), ['hardware', 'Firecracker', 'host-os', 'hypervisor', 'virtual-hardware', 'guest-os']);
  });

  it('leaves a stack that already has a hypervisor under its host OS (Docker Desktop’s VM) as it is', () => {
    const original = stack('hardware', 'hypervisor', 'host-os', 'engine');
    assert.strictEqual(placeOnThisMachine(original, firecracker), original);
  });

  it('changes nothing on bare metal', () => {
    const original = stack('hardware', 'host-os', 'engine');
    assert.strictEqual(placeOnThisMachine(original, undefined), original);
  });
});
