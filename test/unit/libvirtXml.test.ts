import { strict as assert } from 'assert';
import { parseDomainXml } from '../../src/providers/libvirt/domainXml';
import { readXml, XML_LIMITS } from '../../src/providers/libvirt/xmlReader';
import { readFixture } from '../repoPaths';

describe('libvirt XML reader', () => {
  it('reads elements, attributes, text and the five entities plus numeric references', () => {
    const result = readXml(`<?xml version="1.0"?>\n<!-- c --><a x='1' y="&lt;&amp;&gt;"><b>t &quot;&apos; &#65;&#x42;</b><c/><![CDATA[<raw>]]></a>`);
    assert.ok(result.ok);
    assert.equal(result.root.name, 'a');
    assert.equal(result.root.attributes.get('y'), '<&>');
    assert.equal(result.root.children[0].text, `t "' AB`);
    assert.equal(result.root.text, '<raw>');
  });

  it('refuses DOCTYPE and entity declarations (no expansion at all)', () => {
    const result = readXml(readFixture('libvirt/bad/dumpxml-doctype.xml'));
    assert.ok(!result.ok);
    assert.match(result.error, /DOCTYPE/);
  });

  it('refuses unknown entities, prototype names included', () => {
    for (const text of ['<a>&lol;</a>', '<a>&constructor;</a>', '<a>&__proto__;</a>', '<a>a & b</a>', '<a>&#0;</a>', '<a>&#xD800;</a>']) {
      assert.ok(!readXml(text).ok, text);
    }
  });

  it('keeps attribute names such as __proto__ as plain data', () => {
    const result = readXml(`<a __proto__="x" constructor="y"/>`);
    assert.ok(result.ok);
    assert.equal(result.root.attributes.get('__proto__'), 'x');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('caps depth, element count and size', () => {
    const deep = '<a>'.repeat(XML_LIMITS.maxDepth + 1) + '</a>'.repeat(XML_LIMITS.maxDepth + 1);
    assert.match(errorOf(deep), /deeper/);
    const many = `<a>${'<b/>'.repeat(XML_LIMITS.maxElements + 1)}</a>`;
    assert.match(errorOf(many), /more than/);
    assert.match(errorOf(`<a>${'x'.repeat(XML_LIMITS.maxChars)}</a>`), /larger/);
  });

  it('returns errors for truncated, mismatched, empty and random input, never throws', () => {
    const inputs = [
      readFixture('libvirt/bad/dumpxml-truncated.xml'),
      readFixture('libvirt/bad/garbage.txt'),
      readFixture('libvirt/bad/empty.txt'),
      '<a><b></a>',
      '<a x=1/>',
      '<a x="1"y="2"/>',
      '<a/><b/>',
      '<',
      '<a x="<"/>',
      '<!-- never closed',
    ];
    for (const input of inputs) assert.equal(readXml(input).ok, false, input.slice(0, 40));
  });

  it('survives every prefix of a real dumpxml', () => {
    const text = readFixture('libvirt/system/dumpxml-running.xml');
    for (let length = 0; length < text.length; length += 37) {
      const result = parseDomainXml(text.slice(0, length));
      assert.equal(typeof result.ok, 'boolean');
    }
  });
});

function errorOf(text: string): string {
  const result = readXml(text);
  return result.ok ? '' : result.error;
}

describe('parseDomainXml', () => {
  it('reads the running TCG guest recorded from libvirtd', () => {
    const result = parseDomainXml(readFixture('libvirt/system/dumpxml-running.xml'));
    assert.ok(result.ok);
    const domain = result.domain;
    assert.equal(domain.type, 'qemu');
    assert.equal(domain.name, 'ws-lab-guest');
    assert.equal(domain.maxMemoryBytes, 128 * 1024 * 1024);
    assert.equal(domain.currentMemoryBytes, 128 * 1024 * 1024);
    assert.equal(domain.vcpus, 1);
    assert.equal(domain.machine, 'pc-i440fx-7.2');
    assert.equal(domain.arch, 'x86_64');
    assert.equal(domain.emulator, '/usr/bin/qemu-system-x86_64');
    assert.equal(domain.cpuModel, 'qemu64');
    assert.match(domain.kernel ?? '', /vmlinuz$/);
    assert.deepEqual(domain.disks, [{ type: 'file', device: 'disk', source: domain.disks[0].source, target: 'vda', bus: 'virtio', format: 'qcow2', readonly: false }]);
    assert.match(domain.disks[0].source ?? '', /disk\.qcow2$/);
    assert.deepEqual(domain.nics, [{ type: 'user', mac: '52:54:00:ab:cd:01', model: 'virtio', source: undefined, hostDevice: undefined }]);
    assert.equal(domain.libosinfoId, 'http://libosinfo.org/linux/2022');
    assert.deepEqual(domain.guestAgentChannel, { state: 'disconnected' });
  });

  it('reads the inactive definition (no live state on the channel)', () => {
    const result = parseDomainXml(readFixture('libvirt/system/dumpxml-inactive.xml'));
    assert.ok(result.ok);
    assert.equal(result.domain.vcpus, 2);
    assert.equal(result.domain.vcpusCurrent, 1);
    assert.deepEqual(result.domain.guestAgentChannel, { state: undefined });
  });

  it('reads test-driver domains, which have few devices', () => {
    const result = parseDomainXml(readFixture('libvirt/test-driver/dumpxml-default-test.xml'));
    assert.ok(result.ok);
    assert.equal(result.domain.type, 'test');
    assert.equal(result.domain.maxMemoryBytes, 8 * 1024 ** 3);
    assert.equal(result.domain.currentMemoryBytes, 2 * 1024 ** 3);
    assert.equal(result.domain.disks[0].source, '/guest/diskimage1');
    assert.equal(result.domain.nics[0].source, 'default');
    assert.equal(result.domain.nics[0].hostDevice, 'testnet0');
  });

  it('understands memory units and refuses odd ones', () => {
    const memory = (unit: string) => {
      const result = parseDomainXml(`<domain><memory unit='${unit}'>2</memory></domain>`);
      return result.ok ? result.domain.maxMemoryBytes : 'error';
    };
    assert.equal(memory('GiB'), 2 * 1024 ** 3);
    assert.equal(memory('KB'), 2000);
    assert.equal(memory('bytes'), 2);
    assert.equal(memory('constructor'), undefined);
    assert.equal(memory('parsecs'), undefined);
  });

  it('reads UEFI loaders and network/volume disk sources', () => {
    const xml = `<domain type='kvm'><os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type>
      <loader readonly='yes' secure='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.secboot.fd</loader><nvram>/var/lib/libvirt/qemu/nvram/x_VARS.fd</nvram></os>
      <devices><disk type='network' device='disk'><source protocol='rbd' name='pool/image'/><target dev='sda' bus='scsi'/></disk>
      <disk type='volume' device='cdrom'><source pool='default' volume='iso'/><target dev='sdb'/><readonly/></disk>
      <interface type='bridge'><source bridge='br0'/><model type='e1000e'/></interface></devices></domain>`;
    const result = parseDomainXml(xml);
    assert.ok(result.ok);
    assert.equal(result.domain.firmwareAuto, 'efi');
    assert.equal(result.domain.loader?.secure, 'yes');
    assert.equal(result.domain.disks[0].source, 'rbd:pool/image');
    assert.equal(result.domain.disks[1].source, 'default/iso');
    assert.equal(result.domain.disks[1].readonly, true);
    assert.equal(result.domain.nics[0].source, 'br0');
  });

  it('says what is wrong with non-domain XML', () => {
    const result = parseDomainXml('<network><name>default</name></network>');
    assert.ok(!result.ok);
    assert.match(result.error, /<network>/);
  });
});
