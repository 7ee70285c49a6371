// QEMU command lines from /proc/PID/cmdline: recorded from the lab VM and a real libvirt guest,
// written out for the shapes people type, and garbage.
import * as assert from 'assert';
import { parseQemuArgv } from '../../src/providers/qemu/argv';
import { isLibvirtManaged } from '../../src/providers/qemu/libvirtManaged';
import { parseOptionList, parseSize } from '../../src/providers/qemu/optionList';
import { parseCmdline } from '../../src/providers/qemu/procStat';
import { resolveRelativePaths } from '../../src/providers/qemu/resolvePaths';
import { readFixture } from '../repoPaths';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const labArgv = parseCmdline(readFixture('qemu/lab-tcg.cmdline'));
const libvirtArgv = parseCmdline(readFixture('qemu/libvirt-guest.cmdline'));
const qemu = (...args: string[]) => parseQemuArgv(['qemu-system-x86_64', ...args]);

describe('QEMU argv: the recorded lab VM', () => {
  const parsed = parseQemuArgv(labArgv);

  it('reads name, memory, vCPUs and the TCG accelerator', () => {
    assert.strictEqual(parsed.name, 'ws-lab-qemu');
    assert.strictEqual(parsed.memoryBytes, 128 * MiB);
    assert.strictEqual(parsed.vcpus, 1);
    assert.deepStrictEqual(parsed.accelerators, ['TCG']);
    assert.strictEqual(parsed.acceleratorOption, '-accel tcg');
  });

  it('finds the QMP socket and the guest agent socket', () => {
    assert.deepStrictEqual(parsed.qmpSockets, ['/tmp/ws-qemu-kSrc9H/qmp.sock']);
    assert.strictEqual(parsed.agentSocket, '/tmp/ws-qemu-kSrc9H/qga.sock');
  });

  it('reads the disk, the NIC and the directly booted kernel', () => {
    assert.deepStrictEqual(parsed.disks, [{ file: '/tmp/ws-qemu-kSrc9H/disk.qcow2', format: 'qcow2', interface: 'virtio', id: 'disk0', cdrom: false, option: '-drive' }]);
    assert.deepStrictEqual(parsed.nics, [{ model: 'virtio-net-pci', backend: 'user', mac: '52:54:00:12:34:56', option: '-device' }]);
    assert.strictEqual(parsed.kernel, '/work/main/.cache/vm-images/vmlinuz');
    assert.strictEqual(parsed.firmware, undefined);
  });

  it('is not a libvirt guest', () => {
    assert.strictEqual(isLibvirtManaged(labArgv), false);
  });
});

describe('QEMU argv: a real libvirt guest', () => {
  const parsed = parseQemuArgv(libvirtArgv);

  it('is recognised as libvirt-managed', () => {
    assert.strictEqual(isLibvirtManaged(libvirtArgv), true);
  });

  it('parses libvirt’s shapes: guest= name, -smp topology, JSON -blockdev and -device', () => {
    assert.strictEqual(parsed.name, 'ws-lab-guest');
    assert.strictEqual(parsed.vcpus, 1);
    assert.strictEqual(parsed.machine, 'pc-i440fx-7.2');
    assert.strictEqual(parsed.uuid, 'cf754a0e-df59-4c6b-af73-2c3b39c5d710');
    assert.deepStrictEqual(parsed.disks, [{ file: '/tmp/lv/g/disk.qcow2', format: 'qcow2', id: 'libvirt-1-format', cdrom: false, option: '-blockdev' }]);
    assert.deepStrictEqual(parsed.nics, [{ model: 'virtio-net-pci', backend: 'user', mac: '52:54:00:ab:cd:01', option: '-device' }]);
    // libvirt passes its monitor as an fd: there is no socket path to open (and it must not be opened).
    assert.deepStrictEqual(parsed.qmpSockets, []);
  });

  it('recognises older libvirt (monitor socket path under /var/lib/libvirt/qemu) and session guests', () => {
    const older = ['qemu-system-x86_64', '-name', 'guest=old,debug-threads=on', '-uuid', 'x', '-chardev', 'socket,id=charmonitor,path=/var/lib/libvirt/qemu/domain-1-old/monitor.sock,server=on,wait=off', '-mon', 'chardev=charmonitor,id=monitor,mode=control'];
    const session = ['qemu-system-x86_64', '-name', 'guest=s', '-object', '{"qom-type":"secret","id":"masterKey0","format":"raw","file":"/home/u/.config/libvirt/qemu/lib/domain-2-s/master-key.aes"}'];
    assert.strictEqual(isLibvirtManaged(older), true);
    assert.strictEqual(isLibvirtManaged(session), true);
  });

  it('does not take a hand-started guest that merely uses guest= for libvirt', () => {
    assert.strictEqual(isLibvirtManaged(['qemu-system-x86_64', '-name', 'guest=mine', '-qmp', 'unix:/tmp/q.sock,server,nowait']), false);
  });
});

describe('QEMU argv: shapes people write', () => {
  it('reads -m in MiB by default, with suffixes, and as size=', () => {
    assert.strictEqual(qemu('-m', '128').memoryBytes, 128 * MiB);
    assert.strictEqual(qemu('-m', '1G').memoryBytes, GiB);
    assert.strictEqual(qemu('-m', 'size=2G,slots=4,maxmem=8G').memoryBytes, 2 * GiB);
    assert.strictEqual(qemu('-m', '131072k').memoryBytes, 128 * MiB);
    assert.strictEqual(qemu().memoryBytes, undefined);
  });

  it('reads -smp as a count, cpus=, or a topology product', () => {
    assert.strictEqual(qemu('-smp', '2').vcpus, 2);
    assert.strictEqual(qemu('-smp', 'cpus=4,sockets=2,cores=2').vcpus, 4);
    assert.strictEqual(qemu('-smp', 'sockets=2,cores=3,threads=2').vcpus, 12);
    assert.strictEqual(qemu().vcpus, 1);
  });

  it('reads the accelerator from -accel, -enable-kvm and -machine accel=', () => {
    assert.deepStrictEqual(qemu('-enable-kvm').accelerators, ['KVM']);
    assert.deepStrictEqual(qemu('-accel', 'kvm', '-accel', 'tcg,thread=multi').accelerators, ['KVM', 'TCG']);
    assert.deepStrictEqual(qemu('-machine', 'q35,accel=kvm:tcg').accelerators, ['KVM', 'TCG']);
    assert.strictEqual(qemu('-machine', 'q35,accel=kvm:tcg').machine, 'q35');
    assert.deepStrictEqual(qemu('-M', 'virt', '-accel', 'hvf').accelerators, ['HVF']);
    assert.deepStrictEqual(qemu('-accel', 'whpx').accelerators, ['WHPX']);
    assert.deepStrictEqual(qemu('-accel', 'frobnicate').accelerators, ['unknown']);
    assert.strictEqual(qemu().acceleratorDefaulted, true);
  });

  it('reads -name with process= and escaped commas', () => {
    assert.strictEqual(qemu('-name', 'web,process=qemu-web').name, 'web');
    assert.strictEqual(qemu('-name', 'a,,b,debug-threads=on').name, 'a,b');
  });

  it('finds QMP on -qmp (new and old boolean syntax) and on -chardev + -mon mode=control, not on HMP', () => {
    assert.deepStrictEqual(qemu('-qmp', 'unix:/run/q.sock,server,nowait').qmpSockets, ['/run/q.sock']);
    assert.deepStrictEqual(qemu('-chardev', 'socket,id=mon0,path=/run/m.sock,server=on,wait=off', '-mon', 'chardev=mon0,mode=control').qmpSockets, ['/run/m.sock']);
    assert.deepStrictEqual(qemu('-chardev', 'socket,id=mon0,path=/run/h.sock,server=on', '-mon', 'chardev=mon0').qmpSockets, []);
    assert.deepStrictEqual(qemu('-qmp', 'unix:/run/client.sock').qmpSockets, [], 'QEMU as a client: nothing to connect to');
    assert.deepStrictEqual(qemu('-qmp', 'tcp:127.0.0.1:4444,server=on').qmpSockets, []);
  });

  it('reads -hda, -cdrom, bare image words, keyval -blockdev chains and pflash firmware', () => {
    const parsed = qemu(
      'disk.img', '-cdrom', 'install.iso',
      '-blockdev', 'driver=file,filename=/vm/a.qcow2,node-name=a-file',
      '-blockdev', 'driver=qcow2,file=a-file,node-name=a',
      '-drive', 'if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd',
    );
    assert.deepStrictEqual(parsed.disks.map((disk) => [disk.file, disk.format, disk.cdrom, disk.option]), [
      ['disk.img', undefined, false, '-hda'],
      ['install.iso', undefined, true, '-cdrom'],
      ['/vm/a.qcow2', 'qcow2', false, '-blockdev'],
    ]);
    assert.deepStrictEqual(parsed.firmware, { kind: 'uefi', file: '/usr/share/OVMF/OVMF_CODE.fd' });
  });

  it('reads -nic, old -net nic + -net user, and -nic none', () => {
    assert.deepStrictEqual(qemu('-nic', 'user,model=e1000,mac=52:54:00:00:00:01').nics, [{ model: 'e1000', backend: 'user', mac: '52:54:00:00:00:01', option: '-nic' }]);
    assert.deepStrictEqual(qemu('-net', 'nic,model=rtl8139', '-net', 'user').nics, [{ model: 'rtl8139', backend: 'user', mac: undefined, option: '-net nic' }]);
    assert.deepStrictEqual(qemu('-nic', 'none').nics, []);
  });

  it('resolves relative paths against the working directory, leaving protocol paths alone', () => {
    const parsed = resolveRelativePaths(qemu('-drive', 'file=vm.qcow2', '-drive', 'file=nbd:localhost:10809', '-qmp', 'unix:qmp.sock,server=on', '-kernel', '/boot/k'), '/srv/vm');
    assert.deepStrictEqual(parsed.disks.map((disk) => disk.file), ['/srv/vm/vm.qcow2', 'nbd:localhost:10809']);
    assert.deepStrictEqual(parsed.qmpSockets, ['/srv/vm/qmp.sock']);
    assert.strictEqual(parsed.kernel, '/boot/k');
  });
});

describe('QEMU argv: garbage', () => {
  it('never throws, and gives defaults for nonsense', () => {
    const inputs: string[][] = [[], [''], ['qemu-system-x86_64', '-m'], ['qemu-system-x86_64', '-m', 'lots', '-smp', 'many', '-name', ''], ['x', '-blockdev', '{"driver":', '-device', '{]', '-drive', ',,,,'], ['\u0000\u0001', '-qmp', 'unix:']];
    for (const argv of inputs) {
      const parsed = parseQemuArgv(argv);
      assert.ok(parsed.vcpus >= 1);
      assert.ok(Array.isArray(parsed.disks) && Array.isArray(parsed.qmpSockets));
      assert.strictEqual(isLibvirtManaged(argv), false);
    }
    assert.strictEqual(parseQemuArgv(['qemu-system-x86_64', '-m', 'lots']).memoryBytes, undefined);
  });

  it('option lists and sizes reject what they cannot read', () => {
    assert.strictEqual(parseSize('', 'm'), undefined);
    assert.strictEqual(parseSize('-1G', 'm'), undefined);
    assert.strictEqual(parseSize('99999999999999999999T', 'm'), undefined);
    assert.deepStrictEqual([...parseOptionList('{not json', 'type').values], [['type', '{not json']]);
    assert.deepStrictEqual([...parseOptionList('{"a":{"b":1},"c":[1]}').values], [['a.b', '1']]);
  });
});
