import * as assert from 'assert';
import { parseByteSize, parseImageCheckArgs, UsageError } from '../../src/cli/imageCheckArgs';

describe('workload-stacks-image arguments', () => {
  it('reads the image, the engine, JSON and the thresholds', () => {
    assert.deepStrictEqual(
      parseImageCheckArgs(['--host', 'unix:///run/podman/podman.sock', 'shop/web:1', '--json', '--lowest-efficiency', '0.95', '--highest-wasted-bytes', '20MB', '--highest-user-wasted-percent', 'disabled']),
      { image: 'shop/web:1', host: 'unix:///run/podman/podman.sock', json: true, thresholds: { lowestEfficiency: 0.95, highestWastedBytes: 20_000_000, highestUserWastedPercent: 'disabled' } },
    );
    assert.strictEqual(parseImageCheckArgs(['--help']), 'help');
  });

  it('reads sizes as dive does: decimal KB/MB/GB, binary KiB/MiB/GiB, plain bytes', () => {
    assert.deepStrictEqual(['300', '20MB', '1.5GiB', '64 KiB', '2gb'].map(parseByteSize), [300, 20_000_000, 1_610_612_736, 65_536, 2_000_000_000]);
    assert.throws(() => parseByteSize('lots'), UsageError);
    assert.throws(() => parseByteSize('5 parsecs'), /not a size/);
  });

  it('refuses mistakes with a sentence', () => {
    assert.throws(() => parseImageCheckArgs([]), /Name the image/);
    assert.throws(() => parseImageCheckArgs(['a', 'b']), /One image at a time/);
    assert.throws(() => parseImageCheckArgs(['a', '--lowest-efficiency', '1.5']), /ratio from 0 to 1/);
    assert.throws(() => parseImageCheckArgs(['a', '--lowest-efficiency']), /needs a value/);
    assert.throws(() => parseImageCheckArgs(['a', '--frobnicate']), /Unknown option --frobnicate/);
  });
});
