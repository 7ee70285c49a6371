// Parsers of the developer VM tools (Multipass, Lima, Colima, Podman machine, Vagrant), plus the
// promises every parser keeps: no throw and a bounded answer on any input.
import * as assert from 'assert';
import { readFixture } from '../repoPaths';
import { MAX_INPUT_CHARS, type ParseResult } from '../../src/providers/vmtools/parsedVm';
import { parseMultipassInfo, parseMultipassList } from '../../src/providers/vmtools/parsers/multipass';
import { parseColimaList, parseLimaList } from '../../src/providers/vmtools/parsers/lima';
import { parsePodmanMachineList } from '../../src/providers/vmtools/parsers/podmanMachine';
import { parseVagrantGlobalStatus } from '../../src/providers/vmtools/parsers/vagrant';
import { parseVBoxList, parseVBoxShowVmInfo } from '../../src/providers/vmtools/parsers/virtualbox';
import { parseVmrunList, parseVmx } from '../../src/providers/vmtools/parsers/vmware';
import { parseHyperVList } from '../../src/providers/vmtools/parsers/hyperv';
import { parseWslList } from '../../src/providers/vmtools/parsers/wsl';
import { parseParallelsInfo, parseParallelsList } from '../../src/providers/vmtools/parsers/parallels';
import { parseUtmList } from '../../src/providers/vmtools/parsers/utm';
import { errorOf, factValue, vmsOf } from './vmtoolsDesktopParsers.test';

const fixture = (name: string) => readFixture(`vmtools/${name}`);

describe('Multipass parsers', () => {
  it('reads list --format json', () => {
    const vms = vmsOf(parseMultipassList(fixture('multipass/list.json')));
    assert.deepStrictEqual(vms.map((vm) => [vm.id, vm.state, vm.os]), [
      ['primary', 'running', 'Ubuntu 24.04 LTS'],
      ['k3s-node', 'exited', 'Ubuntu 22.04 LTS'],
      ['scratch', 'paused', 'Not Available'],
    ]);
    assert.strictEqual(factValue(vms[0], 'ipv4'), '10.37.112.5');
  });

  it('reads info --format json: cpu_count as a string, memory and disks in bytes', () => {
    const [vm] = vmsOf(parseMultipassInfo(fixture('multipass/info-primary.json')));
    assert.deepStrictEqual([vm.vcpus, vm.memoryBytes, vm.os], [2, 4104134656, 'Ubuntu 24.04.1 LTS']);
    assert.strictEqual(factValue(vm, 'disks'), 'sda1: 9.5 GiB, 1.9 GiB used');
    assert.strictEqual(factValue(vm, 'image'), '24.04 LTS');
  });

  it('a stopped instance reports no sizes: nothing is guessed', () => {
    const [vm] = vmsOf(parseMultipassInfo(fixture('multipass/info-stopped.json')));
    assert.deepStrictEqual([vm.vcpus, vm.memoryBytes, vm.os], [undefined, undefined, '22.04 LTS']);
    assert.strictEqual(factValue(vm, 'disks'), 'sda1 (size not reported while stopped)');
  });

  it('empty, truncated and garbled', () => {
    assert.deepStrictEqual(vmsOf(parseMultipassList(fixture('multipass/list-empty.json'))), []);
    assert.match(errorOf(parseMultipassList(fixture('multipass/list-truncated.json'))), /no valid JSON/);
    assert.match(errorOf(parseMultipassList(fixture('multipass/list-garbled.txt'))), /no valid JSON/);
    assert.match(errorOf(parseMultipassInfo('{"errors": []}')), /"info" object/);
  });
});

describe('Lima and Colima parsers', () => {
  it('reads limactl list --json lines', () => {
    const vms = vmsOf(parseLimaList(fixture('lima/list.jsonl')));
    assert.deepStrictEqual(vms.map((vm) => [vm.name, vm.state, vm.vcpus, vm.memoryBytes]), [
      ['default', 'running', 4, 4294967296],
      ['x86-builder', 'exited', 2, 2147483648],
      ['half-made', 'dead', 0, 0],
    ]);
    assert.match(factValue(vms[0], 'accelerator') ?? '', /Virtualization\.framework/);
    assert.strictEqual(factValue(vms[1], 'architecture'), 'x86_64');
    assert.strictEqual(factValue(vms[0], 'disks'), '100 GiB');
  });

  it('reads colima list --json lines with runtime and address', () => {
    const vms = vmsOf(parseColimaList(fixture('colima/list.jsonl')));
    assert.deepStrictEqual(vms.map((vm) => [vm.name, vm.state, factValue(vm, 'runtime')]), [
      ['default', 'running', 'docker'],
      ['k8s', 'exited', 'containerd'],
    ]);
    assert.strictEqual(factValue(vms[0], 'address'), '192.168.106.2');
  });

  it('also takes one JSON array instead of lines', () => {
    const vms = vmsOf(parseLimaList('[{"name":"a","status":"Running"},{"name":"b","status":"Stopped"}]\n'));
    assert.deepStrictEqual(vms.map((vm) => vm.name), ['a', 'b']);
  });

  it('empty, truncated (the cut line is left out) and garbled', () => {
    for (const [parse, tool] of [[parseLimaList, 'lima'], [parseColimaList, 'colima']] as const) {
      assert.deepStrictEqual(vmsOf(parse(fixture(`${tool}/list-empty.jsonl`))), []);
      assert.deepStrictEqual(vmsOf(parse(fixture(`${tool}/list-truncated.jsonl`))).map((vm) => vm.name), ['default']);
      assert.match(errorOf(parse(fixture(`${tool}/list-garbled.txt`))), /no JSON line with a name/);
    }
  });
});

describe('Podman machine parser', () => {
  it('reads sizes printed as strings (Podman 4)', () => {
    const vms = vmsOf(parsePodmanMachineList(fixture('podman-machine/list-v4-strings.json')));
    assert.deepStrictEqual(vms.map((vm) => [vm.name, vm.state, vm.vcpus, vm.memoryBytes]), [
      ['podman-machine-default', 'running', 2, 2147483648],
      ['rootful', 'exited', 4, 4294967296],
    ]);
    assert.strictEqual(factValue(vms[0], 'default'), 'yes');
    assert.strictEqual(factValue(vms[1], 'disks'), '50 GiB');
  });

  it('reads sizes printed as numbers, and a machine still starting', () => {
    const [vm] = vmsOf(parsePodmanMachineList(fixture('podman-machine/list-v5-numbers.json')));
    assert.deepStrictEqual([vm.state, vm.stateText, vm.memoryBytes, factValue(vm, 'accelerator')], ['restarting', 'starting', 6442450944, 'applehv']);
  });

  it('empty, truncated and garbled', () => {
    assert.deepStrictEqual(vmsOf(parsePodmanMachineList(fixture('podman-machine/list-empty.json'))), []);
    assert.match(errorOf(parsePodmanMachineList(fixture('podman-machine/list-truncated.json'))), /no valid JSON/);
    assert.match(errorOf(parsePodmanMachineList(fixture('podman-machine/list-garbled.txt'))), /no valid JSON/);
  });
});

describe('Vagrant parser', () => {
  it('reads the machine table out of the ui rows, escapes undone', () => {
    const vms = vmsOf(parseVagrantGlobalStatus(fixture('vagrant/global-status.txt')));
    assert.deepStrictEqual(vms.map((vm) => [vm.id, vm.name, vm.state, factValue(vm, 'provider')]), [
      ['a1b2c3d', 'web', 'running', 'virtualbox'],
      ['e4f5a6b', 'db', 'exited', 'libvirt'],
      ['0c9d8e7', 'legacy', 'exited', 'virtualbox'],
    ]);
    assert.strictEqual(factValue(vms[1], 'directory'), '/home/dev/projects/shop, old copy');
  });

  it('no environments, a truncated table and a failure before any row', () => {
    assert.deepStrictEqual(vmsOf(parseVagrantGlobalStatus(fixture('vagrant/global-status-empty.txt'))), []);
    assert.deepStrictEqual(vmsOf(parseVagrantGlobalStatus(fixture('vagrant/global-status-truncated.txt'))).map((vm) => vm.name), ['web']);
    assert.match(errorOf(parseVagrantGlobalStatus(fixture('vagrant/global-status-garbled.txt'))), /no machine-readable rows/);
  });
});

describe('every VM tool parser', () => {
  const parsers: [string, (output: string) => ParseResult][] = [
    ['VBoxManage list', parseVBoxList], ['showvminfo', parseVBoxShowVmInfo], ['vmrun list', parseVmrunList], ['vmx', parseVmx],
    ['Get-VM', parseHyperVList], ['wsl', parseWslList], ['multipass list', parseMultipassList], ['multipass info', parseMultipassInfo],
    ['limactl', parseLimaList], ['colima', parseColimaList], ['prlctl list', parseParallelsList], ['prlctl info', parseParallelsInfo],
    ['utmctl', parseUtmList], ['podman machine', parsePodmanMachineList], ['vagrant', parseVagrantGlobalStatus],
  ];
  const hostile = ['', '\0\0\0', 'null', '[]', '{}', '[null, 1, "x"]', '{"list": {}}', '{"info": []}', '"just a string"', '\uFEFF', 'a=b\n"c"="d"\n', '[{"Name": 5, "Id": {}}]'];

  it('never throws, whatever it is given', () => {
    for (const [name, parse] of parsers) {
      for (const input of hostile) assert.doesNotThrow(() => parse(input), `${name} on ${JSON.stringify(input)}`);
    }
  });

  it('refuses input larger than the bound, quickly', () => {
    const huge = `${'"x" {00000000-0000-0000-0000-000000000000}\n'.repeat(Math.ceil(MAX_INPUT_CHARS / 40))}`;
    for (const [name, parse] of parsers) {
      const started = Date.now();
      const result = parse(huge);
      assert.ok(!result.ok && /more than/.test(result.error), `${name}: ${JSON.stringify(result).slice(0, 200)}`);
      assert.ok(Date.now() - started < 1000, `${name} took ${Date.now() - started} ms`);
    }
  });

  it('keeps at most a bounded number of VMs', () => {
    const many = Array.from({ length: 5000 }, (_, index) => `{"name":"vm${index}","status":"Running"}`).join('\n');
    assert.strictEqual(vmsOf(parseLimaList(many)).length, 1000);
  });
});
