// Parsers of the desktop hypervisors' tools on recorded-shape outputs, good and bad.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fixturesDir, readFixture } from '../repoPaths';
import type { ParsedVm, ParseResult } from '../../src/providers/vmtools/parsedVm';
import { markRunning, parseVBoxList, parseVBoxShowVmInfo } from '../../src/providers/vmtools/parsers/virtualbox';
import { parseVmrunList, parseVmx } from '../../src/providers/vmtools/parsers/vmware';
import { parseHyperVList } from '../../src/providers/vmtools/parsers/hyperv';
import { decodeWslOutput, parseWslList } from '../../src/providers/vmtools/parsers/wsl';
import { parseParallelsInfo, parseParallelsList } from '../../src/providers/vmtools/parsers/parallels';
import { parseUtmList } from '../../src/providers/vmtools/parsers/utm';

const fixture = (name: string) => readFixture(`vmtools/${name}`);
const bytes = (name: string) => fs.readFileSync(path.join(fixturesDir, 'vmtools', name));

export function vmsOf(result: ParseResult): ParsedVm[] {
  assert.ok(result.ok, `expected a parse, got ${JSON.stringify(result)}`);
  return result.ok ? result.vms : [];
}

export function errorOf(result: ParseResult): string {
  assert.ok(!result.ok, `expected an error, got ${JSON.stringify(result)}`);
  return result.ok ? '' : result.error;
}

export function factValue(vm: ParsedVm, key: string): string | undefined {
  return vm.facts.find((fact) => fact.key === key)?.value;
}

describe('VirtualBox parsers', () => {
  it('reads "name" {uuid} lines, names with quotes and braces included', () => {
    const vms = vmsOf(parseVBoxList(fixture('virtualbox/list-vms.txt')));
    assert.deepStrictEqual(vms.map((vm) => [vm.name, vm.id]), [
      ['build-box', '6b1e2f90-3c4d-4e5f-8a9b-0c1d2e3f4a5b'],
      ['Win \\"dev\\" {x}', 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d'],
      ['<inaccessible>', '11112222-3333-4444-5555-666677778888'],
    ]);
  });

  it('marks the VMs `list runningvms` names as running, the others as not running', () => {
    const all = vmsOf(parseVBoxList(fixture('virtualbox/list-vms.txt')));
    const running = vmsOf(parseVBoxList(fixture('virtualbox/list-runningvms.txt')));
    assert.deepStrictEqual(markRunning(all, running).map((vm) => vm.state), ['running', 'exited', 'exited']);
  });

  it('empty, truncated and garbled lists', () => {
    assert.deepStrictEqual(vmsOf(parseVBoxList(fixture('virtualbox/list-vms-empty.txt'))), []);
    assert.deepStrictEqual(vmsOf(parseVBoxList(fixture('virtualbox/list-vms-truncated.txt'))).map((vm) => vm.name), ['build-box']);
    assert.match(errorOf(parseVBoxList(fixture('virtualbox/list-vms-garbled.txt'))), /no "name" \{uuid\} line.*VBoxManage: error/);
  });

  it('reads showvminfo --machinereadable: sizes, state, disks, NICs, guest facts', () => {
    const [vm] = vmsOf(parseVBoxShowVmInfo(fixture('virtualbox/showvminfo-running.txt')));
    assert.strictEqual(vm.state, 'running');
    assert.strictEqual(vm.vcpus, 2);
    assert.strictEqual(vm.memoryBytes, 4096 * 1024 * 1024);
    assert.strictEqual(vm.os, 'Ubuntu (64-bit)');
    assert.strictEqual(factValue(vm, 'firmware'), 'EFI');
    assert.strictEqual(factValue(vm, 'machine'), 'VirtualBox piix3');
    assert.strictEqual(factValue(vm, 'disks'), '/home/dev/VirtualBox VMs/build-box/build-box.vdi (SATA port 0 device 0)');
    assert.strictEqual(factValue(vm, 'nics'), 'nic1: nat (82540EM, 0800272A3B4C)\nnic2: hostonly (virtio, 0800275D6E7F)');
    assert.strictEqual(factValue(vm, 'guest-additions'), '7.0.14 r161095');
    assert.strictEqual(factValue(vm, 'paravirt'), 'kvm');
    assert.match(vm.sources.vcpus ?? '', /showvminfo.*→ cpus/);
  });

  it('maps saved to exited and unescapes quoted names', () => {
    const [vm] = vmsOf(parseVBoxShowVmInfo(fixture('virtualbox/showvminfo-saved.txt')));
    assert.deepStrictEqual([vm.name, vm.state, vm.stateText], ['Win "dev" {x}', 'exited', 'saved']);
  });

  it('drops a cut-off last line instead of trusting its value', () => {
    const [vm] = vmsOf(parseVBoxShowVmInfo(fixture('virtualbox/showvminfo-truncated.txt')));
    assert.strictEqual(vm.name, 'build-box');
    assert.strictEqual(vm.memoryBytes, undefined);
  });

  it('says so when showvminfo printed an error instead', () => {
    assert.match(errorOf(parseVBoxShowVmInfo(fixture('virtualbox/showvminfo-garbled.txt'))), /no name and UUID/);
  });
});

describe('VMware parsers', () => {
  it('reads vmrun list: the running .vmx paths, Windows paths with spaces included', () => {
    const vms = vmsOf(parseVmrunList(fixture('vmware/vmrun-list.txt')));
    assert.deepStrictEqual(vms.map((vm) => [vm.name, vm.state]), [['ci-runner', 'running'], ['Win Lab', 'running']]);
    assert.strictEqual(vms[1].id, 'C:\\Users\\dev\\Documents\\Virtual Machines\\Win Lab\\Win Lab.vmx');
  });

  it('empty, truncated and garbled vmrun output', () => {
    assert.deepStrictEqual(vmsOf(parseVmrunList(fixture('vmware/vmrun-list-empty.txt'))), []);
    assert.deepStrictEqual(vmsOf(parseVmrunList(fixture('vmware/vmrun-list-truncated.txt'))).map((vm) => vm.name), ['ci-runner']);
    assert.match(errorOf(parseVmrunList(fixture('vmware/vmrun-list-garbled.txt'))), /Total running VMs.*Unable to connect/);
  });

  it('reads a .vmx: vCPUs, memory, firmware, hardware version, present disks, NICs, reported OS', () => {
    const [vm] = vmsOf(parseVmx(fixture('vmware/ci-runner.vmx')));
    assert.deepStrictEqual([vm.name, vm.vcpus, vm.memoryBytes, vm.os], ['ci-runner', 4, 6144 * 1024 * 1024, 'ubuntu-64']);
    assert.strictEqual(factValue(vm, 'machine'), 'VMware hardware version 21');
    assert.strictEqual(factValue(vm, 'firmware'), 'efi');
    assert.strictEqual(factValue(vm, 'disks'), 'ci-runner.vmdk (scsi0:0)');
    assert.strictEqual(factValue(vm, 'nics'), 'ethernet0: nat (vmxnet3, 00:0c:29:4e:5f:60)');
    assert.strictEqual(factValue(vm, 'os-reported'), 'Ubuntu 24.04 LTS');
    assert.strictEqual(factValue(vm, 'kernel'), '6.8.0-31-generic');
  });

  it('a .vmx without numvcpus has one vCPU and BIOS firmware (VMware defaults)', () => {
    const [vm] = vmsOf(parseVmx(fixture('vmware/minimal.vmx')));
    assert.strictEqual(vm.vcpus, 1);
    assert.strictEqual(factValue(vm, 'firmware'), 'bios (default)');
  });

  it('truncated and garbled .vmx files', () => {
    const [cut] = vmsOf(parseVmx(fixture('vmware/truncated.vmx')));
    assert.strictEqual(cut.name, '');
    assert.match(errorOf(parseVmx(fixture('vmware/garbled.vmx'))), /no key = "value" lines/);
  });
});

describe('Hyper-V parser', () => {
  it('reads an array with enums as strings; off VMs show their startup memory', () => {
    const vms = vmsOf(parseHyperVList(fixture('hyperv/get-vm-array-enums-as-strings.json')));
    assert.deepStrictEqual(vms.map((vm) => [vm.name, vm.state, vm.stateText]), [
      ['lab-dc01', 'running', 'Running'],
      ['legacy-xp', 'exited', 'Off'],
      ['build-agent', 'exited', 'Saved'],
      ['stuck-vm', 'dead', 'RunningCritical'],
    ]);
    assert.deepStrictEqual([vms[0].memoryBytes, vms[1].memoryBytes], [4294967296, 536870912]);
    assert.match(vms[1].sources.memory ?? '', /MemoryStartup/);
    assert.strictEqual(factValue(vms[0], 'uptime'), '2h 36m 21s');
    assert.strictEqual(factValue(vms[1], 'firmware'), 'BIOS (generation 1)');
    assert.strictEqual(factValue(vms[3], 'uptime'), '1.02:03:04');
  });

  it('reads a single object with numeric enums (Windows PowerShell 5.1)', () => {
    const [vm] = vmsOf(parseHyperVList(fixture('hyperv/get-vm-single-numeric.json')));
    assert.deepStrictEqual([vm.id, vm.state, vm.stateText, vm.vcpus], ['7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918', 'paused', 'Paused', 2]);
  });

  it('empty, truncated and garbled output', () => {
    assert.deepStrictEqual(vmsOf(parseHyperVList(fixture('hyperv/get-vm-empty.json'))), []);
    assert.match(errorOf(parseHyperVList(fixture('hyperv/get-vm-truncated.json'))), /no valid JSON/);
    assert.match(errorOf(parseHyperVList(fixture('hyperv/get-vm-garbled.txt'))), /no valid JSON/);
  });
});

describe('WSL parser', () => {
  const expected = [
    ['Ubuntu-24.04', 'running', 'yes'],
    ['docker-desktop', 'exited', 'no'],
    ['Legacy-Debian', 'exited', 'no'],
  ];
  const rows = (vms: ParsedVm[]) => vms.map((vm) => [vm.name, vm.state, factValue(vm, 'default')]);

  it('decodes UTF-16LE with a BOM, without one, and UTF-8 (WSL_UTF8=1) to the same table', () => {
    for (const file of ['wsl/list-verbose-utf16le-bom.bin', 'wsl/list-verbose-utf16le.bin', 'wsl/list-verbose-utf8.txt']) {
      assert.deepStrictEqual(rows(vmsOf(parseWslList(decodeWslOutput(bytes(file))))), expected, file);
    }
  });

  it('tells WSL 1 from WSL 2', () => {
    const vms = vmsOf(parseWslList(decodeWslOutput(bytes('wsl/list-verbose-utf16le.bin'))));
    assert.match(factValue(vms[0], 'wsl-version') ?? '', /^WSL 2/);
    assert.match(factValue(vms[2], 'wsl-version') ?? '', /^WSL 1/);
  });

  it('no distributions, a truncated table and a usage message', () => {
    assert.deepStrictEqual(vmsOf(parseWslList(decodeWslOutput(bytes('wsl/list-verbose-empty-utf16le.bin')))), []);
    assert.deepStrictEqual(rows(vmsOf(parseWslList(decodeWslOutput(bytes('wsl/list-verbose-truncated-utf16le.bin'))))), [expected[0]]);
    assert.match(errorOf(parseWslList(decodeWslOutput(bytes('wsl/list-verbose-garbled-utf16le.bin')))), /Invalid command line option/);
  });
});

describe('Parallels parsers', () => {
  it('reads prlctl list -a -j, UUIDs without braces', () => {
    const vms = vmsOf(parseParallelsList(fixture('parallels/list-all.json')));
    assert.deepStrictEqual(vms.map((vm) => [vm.id, vm.name, vm.state]), [
      ['3c2b1a09-8f7e-4d6c-b5a4-39281706f5e4', 'Fedora Workstation', 'running'],
      ['d4c3b2a1-0f9e-48d7-c6b5-a49382716f5e', 'Windows 11', 'exited'],
      ['e5d4c3b2-a1f0-49e8-d7c6-b5a493827160', 'macOS Sonoma', 'exited'],
    ]);
    assert.strictEqual(factValue(vms[0], 'address'), '10.211.55.7');
    assert.strictEqual(factValue(vms[1], 'address'), undefined);
  });

  it('reads prlctl list -i -j: cpus, memory with its unit, disks, NICs', () => {
    const [vm] = vmsOf(parseParallelsInfo(fixture('parallels/info-fedora.json')));
    assert.deepStrictEqual([vm.vcpus, vm.memoryBytes, vm.os], [4, 6144 * 1024 * 1024, 'fedora-core']);
    assert.match(factValue(vm, 'disks') ?? '', /^hdd0: .*harddisk\.hdd, 65536Mb, sata:0$/);
    assert.strictEqual(factValue(vm, 'nics'), 'net0: shared, virtio, 001C42A1B2C3');
  });

  it('empty, truncated and garbled', () => {
    assert.deepStrictEqual(vmsOf(parseParallelsList(fixture('parallels/list-all-empty.json'))), []);
    assert.match(errorOf(parseParallelsList(fixture('parallels/list-all-truncated.json'))), /no valid JSON/);
    assert.match(errorOf(parseParallelsList(fixture('parallels/list-all-garbled.txt'))), /no valid JSON/);
  });
});

describe('UTM parser', () => {
  it('reads the table, names with spaces included', () => {
    const vms = vmsOf(parseUtmList(fixture('utm/list.txt')));
    assert.deepStrictEqual(vms.map((vm) => [vm.name, vm.state, vm.stateText]), [
      ['Debian Sid', 'running', 'started'],
      ['Windows on ARM', 'exited', 'stopped'],
      ['router', 'paused', 'paused'],
    ]);
    assert.strictEqual(vms[0].id, '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d');
  });

  it('an empty table, a truncated one, and the AppleScript error utmctl prints over ssh', () => {
    assert.deepStrictEqual(vmsOf(parseUtmList(fixture('utm/list-empty.txt'))), []);
    assert.deepStrictEqual(vmsOf(parseUtmList(fixture('utm/list-truncated.txt'))).map((vm) => vm.name), ['Debian Sid']);
    assert.match(errorOf(parseUtmList(fixture('utm/list-garbled.txt'))), /OSStatus error -1743/);
  });
});
