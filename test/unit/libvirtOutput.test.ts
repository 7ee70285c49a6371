import { strict as assert } from 'assert';
import { fillFromDominfo, mergeListAndStats } from '../../src/providers/libvirt/listing';
import { splitSections } from '../../src/providers/libvirt/virsh';
import {
  kibField,
  parseBlockInfoTable,
  parseDomainStats,
  parseKeyValueLines,
  parseUuidNameList,
  parseVersion,
} from '../../src/providers/libvirt/virshOutput';
import { readFixture } from '../repoPaths';

const MARKER = 'WS-0123456789abcdef:';

describe('virsh output parsers', () => {
  it('reads list --uuid --name, names with spaces included', () => {
    const domains = parseUuidNameList(readFixture('libvirt/test-driver/list-uuid-name.txt'));
    assert.equal(domains.length, 6);
    assert.deepEqual(domains[1], { uuid: '11111111-1111-4111-8111-111111111102', name: 'db paused' });
  });

  it('reads domstats --raw blocks', () => {
    const records = parseDomainStats(readFixture('libvirt/system/domstats-full-running.txt'));
    assert.equal(records.length, 1);
    assert.equal(records[0].name, 'ws-lab-guest');
    assert.equal(records[0].fields.get('balloon.current'), '131072');
    assert.equal(records[0].fields.get('block.0.capacity'), '67108864');
  });

  it('reads dominfo, nodeinfo and version', () => {
    const dominfo = parseKeyValueLines(readFixture('libvirt/system/dominfo-running.txt'));
    assert.equal(dominfo.get('State'), 'running');
    assert.equal(kibField(dominfo.get('Max memory')), 128 * 1024 * 1024);
    assert.equal(parseKeyValueLines(readFixture('libvirt/system/nodeinfo.txt')).get('CPU(s)'), '2');
    assert.deepEqual(parseVersion(readFixture('libvirt/system/version.txt')), {
      library: 'libvirt 9.0.0',
      api: 'QEMU 9.0.0',
      hypervisor: 'QEMU 7.2.22',
      daemon: '9.0.0',
    });
  });

  it('reads domblkinfo --all, and the empty table of the test driver', () => {
    assert.deepEqual(parseBlockInfoTable(readFixture('libvirt/system/domblkinfo-all.txt')), [
      { target: 'vda', capacityBytes: 67108864, allocationBytes: 204800, physicalBytes: 196616 },
    ]);
    assert.deepEqual(parseBlockInfoTable(' Target   Capacity   Allocation   Physical\n-----\n'), []);
    assert.deepEqual(parseBlockInfoTable(' hdc   -   -   -'), [{ target: 'hdc', capacityBytes: undefined, allocationBytes: undefined, physicalBytes: undefined }]);
  });

  it('gives empty results for empty, garbled and random text', () => {
    for (const name of ['bad/empty.txt', 'bad/garbage.txt', 'bad/domstats-garbled.txt']) {
      const text = readFixture(`libvirt/${name}`);
      assert.deepEqual(parseUuidNameList(text), []);
      assert.deepEqual(parseBlockInfoTable(text), []);
      assert.deepEqual(parseVersion(text), {});
    }
    const garbled = parseDomainStats(readFixture('libvirt/bad/domstats-garbled.txt'));
    assert.deepEqual(garbled.map((record) => record.name), ['']);
  });
});

describe('virsh batches', () => {
  it('splits a real batch run at its markers', () => {
    const sections = splitSections(readFixture('libvirt/test-driver/batch-refresh.txt'), MARKER);
    assert.deepEqual([...sections.keys()], ['list', 'stats']);
    assert.match(sections.get('stats') ?? '', /Domain: 'web-01'/);
  });

  it('keeps what came before a truncation and drops nothing silently', () => {
    const sections = splitSections(readFixture('libvirt/bad/batch-refresh-truncated.txt'), MARKER);
    assert.ok(sections.has('list'));
  });

  it('merges list and domstats: the system driver gives state, vCPUs and memory for every domain', () => {
    const sections = splitSections(readFixture('libvirt/system/batch-refresh.txt'), MARKER);
    const domains = mergeListAndStats(sections.get('list') ?? '', sections.get('stats') ?? '');
    const guest = domains.find((domain) => domain.name === 'ws-lab-guest');
    assert.deepEqual(guest, { uuid: guest?.uuid, name: 'ws-lab-guest', stateCode: 1, vcpus: 1, memoryBytes: 128 * 1024 * 1024 });
    const off = domains.find((domain) => domain.name === 'ws-lab-off');
    assert.equal(off?.stateCode, 5);
    assert.equal(off?.vcpus, 1);
  });

  it('merges list and domstats for the test driver (state only), then fills from dominfo', () => {
    const sections = splitSections(readFixture('libvirt/test-driver/batch-refresh.txt'), MARKER);
    const domains = mergeListAndStats(sections.get('list') ?? '', sections.get('stats') ?? '');
    assert.equal(domains.length, 6);
    const paused = domains.find((domain) => domain.name === 'db paused');
    assert.equal(paused?.stateCode, 3);
    assert.equal(paused?.vcpus, undefined);
    const dominfo = splitSections(readFixture('libvirt/test-driver/batch-dominfo.txt'), MARKER);
    const web = domains.find((domain) => domain.name === 'web-01');
    assert.ok(web);
    fillFromDominfo(web, dominfo.get(`d-${web.uuid}`) ?? '');
    assert.equal(web.vcpus, 2);
    assert.equal(web.memoryBytes, 1536 * 1024 * 1024);
    assert.equal(web.stateCode, 1);
  });

  it('ignores a garbled dominfo', () => {
    const domain = { uuid: '11111111-1111-4111-8111-111111111101', name: 'x' };
    fillFromDominfo(domain, readFixture('libvirt/bad/garbage.txt'));
    assert.deepEqual(domain, { uuid: '11111111-1111-4111-8111-111111111101', name: 'x', vcpus: undefined, memoryBytes: undefined });
  });
});
