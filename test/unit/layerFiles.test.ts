// The rows of a layer's file tree the webview draws, from hand-built layer entries: one layer's own
// tree and the stacked tree up to it, what each row says was done to it, and the cap.
import * as assert from 'assert';
import { analyseContents, type ImageAnalysis } from '../../src/shared/imageAnalysis';
import { MAX_LAYER_FILE_ROWS, type LayerFileRow } from '../../src/shared/imageAnalysisProtocol';
import type { LayerEntry } from '../../src/shared/imageContents';
import { layerFiles } from '../../src/shared/layerFiles';

function file(path: string, size: number, mode = 0o644): LayerEntry {
  return { path, type: 'file', size, mode, uid: 0, gid: 0 };
}
function dir(path: string, mode = 0o755, uid = 0, gid = 0): LayerEntry {
  return { path, type: 'dir', size: 0, mode, uid, gid };
}
function whiteout(path: string): LayerEntry {
  return { path, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, whiteout: true };
}
function opaque(path: string): LayerEntry {
  return { path, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, opaque: true };
}
function analysis(...layers: LayerEntry[][]): ImageAnalysis {
  return analyseContents({
    imageId: 'sha256:test',
    readAt: '2026-12-05T10:00:00.000Z',
    layers: layers.map((entries, index) => ({ id: `layer${index}`, archiveSize: 0, entries })),
    history: [],
  });
}
/** A row as the tests write it: path, change, layer, then the rest. */
function row(path: string, change: LayerFileRow['change'], layer: number, rest: Partial<LayerFileRow> = {}): LayerFileRow {
  return { path, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, change, layer, ...rest };
}
const impliedDir = { type: 'dir', mode: 0o755 } as const;

describe('layerFiles: the rows of a layer file tree', () => {
  it('a file added then removed: added in its layer, a removed row with its size and mode in the next', () => {
    const image = analysis([dir('tmp', 0o1777), file('tmp/big', 100, 0o600), file('tmp/keep', 1)], [whiteout('tmp/big')]);
    assert.deepStrictEqual(layerFiles(image, 0, false), {
      imageId: 'sha256:test',
      layer: 0,
      aggregate: false,
      omitted: 0,
      rows: [
        row('tmp', 'added', 0, { type: 'dir', mode: 0o1777 }),
        row('tmp/big', 'added', 0, { size: 100, mode: 0o600 }),
        row('tmp/keep', 'added', 0, { size: 1 }),
      ],
    });
    // The layer holds only the whiteout; "tmp" is implied, drawn as the layer below has it.
    assert.deepStrictEqual(layerFiles(image, 1, false).rows, [
      row('tmp', 'unchanged', 1, { type: 'dir', mode: 0o1777 }),
      row('tmp/big', 'removed', 1, { size: 100, mode: 0o600 }),
    ]);
    assert.deepStrictEqual(layerFiles(image, 1, true), {
      imageId: 'sha256:test',
      layer: 1,
      aggregate: true,
      omitted: 0,
      rows: [
        row('tmp', 'unchanged', 0, { type: 'dir', mode: 0o1777 }),
        row('tmp/big', 'removed', 1, { size: 100, mode: 0o600 }),
        row('tmp/keep', 'unchanged', 0, { size: 1 }),
      ],
    });
  });

  it('an overwritten file: modified in the layer that overwrites it, set last by that layer in the stacked tree', () => {
    const image = analysis([file('etc/conf', 10), file('etc/hosts', 5)], [file('etc/conf', 20, 0o600)]);
    assert.deepStrictEqual(layerFiles(image, 1, false).rows, [
      row('etc', 'unchanged', 1, impliedDir),
      row('etc/conf', 'modified', 1, { size: 20, mode: 0o600 }),
    ]);
    assert.deepStrictEqual(layerFiles(image, 1, true).rows, [
      row('etc', 'unchanged', 0, impliedDir),
      row('etc/conf', 'modified', 1, { size: 20, mode: 0o600 }),
      row('etc/hosts', 'unchanged', 0, { size: 5 }),
    ]);
    // Up to layer 0 the file is as layer 0 put it.
    assert.deepStrictEqual(layerFiles(image, 0, true).rows, [
      row('etc', 'added', 0, impliedDir),
      row('etc/conf', 'added', 0, { size: 10 }),
      row('etc/hosts', 'added', 0, { size: 5 }),
    ]);
  });

  it('an opaque directory: what it hides from lower layers as removed rows under it, in name order', () => {
    const image = analysis(
      [dir('var', 0o755, 0, 0), file('var/b', 7), file('var/a', 5), dir('var/sub'), file('var/sub/x', 2)],
      [dir('var', 0o755, 0, 0), opaque('var'), file('var/c', 3)],
    );
    const removedDir = { type: 'dir', mode: 0o755, size: 2 } as const;
    assert.deepStrictEqual(layerFiles(image, 1, false).rows, [
      row('var', 'unchanged', 1, { type: 'dir', mode: 0o755 }),
      row('var/a', 'removed', 1, { size: 5 }),
      row('var/b', 'removed', 1, { size: 7 }),
      row('var/c', 'added', 1, { size: 3 }),
      row('var/sub', 'removed', 1, removedDir),
    ]);
    assert.deepStrictEqual(layerFiles(image, 1, true).rows, [
      row('var', 'unchanged', 1, { type: 'dir', mode: 0o755 }),
      row('var/a', 'removed', 1, { size: 5 }),
      row('var/b', 'removed', 1, { size: 7 }),
      row('var/c', 'added', 1, { size: 3 }),
      row('var/sub', 'removed', 1, removedDir),
    ]);
  });

  it('links with their targets, owners kept, names in byte order (upper case first)', () => {
    const image = analysis([
      dir('bin', 0o755, 0, 0),
      file('bin/busybox', 1000, 0o4755),
      { path: 'bin/sh', type: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: 'busybox' },
      { path: 'bin/ls', type: 'hardlink', size: 0, mode: 0o755, uid: 1000, gid: 50, linkTarget: 'bin/busybox' },
      file('bin/Z', 1),
    ]);
    const expected = [
      row('bin', 'added', 0, { type: 'dir', mode: 0o755 }),
      row('bin/Z', 'added', 0, { size: 1 }),
      row('bin/busybox', 'added', 0, { size: 1000, mode: 0o4755 }),
      row('bin/ls', 'added', 0, { type: 'hardlink', mode: 0o755, uid: 1000, gid: 50, linkTarget: 'bin/busybox' }),
      row('bin/sh', 'added', 0, { type: 'symlink', mode: 0o777, linkTarget: 'busybox' }),
    ];
    assert.deepStrictEqual(layerFiles(image, 0, false).rows, expected);
    assert.deepStrictEqual(layerFiles(image, 0, true).rows, expected);
  });

  it(`stops at ${MAX_LAYER_FILE_ROWS} rows and counts the rest, parents first`, () => {
    const entries = Array.from({ length: MAX_LAYER_FILE_ROWS + 5 }, (_, index) => file(`d/f${String(index).padStart(6, '0')}`, 1));
    const image = analysis(entries);
    for (const aggregate of [false, true]) {
      const result = layerFiles(image, 0, aggregate);
      assert.strictEqual(result.rows.length, MAX_LAYER_FILE_ROWS);
      // The implied "d" and 50,005 files: 50,006 rows, 6 left out.
      assert.strictEqual(result.omitted, 6);
      assert.deepStrictEqual(result.rows[0], row('d', 'added', 0, impliedDir));
      assert.strictEqual(result.rows[1].path, 'd/f000000');
      assert.strictEqual(result.rows.at(-1)?.path, `d/f${String(MAX_LAYER_FILE_ROWS - 2).padStart(6, '0')}`);
    }
  });

  it('an unmatched whiteout is a removed row of nothing in its layer and absent from the stacked tree', () => {
    const image = analysis([file('a', 1)], [whiteout('ghost')]);
    assert.deepStrictEqual(layerFiles(image, 1, false).rows, [row('ghost', 'removed', 1, { mode: 0 })]);
    assert.deepStrictEqual(layerFiles(image, 1, true).rows, [row('a', 'unchanged', 0, { size: 1 })]);
  });

  it('a file that becomes a directory because the layer puts something under it: modified, drawn as a directory', () => {
    const image = analysis([file('x', 4, 0o600)], [file('x/y', 1)]);
    const expected = [row('x', 'modified', 1, impliedDir), row('x/y', 'added', 1, { size: 1 })];
    assert.deepStrictEqual(layerFiles(image, 1, false).rows, expected);
    assert.deepStrictEqual(layerFiles(image, 1, true).rows, expected);
  });

  it('a layer that does not exist has no rows', () => {
    assert.deepStrictEqual(layerFiles(analysis([file('a', 1)]), 3, true), { imageId: 'sha256:test', layer: 3, aggregate: true, rows: [], omitted: 0 });
  });
});
