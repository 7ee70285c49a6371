// The image analyses kept on disk: what is put comes back whole, the least recently used go past
// the cap, a damaged or foreign file is dropped rather than believed, and an image ID (engine data)
// never decides where a file goes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ImageAnalysisCache } from '../../src/catalog/imageAnalysisCache';
import type { ImageContents } from '../../src/shared/imageAnalysis';

function contents(imageId: string, files: number, fileBytes = 100): ImageContents {
  return {
    imageId,
    readAt: '2026-12-05T12:00:00.000Z',
    layers: [
      {
        id: `sha256:${'a'.repeat(64)}`,
        archiveSize: 10_240,
        entries: Array.from({ length: files }, (_, index) => ({ path: `data/file-${index}`, type: 'file' as const, size: fileBytes, mode: 0o644, uid: 0, gid: 0, contentHash: `h${index}` })),
      },
      { id: `sha256:${'b'.repeat(64)}`, archiveSize: 1_024, entries: [{ path: 'data/file-0', type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, whiteout: true }] },
    ],
    history: [
      { createdBy: 'ADD rootfs /', emptyLayer: false },
      { createdBy: 'CMD ["sh"]', emptyLayer: true },
      { createdBy: 'RUN rm /data/file-0', emptyLayer: false },
    ],
  };
}

describe('image analysis cache', () => {
  let dir: string;
  let warnings: string[];
  let capBytes: number;
  let cache: ImageAnalysisCache;

  beforeEach(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ws-image-cache-')), 'image-analyses');
    warnings = [];
    capBytes = 1024 * 1024;
    cache = new ImageAnalysisCache({ dir, capBytes: () => capBytes, warn: (message) => warnings.push(message) });
  });

  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('gives back exactly what was put, under the image ID, and nothing for another ID', async () => {
    const stored = contents('sha256:1111', 3);
    assert.strictEqual(await cache.put(stored), true);
    assert.deepStrictEqual(await cache.get('sha256:1111'), stored);
    assert.strictEqual(await cache.get('sha256:2222'), undefined);
    const usage = await cache.usage();
    assert.strictEqual(usage.files, 1);
    assert.strictEqual(usage.bytes, Buffer.byteLength(JSON.stringify(stored)));
  });

  it('names its files by a hash of the ID, so an ID full of ../ stays inside its directory', async () => {
    const hostile = '../../../../tmp/escape\0/x';
    await cache.put(contents(hostile, 1));
    const names = fs.readdirSync(dir);
    assert.strictEqual(names.length, 1);
    assert.match(names[0], /^[0-9a-f]{64}\.image\.json$/);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(dir)), ['image-analyses'], 'nothing was written beside the directory');
    assert.strictEqual((await cache.get(hostile))?.imageId, hostile);
  });

  it('evicts the least recently used past the cap, never the one just written', async () => {
    const one = contents('sha256:one', 40);
    const size = Buffer.byteLength(JSON.stringify(one));
    capBytes = size * 2 + 10; // room for two
    await cache.put(one);
    await cache.put(contents('sha256:two', 40));
    // Reading one makes it the most recently used: two goes when a third comes.
    const past = new Date(Date.now() - 60_000);
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), past, past);
    assert.ok(await cache.get('sha256:one'));
    await cache.put(contents('sha256:three', 40));
    assert.ok(await cache.get('sha256:one'), 'the one read last stays');
    assert.strictEqual(await cache.get('sha256:two'), undefined, 'the least recently used went');
    assert.ok(await cache.get('sha256:three'), 'the one just written stays');
    assert.ok((await cache.usage()).bytes <= capBytes);
  });

  it('keeps nothing larger than the whole cap, and says so', async () => {
    capBytes = 500;
    assert.strictEqual(await cache.put(contents('sha256:big', 50)), false);
    assert.strictEqual(await cache.get('sha256:big'), undefined);
    assert.match(warnings.join('\n'), /sha256:big takes \d+ bytes, more than the cache may hold/);
    capBytes = 0;
    assert.strictEqual(await cache.put(contents('sha256:small', 1)), false, 'a cap of 0 keeps none');
  });

  it('drops a damaged file, one that holds another image, and one whose entries are not entries', async () => {
    await cache.put(contents('sha256:damaged', 2));
    const [file] = fs.readdirSync(dir).map((name) => path.join(dir, name));
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 100));
    assert.strictEqual(await cache.get('sha256:damaged'), undefined);
    assert.strictEqual(fs.existsSync(file), false, 'the damaged file is removed');

    await cache.put(contents('sha256:mine', 2));
    const [mine] = fs.readdirSync(dir).map((name) => path.join(dir, name));
    fs.writeFileSync(mine, JSON.stringify(contents('sha256:someone-else', 2)));
    assert.strictEqual(await cache.get('sha256:mine'), undefined, 'a file holding another ID is not believed');

    const odd = contents('sha256:odd', 1) as unknown as { layers: { entries: Record<string, unknown>[] }[] };
    odd.layers[0].entries[0].size = -5;
    await cache.put(odd as unknown as ImageContents);
    assert.strictEqual(await cache.get('sha256:odd'), undefined, 'a negative size is not a size');
    assert.strictEqual(warnings.length, 3, warnings.join('\n'));
    assert.deepStrictEqual(fs.readdirSync(dir), [], 'every bad file was dropped');
  });

  it('clears every file it keeps, and nothing else in its directory', async () => {
    await cache.put(contents('sha256:a', 1));
    await cache.put(contents('sha256:b', 1));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not the cache’s');
    await cache.clear();
    assert.deepStrictEqual(fs.readdirSync(dir), ['notes.txt']);
    assert.deepStrictEqual(await cache.usage(), { files: 0, bytes: 0 });
  });
});
