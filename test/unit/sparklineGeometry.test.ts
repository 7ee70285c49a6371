// Where a sparkline's points go: time on x, 0..top on y (SVG's y grows downwards), gaps where a
// value is missing, and the words' min/max/latest.
import { strict as assert } from 'assert';
import { sparklineRuns, valueRange } from '../../src/shared/sparklineGeometry';
import { usageLines } from '../../src/shared/usageFormat';

const BOX = { width: 100, height: 10 };

describe('sparkline geometry', () => {
  it('spreads the samples over the width by time and scales 0..top to the height', () => {
    assert.deepEqual(sparklineRuns([0, 1000, 4000], [0, 5, 10], 10, BOX), ['0,10 25,5 100,0']);
  });

  it('breaks the line where a value is missing and draws a lone reading as a stub', () => {
    assert.deepEqual(sparklineRuns([0, 1000, 2000, 3000, 4000], [1, 1, null, 2, null], 2, BOX), ['0,5 25,5', '73,0 75,0']);
  });

  it('clamps to the box and survives a zero top and a single sample', () => {
    assert.deepEqual(sparklineRuns([0, 10], [-5, 50], 10, BOX), ['0,10 100,0']);
    assert.deepEqual(sparklineRuns([0, 10], [0, 0], 0, BOX), ['0,10 100,10']);
    assert.deepEqual(sparklineRuns([7], [3], 3, BOX), ['98,0 100,0']);
    assert.deepEqual(sparklineRuns([], [], 3, BOX), []);
  });

  it('gives min, max and latest of the values present', () => {
    assert.deepEqual(valueRange([3, null, 9, 1]), { min: 1, max: 9, latest: 1 });
    assert.deepEqual(valueRange([3, null]), { min: 3, max: 3, latest: null });
    assert.equal(valueRange([null, null]), undefined);
  });

  it('says each usage line, and what the source does not report', () => {
    const lines = usageLines({ atMs: 0, cpuPercent: 12.345, memoryBytes: 1048576, memoryLimitBytes: 4194304, netRxPerSec: 2048, netTxPerSec: null, blockReadPerSec: null, blockWritePerSec: null });
    assert.deepEqual(lines, [
      { label: 'CPU', value: '12.3 %' },
      { label: 'Memory', value: '1 MiB of 4 MiB' },
      { label: 'Network', value: 'in 2 KiB/s, out –' },
      { label: 'Disk', value: 'not reported' },
    ]);
  });
});
