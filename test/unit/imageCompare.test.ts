// Two images compared from hand-made layers (plain data through analyseContents, as the host gets
// them): the shared base by diff ID, where they part, the files their final filesystems differ
// in, the cap on rows, and the guard the webview puts the model through.
import * as assert from 'assert';
import { type ImageAnalysis, analyseContents } from '../../src/shared/imageAnalysis';
import { type FileDifference, type FileSide, type ImageCompareModel, MAX_IMAGE_COMPARE_ROWS, compareImages } from '../../src/shared/imageCompare';
import { isImageCompareModel, isImageCompareToWebview } from '../../src/shared/imageCompareProtocol';
import type { ImageLayerContents, LayerEntry } from '../../src/shared/imageContents';
import { isHostToWebview } from '../../src/shared/protocol';

function file(path: string, size: number, extra: Partial<LayerEntry> & { contentHash?: string } = {}): LayerEntry {
  return { path, type: 'file', size, mode: 0o644, uid: 0, gid: 0, ...extra };
}
function dir(path: string, mode = 0o755): LayerEntry {
  return { path, type: 'dir', size: 0, mode, uid: 0, gid: 0 };
}
function symlink(path: string, target: string): LayerEntry {
  return { path, type: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: target };
}
function whiteout(path: string): LayerEntry {
  return { path, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, whiteout: true };
}
function layer(id: string, entries: LayerEntry[]): ImageLayerContents {
  return { id, archiveSize: 1000, entries };
}

/** An image of `layers` whose history gives each layer the command "RUN <its id>". */
function image(name: string, imageId: string, layers: ImageLayerContents[]): ImageAnalysis & { name: string } {
  const history = layers.map((item) => ({ createdBy: `RUN ${item.id}`, emptyLayer: false }));
  return { ...analyseContents({ imageId, readAt: '2026-12-05T10:00:00.000Z', layers, history }), name };
}

// The three base layers both images below stand on.
const base = (): ImageLayerContents[] => [
  layer('sha256:base0', [dir('etc'), file('etc/os-release', 100), dir('bin'), file('bin/sh', 5000)]),
  layer('sha256:base1', [dir('usr'), dir('usr/lib'), file('usr/lib/libc.so', 20000)]),
  layer('sha256:base2', [dir('app'), file('app/README', 10)]),
];

describe('compareImages', () => {
  it('two images on three shared base layers that then part', () => {
    const a = image('web', 'sha256:aaa', [
      ...base(),
      layer('sha256:a3', [dir('app'), file('app/server.js', 300), file('app/README', 10)]),
      layer('sha256:a4', [dir('app'), whiteout('app/README'), dir('app/static'), file('app/static/index.html', 40), file('app/static/logo.png', 60)]),
    ]);
    const b = image('worker', 'sha256:bbb', [...base(), layer('sha256:b3', [dir('app'), file('app/worker.py', 700), file('app/README', 12)])]);
    const model = compareImages(a, b);

    assert.strictEqual(model.relation, 'parted');
    assert.deepStrictEqual(model.base, {
      layers: [
        { id: 'sha256:base0', command: 'RUN sha256:base0', sizeBytes: 5100 },
        { id: 'sha256:base1', command: 'RUN sha256:base1', sizeBytes: 20000 },
        { id: 'sha256:base2', command: 'RUN sha256:base2', sizeBytes: 10 },
      ],
      sizeBytes: 25110,
    });
    assert.strictEqual(model.partAt, 3);
    // a3 adds server.js and puts README again (same size, mode, owner: not modified); a4 removes
    // README and adds static/ with its two files.
    assert.deepStrictEqual(model.parted[0], [
      { index: 3, id: 'sha256:a3', command: 'RUN sha256:a3', sizeBytes: 310, added: 1, modified: 0, removed: 0 },
      { index: 4, id: 'sha256:a4', command: 'RUN sha256:a4', sizeBytes: 100, added: 3, modified: 0, removed: 1 },
    ]);
    assert.deepStrictEqual(model.parted[1], [{ index: 3, id: 'sha256:b3', command: 'RUN sha256:b3', sizeBytes: 712, added: 1, modified: 1, removed: 0 }]);

    assert.deepStrictEqual(
      model.files.rows.map((row) => [row.path, row.kind]),
      [
        ['app/README', 'only-b'],
        ['app/server.js', 'only-a'],
        ['app/static', 'only-a'],
        ['app/worker.py', 'only-b'],
      ],
      'the directory only in A is one row, its files are not listed',
    );
    assert.deepStrictEqual(model.files.rows[2].a, { type: 'dir', size: 100, files: 2, mode: 0o755, uid: 0, gid: 0 });
    assert.deepStrictEqual(model.files.totals, {
      onlyA: { paths: 2, files: 3, bytes: 400 },
      onlyB: { paths: 2, files: 2, bytes: 712 },
      changed: { paths: 0, bytesA: 0, bytesB: 0 },
    });
    assert.strictEqual(model.files.omitted, 0);

    assert.deepStrictEqual(model.images[0], {
      name: 'web',
      imageId: 'sha256:aaa',
      readAt: '2026-12-05T10:00:00.000Z',
      layers: 5,
      sizeBytes: 25110 + 310 + 100,
      archiveBytes: 5000,
      efficiency: a.efficiency.efficiency,
      wastedBytes: a.efficiency.wastedBytes,
      unreadableLayers: 0,
    });
    assert.ok(model.images[0].wastedBytes > 0, 'README put twice and removed: dive counts it as waste');
    assert.strictEqual(model.images[1].name, 'worker');
    assert.ok(isImageCompareModel(JSON.parse(JSON.stringify(model))));
  });

  it('the same image: said so, everything shared, no file differs', () => {
    const model = compareImages(image('web', 'sha256:same', base()), image('web:latest', 'sha256:same', base()));
    assert.strictEqual(model.relation, 'identical');
    assert.strictEqual(model.partAt, null);
    assert.strictEqual(model.base.layers.length, 3);
    assert.deepStrictEqual(model.parted, [[], []]);
    assert.deepStrictEqual(model.files.rows, []);
    assert.ok(isImageCompareModel(model));
  });

  it('the same layers under another ID, and one image built on the other', () => {
    assert.strictEqual(compareImages(image('a', 'sha256:1', base()), image('b', 'sha256:2', base())).relation, 'same-layers');
    const derived = image('b', 'sha256:2', [...base(), layer('sha256:top', [file('extra', 5)])]);
    const under = compareImages(image('a', 'sha256:1', base()), derived);
    assert.strictEqual(under.relation, 'a-under-b');
    assert.strictEqual(under.partAt, 3);
    assert.deepStrictEqual(under.parted[0], []);
    assert.deepStrictEqual(under.parted[1].map((item) => item.id), ['sha256:top']);
    assert.strictEqual(compareImages(derived, image('a', 'sha256:1', base())).relation, 'b-under-a');
  });

  it('no shared layer: said so, both whole stacks parted at 0', () => {
    const a = image('alpine', 'sha256:a', [layer('sha256:x', [dir('etc'), file('etc/alpine-release', 7)])]);
    const b = image('debian', 'sha256:b', [layer('sha256:y', [dir('etc'), file('etc/debian_version', 5)])]);
    const model = compareImages(a, b);
    assert.strictEqual(model.relation, 'unrelated');
    assert.deepStrictEqual(model.base, { layers: [], sizeBytes: 0 });
    assert.strictEqual(model.partAt, 0);
    assert.deepStrictEqual([model.parted[0].length, model.parted[1].length], [1, 1]);
    assert.deepStrictEqual(
      model.files.rows.map((row) => [row.path, row.kind]),
      [
        ['etc/alpine-release', 'only-a'],
        ['etc/debian_version', 'only-b'],
      ],
    );
  });

  it('a file changed only in mode', () => {
    const a = image('a', 'sha256:a', [...base(), layer('sha256:a3', [file('app/run.sh', 50)])]);
    const b = image('b', 'sha256:b', [...base(), layer('sha256:b3', [file('app/run.sh', 50, { mode: 0o755 })])]);
    const rows = compareImages(a, b).files.rows;
    assert.deepStrictEqual(rows, [
      {
        path: 'app/run.sh',
        kind: 'changed',
        a: { type: 'file', size: 50, mode: 0o644, uid: 0, gid: 0 },
        b: { type: 'file', size: 50, mode: 0o755, uid: 0, gid: 0 },
        changed: ['mode'],
      },
    ]);
  });

  it('a symlink retargeted, an owner changed, contents by hash only where both sides have one', () => {
    const a = image('a', 'sha256:a', [
      layer('sha256:a0', [
        symlink('lib/current', 'v1'),
        file('data', 10, { uid: 0, gid: 0 }),
        file('same-size', 8, { contentHash: 'sha256:one' }),
        file('half-hashed', 8, { contentHash: 'sha256:one' }),
      ]),
    ]);
    const b = image('b', 'sha256:b', [
      layer('sha256:b0', [
        symlink('lib/current', 'v2'),
        file('data', 10, { uid: 1000, gid: 1000 }),
        file('same-size', 8, { contentHash: 'sha256:two' }),
        file('half-hashed', 8),
      ]),
    ]);
    const rows = compareImages(a, b).files.rows;
    assert.deepStrictEqual(
      rows.map((row) => [row.path, row.changed]),
      [
        ['data', ['owner']],
        ['lib/current', ['target']],
        ['same-size', ['content']],
      ],
    );
    const link = rows[1];
    assert.deepStrictEqual([link.a?.linkTarget, link.b?.linkTarget], ['v1', 'v2']);
  });

  it('a directory one image removed is one row with its files and bytes; a directory replaced by a file is counted whole', () => {
    const cache = layer('sha256:cache', [dir('var'), dir('var/cache'), file('var/cache/a', 100), file('var/cache/b', 200), dir('var/cache/sub'), file('var/cache/sub/c', 300), dir('opt'), dir('opt/tool'), file('opt/tool/bin', 9)]);
    const a = image('a', 'sha256:a', [cache]);
    const b = image('b', 'sha256:b', [cache, layer('sha256:clean', [dir('var'), whiteout('var/cache'), whiteout('opt/tool'), file('opt/tool', 4)])]);
    const model = compareImages(a, b);
    assert.strictEqual(model.relation, 'a-under-b');
    assert.deepStrictEqual(model.files.rows, [
      {
        path: 'opt/tool',
        kind: 'changed',
        a: { type: 'dir', size: 9, files: 1, mode: 0o755, uid: 0, gid: 0 },
        b: { type: 'file', size: 4, mode: 0o644, uid: 0, gid: 0 },
        changed: ['type', 'size', 'mode'],
      },
      { path: 'var/cache', kind: 'only-a', a: { type: 'dir', size: 600, files: 3, mode: 0o755, uid: 0, gid: 0 } },
    ]);
    assert.deepStrictEqual(model.files.totals.onlyA, { paths: 1, files: 3, bytes: 600 });
    assert.deepStrictEqual(model.parted[1], [{ index: 1, id: 'sha256:clean', command: 'RUN sha256:clean', sizeBytes: 4, added: 1, modified: 0, removed: 2 }]);
  });

  it('caps the rows and says how many were left out; the totals count them all', () => {
    const many = Array.from({ length: MAX_IMAGE_COMPARE_ROWS + 3 }, (_, index) => file(`f/${String(index).padStart(5, '0')}`, 2));
    const a = image('a', 'sha256:a', [layer('sha256:root', [dir('f')])]);
    const b = image('b', 'sha256:b', [layer('sha256:root', [dir('f')]), layer('sha256:many', many)]);
    const files = compareImages(a, b).files;
    assert.strictEqual(files.rows.length, MAX_IMAGE_COMPARE_ROWS);
    assert.strictEqual(files.omitted, 3);
    assert.deepStrictEqual(files.totals.onlyB, { paths: MAX_IMAGE_COMPARE_ROWS + 3, files: MAX_IMAGE_COMPARE_ROWS + 3, bytes: 2 * (MAX_IMAGE_COMPARE_ROWS + 3) });
    assert.strictEqual(files.rows[0].path, 'f/00000');
    assert.strictEqual(files.rows.at(-1)?.path, `f/${String(MAX_IMAGE_COMPARE_ROWS - 1).padStart(5, '0')}`);
  });
});

describe('isImageCompareModel', () => {
  const model = (): unknown =>
    JSON.parse(
      JSON.stringify(
        compareImages(
          image('a', 'sha256:a', [...base(), layer('sha256:a3', [file('app/run.sh', 50), symlink('app/link', 'x')])]),
          image('b', 'sha256:b', [...base(), layer('sha256:b3', [file('app/run.sh', 50, { mode: 0o755 }), file('app/other', 1)])]),
        ),
      ),
    );

  it('takes the model as postMessage delivers it, in its message', () => {
    const message = { type: 'imageCompare', model: model() };
    assert.ok(isImageCompareToWebview(message));
    assert.ok(isHostToWebview(message), 'part of the protocol the webview reads');
  });

  // Wrong values go in through Reflect: the model's types would not let them.
  const set = (target: object, key: string, value: unknown): boolean => Reflect.set(target, key, value);
  const drop = (target: object, key: string): boolean => Reflect.deleteProperty(target, key);
  const rowOf = (value: ImageCompareModel, kind: string): FileDifference => value.files.rows.find((row) => row.kind === kind) as FileDifference;
  const tamper: [string, (value: ImageCompareModel) => void][] = [
    ['one image only', (value) => value.images.pop()],
    ['a summary without its size', (value) => drop(value.images[0], 'sizeBytes')],
    ['a name that is not text', (value) => set(value.images[1], 'name', { html: '<b>' })],
    ['an unknown relation', (value) => set(value, 'relation', 'cousins')],
    ['a shared layer without its command', (value) => drop(value.base.layers[0], 'command')],
    ['a negative part index', (value) => (value.partAt = -1)],
    ['a parted layer with a fractional count', (value) => (value.parted[0][0].added = 1.5)],
    ['a row of an unknown kind', (value) => set(value.files.rows[0], 'kind', 'both')],
    ['an only-in-A row with a B side', (value) => (rowOf(value, 'only-a').b = { type: 'file', size: 1 })],
    ['a changed row that says nothing changed', (value) => (rowOf(value, 'changed').changed = [])],
    ['an unknown attribute', (value) => set(rowOf(value, 'changed'), 'changed', ['colour'])],
    ['an unknown entry type', (value) => set(rowOf(value, 'only-a').a as FileSide, 'type', 'socket')],
    ['a link target that is not text', (value) => set(value.files.rows.find((row) => row.path === 'app/link')?.a as FileSide, 'linkTarget', 7)],
    ['totals without the changed bytes', (value) => drop(value.files.totals.changed, 'bytesB')],
    ['more rows than the cap', (value) => (value.files.rows = Array.from({ length: MAX_IMAGE_COMPARE_ROWS + 1 }, () => value.files.rows[0]))],
  ];
  for (const [what, change] of tamper) {
    it(`drops a model with ${what}`, () => {
      const value = model() as ImageCompareModel;
      assert.ok(isImageCompareModel(value), 'the untouched model passes');
      change(value);
      assert.ok(!isImageCompareModel(value));
      assert.ok(!isHostToWebview({ type: 'imageCompare', model: value }));
    });
  }
});
