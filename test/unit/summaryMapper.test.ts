import { strict as assert } from 'assert';
import { toWorkloadSummaries } from '../../src/providers/docker/summaryMapper';
import type { WorkloadSummary } from '../../src/providers/provider';
import { readJsonFixture } from '../repoPaths';

interface RecordedListEntry {
  Id: string;
  Names: string[];
  Created: number;
}

function byName(summaries: WorkloadSummary[], name: string): WorkloadSummary {
  const found = summaries.find((summary) => summary.name === name);
  assert.ok(found, `no summary named ${name}`);
  return found;
}

describe('toWorkloadSummaries', () => {
  describe('recorded from Docker 20.10', () => {
    const raw = readJsonFixture<RecordedListEntry[]>('docker/engine-20.10/containers-list.json');
    const summaries = toWorkloadSummaries(raw, 'docker');

    it('keeps every container, named without the leading slash', () => {
      assert.deepEqual(
        summaries.map((summary) => summary.name).sort(),
        ['done', 'fresh', 'frozen', 'limited', 'plain', 'sick', 'web'],
      );
    });

    it('refers to each container by its full id under the given provider', () => {
      const web = byName(summaries, 'web');
      const recorded = raw.find((entry) => entry.Names[0] === '/web');
      assert.deepEqual(web.ref, { kind: 'container', providerId: 'docker', id: recorded?.Id });
      assert.equal(web.ref.id.length, 64);
      assert.equal(web.created, recorded?.Created);
    });

    it('maps the engine state word of each container', () => {
      assert.equal(byName(summaries, 'web').state, 'running');
      assert.equal(byName(summaries, 'frozen').state, 'paused');
      assert.equal(byName(summaries, 'done').state, 'exited');
      assert.equal(byName(summaries, 'fresh').state, 'created');
    });

    it('keeps the engine status sentence and reads health from it', () => {
      const web = byName(summaries, 'web');
      assert.match(web.status, /^Up \d+ seconds \(healthy\)$/);
      assert.equal(web.health, 'healthy');
      assert.equal(byName(summaries, 'sick').health, 'unhealthy');
      assert.equal(byName(summaries, 'plain').health, undefined);
      assert.equal(byName(summaries, 'frozen').health, undefined, '"(Paused)" is not a health word');
      assert.equal(byName(summaries, 'done').status, 'Exited (3) 28 seconds ago');
    });

    it('groups by the Compose labels', () => {
      assert.deepEqual(byName(summaries, 'limited').group, { project: 'shop', service: 'api' });
      assert.equal(byName(summaries, 'web').group, undefined);
    });

    it('collapses the IPv4/IPv6 twins of a published port and keeps other bindings', () => {
      assert.deepEqual(byName(summaries, 'web').ports, [
        { privatePort: 8080, publicPort: 18080, hostIp: '0.0.0.0', protocol: 'tcp' },
        { privatePort: 8443, publicPort: 18443, hostIp: '127.0.0.1', protocol: 'udp' },
      ]);
      assert.deepEqual(byName(summaries, 'plain').ports, []);
    });

    it('keeps the image as the engine names it', () => {
      assert.equal(byName(summaries, 'web').image, 'local/h3web:1');
      assert.equal(byName(summaries, 'plain').image, 'local/busybox:latest');
    });
  });

  describe('written from the API 1.47 reference', () => {
    const summaries = toWorkloadSummaries(readJsonFixture('docker/engine-27-cgroupv2/containers-list.json'), 'docker');

    it('reads "health: starting", restarting, and exposed-only ports', () => {
      const api = byName(summaries, 'shop-api-1');
      assert.equal(api.health, 'starting');
      assert.deepEqual(api.group, { project: 'shop', service: 'api' });
      assert.deepEqual(api.ports, [
        { privatePort: 3000, publicPort: 3000, hostIp: '0.0.0.0', protocol: 'tcp' },
        { privatePort: 9229, protocol: 'tcp' },
      ]);
      assert.equal(byName(summaries, 'migrate').state, 'restarting');
    });
  });

  describe('untrusted input', () => {
    const garbage: unknown[] = [null, undefined, [], {}, 'containers', 42, true, { length: 3 }, [null, 1, 'x', [], {}], [{ Id: 7 }], [{ Id: '' }]];

    for (const raw of garbage) {
      it(`returns no rows and does not throw for ${JSON.stringify(raw)}`, () => {
        assert.deepEqual(toWorkloadSummaries(raw, 'docker'), []);
      });
    }

    it('skips malformed entries and keeps the good ones', () => {
      const summaries = toWorkloadSummaries([null, { Names: ['/no-id'] }, { Id: 'abcdef0123456789', Names: ['/ok'], State: 'running' }], 'docker');
      assert.deepEqual(summaries.map((summary) => summary.name), ['ok']);
    });

    it('fills what a truncated entry lacks instead of failing', () => {
      const [summary] = toWorkloadSummaries([{ Id: 'abcdef0123456789', State: 'teleporting', Ports: [{ PrivatePort: 'x' }, 5], Labels: { a: 1 } }], 'docker');
      assert.equal(summary.name, 'abcdef012345');
      assert.equal(summary.state, 'unknown');
      assert.equal(summary.status, '');
      assert.equal(summary.image, '');
      assert.equal(summary.created, 0);
      assert.deepEqual(summary.ports, []);
      assert.equal(summary.group, undefined);
    });
  });
});
