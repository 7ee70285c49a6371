// A usage recording as CSV and JSON: engine text escaped (quotes, commas, newlines, spreadsheet
// formulas), empty cells for what was not read, and both parse back.
import { strict as assert } from 'assert';
import { csvField, recordingToCsv, recordingToJson, type UsageRecording } from '../../src/shared/usageExport';

const hostileName = 'web "prod", eu\n=HYPERLINK("http://x")';

function recording(name = hostileName): UsageRecording {
  return {
    workload: { kind: 'container', providerId: 'docker', id: 'abc123' },
    name,
    startedAt: '2026-12-05T10:00:00.000Z',
    stoppedAt: '2026-12-05T10:00:04.000Z',
    source: 'Docker live stats',
    dropped: 2,
    samples: [
      { atMs: Date.parse('2026-12-05T10:00:01.000Z'), cpuPercent: 12.5, memoryBytes: 1048576, memoryLimitBytes: null, netRxPerSec: null, netTxPerSec: null, blockReadPerSec: null, blockWritePerSec: null },
      { atMs: Date.parse('2026-12-05T10:00:02.000Z'), cpuPercent: 99, memoryBytes: 2097152, memoryLimitBytes: 4194304, netRxPerSec: 2048, netTxPerSec: 0, blockReadPerSec: 512, blockWritePerSec: 1.5 },
    ],
  };
}

/** A small RFC 4180 reader: enough to prove the writer's quoting round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const next = text[i + 1];
    i++;
    if (quoted && char === '"' && next === '"') {
      field += '"';
      i++;
    } else if (quoted && char === '"') {
      quoted = false;
    } else if (quoted) {
      field += char;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && next === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  return rows;
}

describe('usage recording export', () => {
  it('quotes CSV fields with quotes, commas and newlines, and disarms formulas', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('+cmd'), "'+cmd");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('-2'), "'-2");
  });

  it('writes one CSV row per sample that parses back to the same cells', () => {
    const rows = parseCsv(recordingToCsv(recording()));
    assert.deepEqual(rows[0], ['time', 'workload', 'kind', 'cpu_percent', 'memory_bytes', 'memory_limit_bytes', 'net_rx_per_sec', 'net_tx_per_sec', 'block_read_per_sec', 'block_write_per_sec']);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[1], ['2026-12-05T10:00:01.000Z', hostileName, 'container', '12.5', '1048576', '', '', '', '', '']);
    assert.deepEqual(rows[2].slice(3), ['99', '2097152', '4194304', '2048', '0', '512', '1.5']);
    const formula = parseCsv(recordingToCsv(recording('=cmd|calc')))[1][1];
    assert.equal(formula, "'=cmd|calc", 'a name a spreadsheet would run is shown as text');
  });

  it('writes JSON with the workload, the window and every sample', () => {
    const parsed = JSON.parse(recordingToJson(recording())) as { workload: { name: string; id: string }; droppedSamples: number; samples: { time: string; cpuPercent: number; netRxPerSec: number | null }[] };
    assert.equal(parsed.workload.name, hostileName);
    assert.equal(parsed.workload.id, 'abc123');
    assert.equal(parsed.droppedSamples, 2);
    assert.deepEqual(parsed.samples.map((sample) => [sample.time, sample.cpuPercent, sample.netRxPerSec]), [
      ['2026-12-05T10:00:01.000Z', 12.5, null],
      ['2026-12-05T10:00:02.000Z', 99, 2048],
    ]);
  });
});
