// Waste, efficiency and per-layer changes from hand-built layer entries: the numbers are worked
// out by hand from dive's formulas (dive/filetree/efficiency.go, dive/image/analysis.go), the
// arithmetic in the comments; and dive's CI rules with their defaults and sentences.
import * as assert from 'assert';
import type { ImageLayerContents, LayerEntry } from '../../src/shared/imageContents';
import { imageEfficiency } from '../../src/shared/imageEfficiency';
import { checkImageRules } from '../../src/shared/imageRules';
import { type StackNode, compareNames, layerChanges, stackedTree } from '../../src/shared/layerTree';

const MB5 = 5 * 1024 * 1024; // 5242880

function file(path: string, size: number, mode = 0o644): LayerEntry {
  return { path, type: 'file', size, mode, uid: 0, gid: 0 };
}
function dir(path: string): LayerEntry {
  return { path, type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0 };
}
function whiteout(path: string): LayerEntry {
  return { path, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, whiteout: true };
}
function opaque(path: string): LayerEntry {
  return { path, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, opaque: true };
}
function image(...layers: LayerEntry[][]): ImageLayerContents[] {
  return layers.map((entries, index) => ({ id: `layer${index}`, archiveSize: 0, entries }));
}
function paths(items: readonly { path: string }[]): string[] {
  return items.map((item) => item.path);
}
function treePaths(node: StackNode, prefix = ''): string[] {
  const result: string[] = [];
  for (const child of [...node.children.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = prefix === '' ? child.name : `${prefix}/${child.name}`;
    result.push(path, ...treePaths(child, path));
  }
  return result;
}

describe('imageEfficiency: dive numbers', () => {
  it('a 5 MB file added then deleted: all of it wasted, the whiteout of a file counts 0 bytes', () => {
    const layers = image(
      [dir('usr'), file('usr/base', 1000)],
      [dir('tmp'), file('tmp/big', MB5)],
      [dir('tmp'), whiteout('tmp/big')],
    );
    const result = imageEfficiency(layers);
    // Leaves: usr/base (1000) in layer 0; tmp/big (5242880) in layer 1; tmp/.wh.big in layer 2,
    // a whiteout of a file: 0 bytes. tmp/big: cumulative 5242880, min 0, 2 nodes -> inefficient.
    // efficiency = (1000 + 0) / (1000 + 5242880) = 1000 / 5243880
    assert.strictEqual(result.efficiency, 1000 / 5243880);
    assert.strictEqual(result.wastedBytes, MB5);
    // user size = layer 1 (0 + 5242880) + layer 2 (0 + 0); wasted / user = 1
    assert.strictEqual(result.userSizeBytes, MB5);
    assert.strictEqual(result.sizeBytes, 1000 + MB5);
    assert.strictEqual(result.wastedUserPercent, 1);
    assert.deepStrictEqual(result.inefficiencies, [{ path: 'tmp/big', cumulativeSize: MB5, count: 2, addedIn: [1], removedIn: [2] }]);
    assert.deepStrictEqual(result.warnings, []);

    const changes = layerChanges(layers);
    assert.deepStrictEqual(paths(changes[0].added), ['usr', 'usr/base']);
    assert.strictEqual(changes[0].addedBytes, 1000);
    assert.deepStrictEqual(changes[1].added, [
      { path: 'tmp', type: 'dir', size: 0 },
      { path: 'tmp/big', type: 'file', size: MB5 },
    ]);
    assert.strictEqual(changes[1].addedBytes, MB5);
    // layer 2 lists "tmp" again with the same mode and owner: not modified.
    assert.deepStrictEqual(changes[2].added, []);
    assert.deepStrictEqual(changes[2].modified, []);
    assert.deepStrictEqual(changes[2].removed, [{ path: 'tmp/big', type: 'file', size: MB5, files: 1, reason: 'whiteout' }]);
    assert.strictEqual(changes[2].removedBytes, MB5);
    assert.deepStrictEqual(treePaths(stackedTree(layers, 2)), ['tmp', 'usr', 'usr/base']);
    assert.deepStrictEqual(treePaths(stackedTree(layers, 1)), ['tmp', 'tmp/big', 'usr', 'usr/base']);

    // Rules with dive's defaults: efficiency 0.00019 < 0.9 and wasted/user 1 > 0.1 fail.
    assert.deepStrictEqual(
      checkImageRules(result).map((failure) => failure.message),
      [
        'image efficiency is too low (efficiency=0.00 < threshold=0.9)',
        'too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=1.00 > threshold=0.1)',
      ],
    );
    assert.deepStrictEqual(
      checkImageRules(result, { lowestEfficiency: 'disabled', highestWastedBytes: 5_000_000, highestUserWastedPercent: 'disabled' }),
      [{ rule: 'highestWastedBytes', threshold: 5_000_000, actual: MB5, message: 'too many bytes wasted (wasted-bytes=5242880 > threshold=5000000)' }],
    );
    assert.deepStrictEqual(checkImageRules(result, { highestWastedBytes: MB5, lowestEfficiency: 0, highestUserWastedPercent: 1 }), []);
    assert.throws(() => checkImageRules(result, { lowestEfficiency: 1.5 }), RangeError);
  });

  it('a file overwritten in later layers: every copy is waste, an identical rewrite too', () => {
    const layers = image(
      [dir('etc'), file('etc/app.conf', 2000)],
      [dir('etc'), file('etc/app.conf', 3000)],
      [dir('etc'), file('etc/app.conf', 3000, 0o600)],
      [dir('etc'), file('etc/app.conf', 3000, 0o600)],
    );
    const result = imageEfficiency(layers);
    // etc/app.conf: 2000 + 3000 + 3000 + 3000 = 11000 cumulative, min 2000, 4 nodes.
    // efficiency = 2000 / 11000; wasted = 11000; user = 3000 * 3 = 9000; wasted/user = 11000 / 9000
    assert.strictEqual(result.efficiency, 2000 / 11000);
    assert.strictEqual(result.wastedBytes, 11000);
    assert.strictEqual(result.userSizeBytes, 9000);
    assert.strictEqual(result.wastedUserPercent, 11000 / 9000);
    assert.deepStrictEqual(result.inefficiencies, [
      { path: 'etc/app.conf', cumulativeSize: 11000, count: 4, addedIn: [0, 1, 2, 3], removedIn: [] },
    ]);

    const changes = layerChanges(layers);
    assert.deepStrictEqual(changes[1].modified, [
      { path: 'etc/app.conf', type: 'file', size: 3000, previousSize: 2000, changed: ['content'] },
    ]);
    assert.strictEqual(changes[1].modifiedBytes, 3000);
    assert.deepStrictEqual(changes[2].modified, [
      { path: 'etc/app.conf', type: 'file', size: 3000, previousSize: 3000, changed: ['mode'] },
    ]);
    // Same type, size, mode and owner: unmodified (dive would also compare a content hash).
    assert.deepStrictEqual(changes[3].modified, []);
    assert.deepStrictEqual(changes[3].added, []);
    for (const change of changes.slice(1)) assert.deepStrictEqual(change.removed, []);
  });

  it('an opaque directory hides the lower children in the tree, but dive ignores it', () => {
    const layers = image(
      [dir('app'), file('app/a.js', 100), file('app/b.js', 200), dir('app/lib'), file('app/lib/c.js', 300)],
      [dir('app'), opaque('app'), file('app/a.js', 150)],
    );
    const result = imageEfficiency(layers);
    // dive never adds the `.wh..wh..opq` marker, so b.js and lib/c.js are not removed for it.
    // Leaves: a.js 100, b.js 200, lib/c.js 300 (layer 0); a.js 150 (layer 1).
    // a.js: cumulative 250, min 100. efficiency = (100 + 200 + 300) / (250 + 200 + 300) = 600 / 750 = 0.8
    assert.strictEqual(result.efficiency, 600 / 750);
    assert.strictEqual(result.wastedBytes, 250);
    // user = 0 + 0 (marker) + 150; wasted/user = 250 / 150
    assert.strictEqual(result.userSizeBytes, 150);
    assert.strictEqual(result.wastedUserPercent, 250 / 150);
    assert.deepStrictEqual(result.inefficiencies, [{ path: 'app/a.js', cumulativeSize: 250, count: 2, addedIn: [0, 1], removedIn: [] }]);

    const changes = layerChanges(layers);
    assert.deepStrictEqual(changes[1].added, []);
    assert.deepStrictEqual(changes[1].modified, [
      { path: 'app/a.js', type: 'file', size: 150, previousSize: 100, changed: ['content'] },
    ]);
    assert.deepStrictEqual(changes[1].removed, [
      { path: 'app/b.js', type: 'file', size: 200, files: 1, reason: 'opaque' },
      { path: 'app/lib', type: 'dir', size: 300, files: 1, reason: 'opaque' },
    ]);
    assert.strictEqual(changes[1].removedBytes, 500);
    assert.deepStrictEqual(treePaths(stackedTree(layers, 1)), ['app', 'app/a.js']);
  });

  it('an opaque subdirectory re-created by the layer hides what was under it below', () => {
    const layers = image(
      [dir('app'), dir('app/lib'), file('app/lib/old.js', 40), file('app/lib/keep.js', 7)],
      [opaque('app'), file('app/lib/keep.js', 7), file('app/lib/new.js', 9)],
    );
    const changes = layerChanges(layers);
    // "app" and "app/lib" are only implied in layer 1: present below, so neither added nor modified.
    assert.deepStrictEqual(changes[1].added, [{ path: 'app/lib/new.js', type: 'file', size: 9 }]);
    assert.deepStrictEqual(changes[1].modified, []);
    assert.deepStrictEqual(changes[1].removed, [{ path: 'app/lib/old.js', type: 'file', size: 40, files: 1, reason: 'opaque' }]);
    assert.deepStrictEqual(treePaths(stackedTree(layers, 1)), ['app', 'app/lib', 'app/lib/keep.js', 'app/lib/new.js']);
  });

  it('a directory removed by a whiteout: its recursive size, but only while dive flags it a directory', () => {
    const explicit = image(
      [dir('srv'), dir('srv/data'), file('srv/data/one.bin', 1000), file('srv/data/two.bin', 2000), dir('srv/data/sub'), file('srv/data/sub/three.bin', 4000), file('srv/new.txt', 500)],
      [dir('srv'), whiteout('srv/data'), file('srv/new.txt', 1000)],
    );
    const result = imageEfficiency(explicit);
    // srv/.wh.data removes a directory: 0 (data) + 1000 + 2000 + 0 (sub) + 4000 = 7000, one node
    // at path srv/data (its files keep one node each: a removed directory's files are not waste).
    // srv/new.txt: 500 + 1000 = 1500 cumulative, min 500 -> inefficient.
    // efficiency = (1000 + 2000 + 4000 + 7000 + 500) / (1000 + 2000 + 4000 + 7000 + 1500) = 14500 / 15500
    assert.strictEqual(result.efficiency, 14500 / 15500);
    assert.strictEqual(result.wastedBytes, 1500);
    // user = 0 + 0 + 1000; wasted/user = 1.5
    assert.strictEqual(result.userSizeBytes, 1000);
    assert.strictEqual(result.wastedUserPercent, 1.5);
    assert.deepStrictEqual(result.inefficiencies, [{ path: 'srv/new.txt', cumulativeSize: 1500, count: 2, addedIn: [0, 1], removedIn: [] }]);

    // The same files without entries for srv/data and srv/data/sub: dive's tree gives an implied
    // directory an empty FileInfo (not a directory), so the whiteout counts 0 bytes:
    // efficiency = (7000 + 0 + 500) / (7000 + 0 + 1500) = 7500 / 8500
    const implied = image(
      [dir('srv'), file('srv/data/one.bin', 1000), file('srv/data/two.bin', 2000), file('srv/data/sub/three.bin', 4000), file('srv/new.txt', 500)],
      [dir('srv'), whiteout('srv/data'), file('srv/new.txt', 1000)],
    );
    assert.strictEqual(imageEfficiency(implied).efficiency, 7500 / 8500);
    assert.strictEqual(imageEfficiency(implied).wastedBytes, 1500);

    for (const layers of [explicit, implied]) {
      const changes = layerChanges(layers);
      assert.deepStrictEqual(changes[1].removed, [{ path: 'srv/data', type: 'dir', size: 7000, files: 3, reason: 'whiteout' }]);
      assert.deepStrictEqual(changes[1].modified, [
        { path: 'srv/new.txt', type: 'file', size: 1000, previousSize: 500, changed: ['content'] },
      ]);
      assert.deepStrictEqual(treePaths(stackedTree(layers, 1)), ['srv', 'srv/new.txt']);
    }
  });

  it('60 small layers', () => {
    const entries: LayerEntry[][] = [[dir('bin'), file('bin/sh', 10000)]];
    for (let index = 1; index < 60; index++) {
      entries.push([dir('data'), file(`data/file-${index}.txt`, 100), file('data/counter', index)]);
    }
    const layers = image(...entries);
    const result = imageEfficiency(layers);
    // data/counter in layers 1..59 with sizes 1..59: cumulative 59 * 60 / 2 = 1770, min 1.
    // Each data/file-i.txt once (59 * 100 = 5900), bin/sh 10000.
    // efficiency = (10000 + 5900 + 1) / (10000 + 5900 + 1770) = 15901 / 17670
    assert.strictEqual(result.efficiency, 15901 / 17670);
    assert.strictEqual(result.wastedBytes, 1770);
    // user = 59 * 100 + 1770 = 7670
    assert.strictEqual(result.userSizeBytes, 7670);
    assert.strictEqual(result.wastedUserPercent, 1770 / 7670);
    assert.strictEqual(result.inefficiencies.length, 1);
    assert.strictEqual(result.inefficiencies[0].count, 59);
    assert.deepStrictEqual(result.inefficiencies[0].addedIn, Array.from({ length: 59 }, (_, index) => index + 1));

    const changes = layerChanges(layers);
    assert.strictEqual(changes.length, 60);
    assert.deepStrictEqual(paths(changes[1].added), ['data', 'data/counter', 'data/file-1.txt']);
    for (let index = 2; index < 60; index++) {
      assert.deepStrictEqual(paths(changes[index].added), [`data/file-${index}.txt`]);
      assert.deepStrictEqual(changes[index].modified, [
        { path: 'data/counter', type: 'file', size: index, previousSize: index - 1, changed: ['content'] },
      ]);
    }
    assert.strictEqual(treePaths(stackedTree(layers, 59)).length, 2 + 1 + 59 + 1);
  });

  it('an image with no waste scores 1', () => {
    const layers = image([dir('bin'), file('bin/sh', 10000)], [dir('app'), file('app/main', 2000)], [dir('app'), file('app/config', 300)]);
    const result = imageEfficiency(layers);
    // every path once: min = cumulative, efficiency = 12300 / 12300 = 1; user = 2300, wasted 0
    assert.strictEqual(result.efficiency, 1);
    assert.strictEqual(result.wastedBytes, 0);
    assert.strictEqual(result.userSizeBytes, 2300);
    assert.strictEqual(result.wastedUserPercent, 0);
    assert.deepStrictEqual(result.inefficiencies, []);
    assert.deepStrictEqual(checkImageRules(result), []);
    // no layers: nothing discovered, efficiency 1; dive's 0 / 0 user percent is NaN, which passes.
    const empty = imageEfficiency([]);
    assert.strictEqual(empty.efficiency, 1);
    assert.ok(Number.isNaN(empty.wastedUserPercent));
    assert.deepStrictEqual(checkImageRules(empty), []);
  });

  it('a whiteout with nothing below ends dive\'s walk of that layer (its quirk, matched)', () => {
    const layers = image([file('a', 100)], [whiteout('ghost'), file('z.txt', 50)]);
    const result = imageEfficiency(layers);
    // ".wh.ghost" sorts before "z.txt": the walk stops there, z.txt is never counted, and path
    // "ghost" stays with minDiscoveredSize -1: efficiency = (100 - 1) / 100 = 0.99
    assert.strictEqual(result.efficiency, 0.99);
    assert.strictEqual(result.wastedBytes, 0);
    assert.strictEqual(result.userSizeBytes, 50);
    assert.strictEqual(result.warnings.length, 1);
    const changes = layerChanges(layers);
    assert.deepStrictEqual(changes[1].unmatchedWhiteouts, ['ghost']);
    assert.deepStrictEqual(paths(changes[1].added), ['z.txt']);
  });
});

describe('layerTree helpers', () => {
  it('orders names as Go sorts their UTF-8 bytes (dive walks trees in that order)', () => {
    const names = ['z', '\u{1F600}', '\uFF21', '.wh.a', 'A', 'a'];
    assert.deepStrictEqual(names.sort(compareNames), ['.wh.a', 'A', 'a', 'z', '\uFF21', '\u{1F600}']);
  });

  it('does not call a symlink modified for its target alone, as dive does not', () => {
    const link = (target: string): LayerEntry => ({ path: 'bin/sh', type: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: target });
    const changes = layerChanges(image([link('bash')], [link('dash')], [{ ...link('dash'), uid: 1000 }]));
    assert.deepStrictEqual(changes[1].modified, []);
    assert.deepStrictEqual(changes[2].modified, [{ path: 'bin/sh', type: 'symlink', size: 0, previousSize: 0, changed: ['owner'] }]);
  });
});
