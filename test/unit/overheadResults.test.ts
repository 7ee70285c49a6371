import * as assert from 'assert';
import type { Layer, LayerKind, Stack, WorkloadKind } from '../../src/shared/model';
import { isOverheadResults } from '../../src/shared/protocol';
import type { ProbeMetric } from '../../src/shared/probeReport';
import { markdownCell, toJson, toMarkdown } from '../../src/overhead/overheadExport';
import { runLab, type LabMeasurement, type LabSettings, type LabWorkload } from '../../src/overhead/overheadLab';
import { annotationFor, buildResults } from '../../src/overhead/overheadResults';
import { costRatio, median, spreadPercent, verdictOf } from '../../src/overhead/statistics';

const settings: LabSettings = { runs: 3, runMs: 100, metrics: ['cpu.int.one', 'sys.syscall', 'fs.fsync'], provisioningRuns: 3 };
const system = { kernel: '6.1.0', machine: 'x86_64', cpusOnline: 2, cpusAllowed: 2, cpuMax: 'max 100000', memTotalBytes: 2 ** 33, hypervisorFlag: true, cpuModel: 'test CPU' };

function metric(id: 'cpu.int.one' | 'sys.syscall' | 'fs.fsync', runs: number[]): ProbeMetric {
  const units = { 'cpu.int.one': ['MB/s', 'higher'], 'sys.syscall': ['ns', 'lower'], 'fs.fsync': ['us', 'lower'] } as const;
  return { id, unit: units[id][0], better: units[id][1], detail: `${id} detail`, runs, median: median(runs), elapsedMs: 300 };
}

function measurement(kind: WorkloadKind, name: string, metrics: ProbeMetric[], extra: Partial<LabMeasurement> = {}): LabMeasurement {
  return {
    workload: { ref: { kind, providerId: kind, id: name }, name, kind, target: new Error('unused') },
    system,
    dir: { path: '/tmp', fsType: kind === 'vm' ? 'ramfs (initramfs)' : 'ext2/3/4' },
    architecture: 'x86_64',
    metrics,
    notes: [],
    ...extra,
  };
}

function stack(kind: WorkloadKind, layers: [LayerKind, Record<string, string>][]): Stack {
  const toLayer = ([layerKind, facts]: [LayerKind, Record<string, string>]): Layer => ({
    kind: layerKind,
    title: layerKind === 'hypervisor' ? 'Hypervisor: Firecracker' : layerKind,
    facts: Object.entries(facts).map(([key, value]) => ({ key, label: key, value, source: 'test' })),
  });
  return { workload: { kind, providerId: kind, id: 'x' }, name: 'x', state: 'running', readAt: 'now', layers: layers.map(toLayer) };
}

function resultsOf(measurements: LabMeasurement[], stacks: (Stack | undefined)[] = []) {
  return buildResults({
    measurements,
    stacks: new Map(measurements.map((m, index) => [m, stacks[index]])),
    settings,
    startedAt: new Date('2026-11-29T10:00:00Z'),
    finishedAt: new Date('2026-11-29T10:01:00Z'),
    cancelled: false,
  });
}

describe('overhead statistics', () => {
  it('takes the median of odd and even run counts and half the range as the spread', () => {
    assert.strictEqual(median([3, 1, 2]), 2);
    assert.strictEqual(median([4, 1, 2, 3]), 2.5);
    assert.strictEqual(spreadPercent([90, 100, 110]), 10);
    assert.strictEqual(spreadPercent([100]), 0);
  });

  it('turns rates and times into one cost direction', () => {
    assert.strictEqual(costRatio(50, 100, 'higher'), 2); // half the throughput: twice the cost
    assert.strictEqual(costRatio(200, 100, 'lower'), 2); // twice the time: twice the cost
    assert.strictEqual(costRatio(0, 100, 'higher'), undefined);
  });

  it('calls a difference real only beyond twice the larger spread', () => {
    assert.strictEqual(verdictOf(1.07, 4, 1), 'same');
    assert.strictEqual(verdictOf(1.09, 4, 1), 'costlier');
    assert.strictEqual(verdictOf(0.8, 4, 4), 'cheaper');
  });
});

describe('overhead results table', () => {
  const host = measurement('host', 'this-machine', [metric('cpu.int.one', [1000, 1010, 990]), metric('sys.syscall', [100, 102, 98]), metric('fs.fsync', [500, 520, 480])], {
    provisioning: { what: 'a process', runsMs: [1, 1.2, 0.9] },
  });
  const container = measurement('container', 'web', [metric('cpu.int.one', [995, 1000, 1005]), metric('sys.syscall', [300, 310, 290]), { id: 'fs.fsync', error: 'read-only file system' }], {
    provisioning: { what: 'a container', runsMs: [300, 320, 310] },
  });
  const vm = measurement('vm', 'guest', [metric('cpu.int.one', [100, 101, 99]), metric('sys.syscall', [1000, 1000, 1000]), metric('fs.fsync', [50, 50, 50])]);
  const gone = measurement('container', 'gone', [], { error: 'It is exited: start it first.', system: undefined, dir: undefined });

  it('divides every column by this machine and says which differences are beyond the noise', () => {
    const results = resultsOf([host, container, vm, gone]);
    assert.ok(isOverheadResults(results), 'the protocol guard accepts what the lab builds');
    const row = (id: string) => results.rows.find((r) => r.id === id)!;
    assert.deepStrictEqual(row('cpu.int.one').cells.map((c) => c.verdict), ['baseline', 'same', 'costlier', undefined]);
    assert.strictEqual(row('cpu.int.one').cells[2].costRatio, 10);
    assert.strictEqual(row('sys.syscall').cells[1].costRatio, 3);
    assert.strictEqual(row('fs.fsync').cells[1].error, 'read-only file system');
    assert.strictEqual(row('fs.fsync').cells[2].verdict, 'cheaper');
    assert.strictEqual(row('fs.fsync').cells[3].error, 'It is exited: start it first.');
    assert.strictEqual(row('provisioning').unit, 'ms');
    assert.strictEqual(row('provisioning').cells[2].error, 'not measured for this kind of workload');
    assert.ok(row('provisioning').cells[1].costRatio! > 250);
  });

  it('labels each column with what it was measured on', () => {
    const results = resultsOf([host, container, vm], [
      stack('host', [['hardware', {}], ['hypervisor', { hypervisor: 'Firecracker' }], ['host-os', {}]]),
      stack('container', [['engine', {}], ['isolation', { 'cpu-limit': '0.5 CPU', cpuset: 'all CPUs' }]]),
      stack('vm', [['hypervisor', { accelerator: 'TCG (software emulation)' }], ['guest-os', {}]]),
    ]);
    const [hostColumn, containerColumn, vmColumn] = results.columns;
    assert.ok(hostColumn.measuredOn.includes('this machine is itself a VM (Firecracker)'));
    assert.ok(containerColumn.measuredOn.includes('CPU limit 0.5 CPU'));
    assert.ok(!containerColumn.measuredOn.some((label) => label.startsWith('CPU set')), 'an unlimited cpuset is not a label');
    assert.ok(vmColumn.measuredOn.includes('accelerator: TCG (software emulation)'));
    assert.ok(vmColumn.measuredOn.some((label) => label.includes('ramfs') && label.includes('fsync costs nothing')));
    assert.deepStrictEqual(results.columns.map((c) => c.costLayer), [undefined, 'isolation', 'hypervisor']);
  });

  it('annotates the band that causes the cost with the worst real cost first', () => {
    const results = resultsOf([host, container, vm]);
    const annotation = annotationFor(results, 2)!;
    assert.strictEqual(annotation.layerKind, 'hypervisor');
    assert.match(annotation.headline, /up to 10\.0×|up to 10×/);
    assert.ok(annotation.lines.some((line) => line.startsWith('CPU int 10')));
    assert.strictEqual(annotationFor(results, 0), undefined, 'this machine is the baseline: nothing to annotate');
    const sameOnly = annotationFor(resultsOf([host, measurement('container', 'twin', host.metrics)]), 1)!;
    assert.match(sameOnly.headline, /within the noise/);
  });
});

describe('overhead exports', () => {
  it('escapes workload names and errors so they cannot break the table or inject markup', () => {
    assert.strictEqual(markdownCell('a|b\nc'), 'a\\|b c');
    assert.strictEqual(markdownCell('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
    assert.strictEqual(markdownCell('x86_64 *bold* `code` [link](x) a\\b'), 'x86\\_64 \\*bold\\* \\`code\\` \\[link\\](x) a\\\\b');
    const hostile = measurement('container', '<script>x</script>|evil', [{ id: 'cpu.int.one', error: 'boom | <b>bold</b>' }]);
    const host = measurement('host', 'me', [metric('cpu.int.one', [1, 1, 1])]);
    const markdown = toMarkdown(resultsOf([host, hostile]));
    assert.ok(!markdown.includes('<script>') && !markdown.includes('<b>'));
    const tableLines = markdown.split('\n').filter((line) => line.startsWith('| '));
    const columns = (line: string) => line.split(/(?<!\\)\|/).length;
    assert.ok(tableLines.every((line) => columns(line) === columns(tableLines[0])), 'every table line has the same number of cells');
  });

  it('writes JSON that reads back to the same results, with its schema', () => {
    const results = resultsOf([measurement('host', 'me', [metric('cpu.int.one', [1, 2, 3])])]);
    const parsed = JSON.parse(toJson(results));
    assert.strictEqual(parsed.schema, 'workload-stacks.overhead/1');
    assert.deepStrictEqual(parsed.rows, results.rows);
  });
});

describe('overhead lab run order', () => {
  it('keeps a column for every workload a cancel left out, and removes the probe it placed', async () => {
    const removed: string[] = [];
    const abort = new AbortController();
    const target = (name: string): LabWorkload['target'] => ({
      architecture: async () => 'x86_64',
      install: async () => ({
        path: `/p/${name}`,
        dir: '/p',
        notes: [],
        run: async () => {
          abort.abort(); // the user cancels while the first metric runs
          return { exitCode: undefined, stdout: '', stderr: 'cancelled' };
        },
        remove: async () => {
          removed.push(name);
          return undefined;
        },
      }),
    });
    const workloads: LabWorkload[] = ['first', 'second'].map((name) => ({ ref: { kind: 'container', providerId: 'docker', id: name }, name, kind: 'container', target: target(name) }));
    const measurements = await runLab(workloads, settings, { probeFor: async () => new Uint8Array(1), onProgress: () => undefined, signal: abort.signal });
    assert.deepStrictEqual(measurements.map((m) => m.workload.name), ['first', 'second']);
    assert.deepStrictEqual(measurements[0].metrics, [], 'a metric cut short is not reported as measured');
    assert.strictEqual(measurements[1].error, 'Cancelled before it was measured.');
    assert.deepStrictEqual(removed, ['first']);
  });

  it('says which architecture has no probe instead of copying the wrong one', async () => {
    const workload: LabWorkload = {
      ref: { kind: 'vm', providerId: 'qemu', id: 'riscv' },
      name: 'riscv guest',
      kind: 'vm',
      target: { architecture: async () => 'riscv64', install: async () => assert.fail('nothing may be copied') },
    };
    const [measured] = await runLab([workload], settings, { probeFor: async () => undefined, onProgress: () => undefined });
    assert.match(measured.error ?? '', /No probe is built for riscv64/);
  });
});
