// The streaming image archive reader (issue 15): real tars written by GNU tar (gnu, pax, ustar),
// gzip layers and zstd layers written by the zstd tool, Docker and OCI image layouts, checked entry
// by entry with each file's content hash; hostile archives, each a clear ImageArchiveError in
// bounded time; and 20 MB layers read with the heap kept flat.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { gzipSync } from 'zlib';
import type { LayerEntry } from '../../src/shared/imageContents';
import { imageEfficiency } from '../../src/shared/imageEfficiency';
import { layerChanges } from '../../src/shared/layerTree';
import { readImageArchive } from '../../src/providers/docker/imageArchive/imageArchive';
import { ImageArchiveError, type ImageArchiveErrorCode } from '../../src/providers/docker/imageArchive/imageArchiveError';
import { readLayerEntries } from '../../src/providers/docker/imageArchive/layerEntries';
import { readTar } from '../../src/providers/docker/imageArchive/tarStream';
import { fzstdChunks, nativeZstd, unzstdChunks } from '../../src/providers/docker/imageArchive/zstdStream';
import { chunked, craftHeader, craftTar, craftZstdFrame, paxRecord, zstdStored } from './tarBytes';

const LONG_DIR = `usr/share/${'deep-directory-name/'.repeat(6)}end`;
const LONG_TARGET = `/opt/${'a-very-long-symlink-target-segment/'.repeat(4)}target`;

let work: string;

function write(root: string, relative: string, content: string | Buffer, mode: number): void {
  const full = path.join(root, relative);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  fs.chmodSync(full, mode);
}

function dir(root: string, relative: string, mode: number): void {
  fs.mkdirSync(path.join(root, relative), { recursive: true });
  fs.chmodSync(path.join(root, relative), mode);
}

/** GNU tar over a directory, sorted, with fixed owners; returns the archive's bytes. */
function tarDir(root: string, format: 'gnu' | 'pax' | 'ustar', owner: number, group: number, members = ['.']): Buffer {
  const out = `${root}.${format}.tar`;
  execFileSync('tar', [`--format=${format}`, '--sort=name', `--owner=${owner}`, `--group=${group}`, '--numeric-owner', '--mtime=@0', '-cf', out, '-C', root, ...members]);
  return fs.readFileSync(out);
}

/** What GNU tar itself lists, in archive order, normalised as the reader does. */
function listedByTar(archive: Buffer): string[] {
  const file = path.join(work, `list-${createHash('sha256').update(archive).digest('hex').slice(0, 12)}.tar`);
  fs.writeFileSync(file, archive);
  return execFileSync('tar', ['-tf', file], { encoding: 'utf8' })
    .split('\n')
    .map((name) => name.replace(/^\.\//, '').replace(/\/$/, ''))
    .filter((name) => name !== '' && name !== '.');
}

/** The reader's content hash, from the bytes the test wrote (SHA-1, base64). */
const hashOf = (content: string | Buffer) => createHash('sha1').update(content).digest('base64');

/** The real zstd tool over `bytes` (the Debian package zstd; the unit stage installs it). */
function zstdTool(bytes: Buffer, ...args: string[]): Buffer {
  return execFileSync('zstd', ['-q', '-c', ...args], { input: bytes, maxBuffer: 256 * 1024 * 1024 });
}

const sorted = (entries: LayerEntry[]) => [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

async function rejects(promise: Promise<unknown>, code: ImageArchiveErrorCode, pattern: RegExp, boundMs = 2_000): Promise<ImageArchiveError> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${boundMs} ms`)), boundMs);
  });
  try {
    await Promise.race([promise, bound]);
  } catch (error) {
    assert.ok(error instanceof ImageArchiveError, `not an ImageArchiveError: ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    assert.ok(Date.now() - started < boundMs);
    return error;
  } finally {
    clearTimeout(timer);
  }
  assert.fail('resolved instead of failing');
}

// Layer 1 (GNU format): files, modes, a setuid binary, a hard link, symlinks (one a loop), a long
// path, and owners past the octal field (base-256 numbers).
const L1_OWNER = 3_000_000;
const L1_GROUP = 42;
const TOOL = 'x'.repeat(1000);
function buildLayer1(root: string): void {
  dir(root, 'etc', 0o755);
  write(root, 'etc/hosts', '127.0.0.1 localhost\n', 0o644);
  dir(root, 'bin', 0o755);
  write(root, 'bin/tool', TOOL, 0o4755);
  fs.linkSync(path.join(root, 'bin/tool'), path.join(root, 'bin/tool-link'));
  fs.symlinkSync('tool', path.join(root, 'bin/sh'));
  dir(root, 'loop', 0o700);
  fs.symlinkSync('b', path.join(root, 'loop/a'));
  fs.symlinkSync('a', path.join(root, 'loop/b'));
  fs.symlinkSync('../../../../etc/shadow', path.join(root, 'loop/escape'));
  dir(root, 'var/cache/apt', 0o755);
  write(root, 'var/cache/apt/pkgcache.bin', Buffer.alloc(3000, 1), 0o600);
  write(root, `${LONG_DIR}/file.txt`, 'deep\n', 0o640);
}
const dirEntry = (p: string, mode: number, uid: number, gid: number): LayerEntry => ({ path: p, type: 'dir', size: 0, mode, uid, gid });
function layer1Expected(): LayerEntry[] {
  const [uid, gid] = [L1_OWNER, L1_GROUP];
  const longDirs = LONG_DIR.split('/').map((_, index, all) => all.slice(0, index + 1).join('/'));
  return sorted([
    dirEntry('bin', 0o755, uid, gid),
    { path: 'bin/sh', type: 'symlink', size: 0, mode: 0o777, uid, gid, linkTarget: 'tool' },
    { path: 'bin/tool', type: 'file', size: 1000, mode: 0o4755, uid, gid, contentHash: hashOf(TOOL) },
    { path: 'bin/tool-link', type: 'hardlink', size: 0, mode: 0o4755, uid, gid, linkTarget: 'bin/tool' },
    dirEntry('etc', 0o755, uid, gid),
    { path: 'etc/hosts', type: 'file', size: 20, mode: 0o644, uid, gid, contentHash: hashOf('127.0.0.1 localhost\n') },
    dirEntry('loop', 0o700, uid, gid),
    { path: 'loop/a', type: 'symlink', size: 0, mode: 0o777, uid, gid, linkTarget: 'b' },
    { path: 'loop/b', type: 'symlink', size: 0, mode: 0o777, uid, gid, linkTarget: 'a' },
    { path: 'loop/escape', type: 'symlink', size: 0, mode: 0o777, uid, gid, linkTarget: '../../../../etc/shadow' },
    ...longDirs.map((p) => dirEntry(p, 0o755, uid, gid)),
    { path: `${LONG_DIR}/file.txt`, type: 'file', size: 5, mode: 0o640, uid, gid, contentHash: hashOf('deep\n') },
    dirEntry('var', 0o755, uid, gid),
    dirEntry('var/cache', 0o755, uid, gid),
    dirEntry('var/cache/apt', 0o755, uid, gid),
    { path: 'var/cache/apt/pkgcache.bin', type: 'file', size: 3000, mode: 0o600, uid, gid, contentHash: hashOf(Buffer.alloc(3000, 1)) },
  ]);
}

// Layer 2 (pax format, gzip): a whiteout, an opaque directory, a long symlink target, a new file,
// an owner past the octal field (a pax uid record).
const L2_OWNER = 2_500_000;
function buildLayer2(root: string): void {
  dir(root, 'etc', 0o755);
  write(root, 'etc/.wh.hosts', '', 0o644);
  write(root, 'etc/motd', 'hello\n', 0o644);
  dir(root, 'var/cache', 0o755);
  write(root, 'var/cache/.wh..wh..opq', '', 0o644);
  dir(root, 'opt', 0o755);
  fs.symlinkSync(LONG_TARGET, path.join(root, 'opt/link'));
}
function layer2Expected(): LayerEntry[] {
  const [uid, gid] = [L2_OWNER, 7];
  return sorted([
    dirEntry('etc', 0o755, uid, gid),
    { path: 'etc/hosts', type: 'file', size: 0, mode: 0o644, uid, gid, whiteout: true },
    { path: 'etc/motd', type: 'file', size: 6, mode: 0o644, uid, gid, contentHash: hashOf('hello\n') },
    dirEntry('opt', 0o755, uid, gid),
    { path: 'opt/link', type: 'symlink', size: 0, mode: 0o777, uid, gid, linkTarget: LONG_TARGET },
    dirEntry('var', 0o755, uid, gid),
    dirEntry('var/cache', 0o755, uid, gid),
    { path: 'var/cache', type: 'dir', size: 0, mode: 0o644, uid, gid, opaque: true },
  ]);
}

describe('image archive reader (issue 15): layers streamed from the engine', () => {
  let layer1: Buffer;
  let layer2Gzip: Buffer;
  let layer2Plain: Buffer;
  const config = (diffIds: string[]) => ({
    architecture: 'amd64',
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: [
      { created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
      { created_by: '/bin/sh -c #(nop)  ENV A=1', empty_layer: true },
      { created_by: 'RUN /bin/sh -c rm /etc/hosts # buildkit' },
      { created_by: 'COPY again' },
    ],
  });
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-image-archive-'));
    buildLayer1(path.join(work, 'l1'));
    buildLayer2(path.join(work, 'l2'));
    layer1 = tarDir(path.join(work, 'l1'), 'gnu', L1_OWNER, L1_GROUP);
    layer2Plain = tarDir(path.join(work, 'l2'), 'pax', L2_OWNER, 7);
    layer2Gzip = gzipSync(layer2Plain);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  describe('one layer', () => {
    it('GNU format: every entry exactly (paths, sizes, modes, owners, links), in archive order', async () => {
      const entries = await readLayerEntries(chunked(layer1));
      assert.deepEqual(entries.map((entry) => entry.path), listedByTar(layer1));
      assert.deepEqual(sorted(entries), layer1Expected());
    });

    it('pax format, gzip compressed: whiteouts, the opaque marker, a long link target, a pax uid', async () => {
      assert.ok(layer2Plain.includes(`path=opt/link`) || layer2Plain.includes('linkpath='), 'GNU tar wrote pax records');
      const entries = await readLayerEntries(chunked(layer2Gzip, [3, 100, 4096]));
      assert.deepEqual(sorted(entries), layer2Expected());
    });

    it('pax long names and a ustar prefix: the same paths GNU tar lists', async () => {
      const root = path.join(work, 'long');
      const longName = `${'n'.repeat(120)}/${'m'.repeat(90)}.txt`;
      write(root, longName, 'x', 0o644);
      for (const format of ['pax', 'ustar'] as const) {
        const archive = tarDir(root, format, 0, 0, [longName]);
        const entries = await readLayerEntries(chunked(archive));
        assert.deepEqual(entries.map((entry) => [entry.path, entry.size]), [[longName, 1]], format);
      }
    });

    it('readTar passes content through as it streams, in pieces, and skips what is not read', async () => {
      const seen: string[] = [];
      for await (const entry of readTar(chunked(layer1, [1, 511, 513]))) {
        if (entry.name === './etc/hosts') {
          const parts: Buffer[] = [];
          for await (const part of entry.content()) parts.push(part);
          seen.push(Buffer.concat(parts).toString());
        }
      }
      assert.deepEqual(seen, ['127.0.0.1 localhost\n']);
    });

    it('a pax global header applies to the entries after it, a local one only to the next', async () => {
      const globalPax = Buffer.from(paxRecord('uid', '77'));
      const localPax = Buffer.from(paxRecord('path', 'renamed/by-pax') + paxRecord('size', '3'));
      const archive = craftTar([
        { name: 'pax_global', type: 'g', data: globalPax },
        { name: 'a', data: Buffer.from('a') },
        { name: 'PaxHeaders/b', type: 'x', data: localPax },
        { name: 'b', data: Buffer.from('bbb'), claimedSize: 0 },
        { name: 'c', type: '5', mode: 0o40755 },
      ]);
      const entries = await readLayerEntries(chunked(archive));
      assert.deepEqual(entries, [
        { path: 'a', type: 'file', size: 1, mode: 0o644, uid: 77, gid: 0, contentHash: hashOf('a') },
        { path: 'renamed/by-pax', type: 'file', size: 3, mode: 0o644, uid: 77, gid: 0, contentHash: hashOf('bbb') },
        { path: 'c', type: 'dir', size: 0, mode: 0o755, uid: 77, gid: 0 },
      ]);
    });

    it('names are made relative: "./", leading "/", "." segments and double slashes go', async () => {
      const archive = craftTar([{ name: '/etc//./passwd', data: Buffer.from('x') }, { name: './', type: '5' }, { name: '././usr/bin/', type: '5' }]);
      assert.deepEqual((await readLayerEntries(chunked(archive))).map((entry) => entry.path), ['etc/passwd', 'usr/bin']);
    });
  });

  describe('image archives', () => {
    it('Docker layout, manifest last, a layer shared through a symlink: layers bottom first, history, diff IDs', async () => {
      const root = path.join(work, 'docker');
      write(root, 'aaa/layer.tar', layer1, 0o644);
      write(root, 'bbb/layer.tar', layer2Gzip, 0o644);
      fs.mkdirSync(path.join(root, 'ccc'));
      fs.symlinkSync('../aaa/layer.tar', path.join(root, 'ccc/layer.tar'));
      write(root, 'unrelated.bin', randomBytes(5000), 0o644);
      const diffIds = [`sha256:${sha(layer1)}`, `sha256:${sha(layer2Plain)}`, `sha256:${sha(layer1)}`];
      write(root, 'cfg.json', JSON.stringify(config(diffIds)), 0o644);
      write(root, 'repositories', JSON.stringify({ demo: { latest: 'cfg' } }), 0o644);
      write(root, 'manifest.json', JSON.stringify([{ Config: 'cfg.json', RepoTags: ['demo:latest'], Layers: ['aaa/layer.tar', 'bbb/layer.tar', 'ccc/layer.tar'] }]), 0o644);
      const archive = tarDir(root, 'ustar', 0, 0, ['aaa', 'bbb', 'ccc', 'unrelated.bin', 'cfg.json', 'repositories', 'manifest.json']);
      const progress: number[] = [];
      const image = await readImageArchive(chunked(archive, [65_536]), { onProgress: (bytes) => progress.push(bytes) });
      assert.deepEqual(image.layers.map((layer) => [layer.id, layer.archiveSize, layer.error]), [
        [diffIds[0], layer1.length, undefined],
        [diffIds[1], layer2Gzip.length, undefined],
        [diffIds[2], layer1.length, undefined],
      ]);
      assert.deepEqual(sorted(image.layers[0].entries), layer1Expected());
      assert.deepEqual(sorted(image.layers[1].entries), layer2Expected());
      assert.deepEqual(image.layers[2].entries, image.layers[0].entries);
      assert.deepEqual(image.history.map((step) => step.emptyLayer), [false, true, false, false]);
      assert.equal(image.history[2].createdBy, 'RUN /bin/sh -c rm /etc/hosts # buildkit');
      assert.equal(progress.at(-1), archive.length);
      assert.ok(progress.every((bytes, index) => index === 0 || bytes > progress[index - 1]));
    });

    it('OCI layout through a nested index: gzip and zstd layers (tar+zstd) from blobs; a cut-short zstd layer is its error, not fatal', async () => {
      const root = path.join(work, 'oci');
      const blob = (bytes: Buffer, mediaType: string) => {
        const hex = sha(bytes);
        write(root, `blobs/sha256/${hex}`, bytes, 0o644);
        return { mediaType, digest: `sha256:${hex}`, size: bytes.length };
      };
      const wholeZstd = zstdTool(layer1, '-19', '--check');
      const layers = [
        blob(gzipSync(layer1), 'application/vnd.oci.image.layer.v1.tar+gzip'),
        blob(zstdTool(layer2Plain), 'application/vnd.oci.image.layer.v1.tar+zstd'),
        blob(wholeZstd.subarray(0, wholeZstd.length >> 1), 'application/vnd.oci.image.layer.v1.tar+zstd'),
        blob(zstdTool(layer1, '--no-check', '-1'), 'application/vnd.oci.image.layer.v1.tar+zstd'),
      ];
      const diffIds = [`sha256:${sha(layer1)}`, `sha256:${sha(layer2Plain)}`, `sha256:${sha(layer1)}`, `sha256:${sha(layer1)}`];
      const configBlob = blob(Buffer.from(JSON.stringify(config(diffIds))), 'application/vnd.oci.image.config.v1+json');
      const manifest = blob(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: configBlob, layers })), 'application/vnd.oci.image.manifest.v1+json');
      const nested = blob(Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [manifest] })), 'application/vnd.oci.image.index.v1+json');
      write(root, 'index.json', JSON.stringify({ schemaVersion: 2, manifests: [nested] }), 0o644);
      write(root, 'oci-layout', '{"imageLayoutVersion": "1.0.0"}', 0o644);
      const archive = tarDir(root, 'pax', 0, 0, ['blobs', 'index.json', 'oci-layout']);
      const image = await readImageArchive(chunked(archive));
      assert.deepEqual(image.layers.map((layer) => [layer.id, layer.archiveSize]), diffIds.map((id, index) => [id, layers[index].size]));
      assert.deepEqual(sorted(image.layers[0].entries), layer1Expected());
      assert.deepEqual(sorted(image.layers[1].entries), layer2Expected());
      assert.deepEqual(image.layers[2].entries, []);
      assert.match(image.layers[2].error ?? '', /^layer blobs\/sha256\/[a-f0-9]{64}: the zstd data is corrupt \(.+\)\.$/);
      assert.deepEqual(sorted(image.layers[3].entries), layer1Expected());
      assert.deepEqual(image.layers.map((layer) => layer.error === undefined), [true, true, false, true]);
      assert.equal(image.history.length, 4);
    });

    it('Docker layout with zstd layers (frames one after another, skippable frames between and after): every entry exactly', async () => {
      const root = path.join(work, 'docker-zstd');
      const skippableFrame = Buffer.from([0x5e, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
      const multiFrame = Buffer.concat([zstdTool(layer1.subarray(0, 4096)), skippableFrame, zstdTool(layer1.subarray(4096), '--check')]);
      const skippable = Buffer.concat([zstdTool(layer2Plain, '-3'), skippableFrame]);
      write(root, 'blobs/sha256/aaa', multiFrame, 0o644);
      write(root, 'blobs/sha256/bbb', skippable, 0o644);
      write(root, 'cfg.json', JSON.stringify(config([])), 0o644);
      write(root, 'manifest.json', JSON.stringify([{ Config: 'cfg.json', Layers: ['blobs/sha256/aaa', 'blobs/sha256/bbb'] }]), 0o644);
      const archive = tarDir(root, 'gnu', 0, 0, ['blobs', 'cfg.json', 'manifest.json']);
      const image = await readImageArchive(chunked(archive, [1000, 3]));
      assert.deepEqual(image.layers.map((layer) => [layer.id, layer.archiveSize, layer.error]), [
        ['blobs/sha256/aaa', multiFrame.length, undefined],
        ['blobs/sha256/bbb', skippable.length, undefined],
      ]);
      assert.deepEqual(sorted(image.layers[0].entries), layer1Expected());
      assert.deepEqual(sorted(image.layers[1].entries), layer2Expected());
    });

    it('a same-size rewrite is modified with "content"; an identical rewrite is no change (as dive), its bytes still waste', async () => {
      const lower = path.join(work, 'rewrite-lower');
      const upper = path.join(work, 'rewrite-upper');
      write(lower, 'app/config', 'colour=red\n', 0o644);
      write(lower, 'app/same', 'unchanged bytes\n', 0o644);
      write(lower, 'app/mode', 'run me\n', 0o644);
      write(upper, 'app/config', 'colour=tan\n', 0o644);
      write(upper, 'app/same', 'unchanged bytes\n', 0o644);
      write(upper, 'app/mode', 'run me\n', 0o755);
      const members = ['app/config', 'app/same', 'app/mode'];
      const image = path.join(work, 'rewrite-image');
      write(image, 'l/layer.tar', zstdTool(tarDir(lower, 'pax', 0, 0, members)), 0o644);
      write(image, 'u/layer.tar', zstdTool(tarDir(upper, 'pax', 0, 0, members)), 0o644);
      write(image, 'c.json', JSON.stringify(config([])), 0o644);
      write(image, 'manifest.json', JSON.stringify([{ Config: 'c.json', Layers: ['l/layer.tar', 'u/layer.tar'] }]), 0o644);
      const { layers } = await readImageArchive(chunked(tarDir(image, 'ustar', 0, 0, ['l', 'u', 'c.json', 'manifest.json'])));
      const changes = layerChanges(layers)[1];
      // Same size, same mode and owner: only the hash tells the rewrite of app/config.
      assert.deepEqual(
        changes.modified.map((item) => [item.path, item.changed]),
        [['app/config', ['content']], ['app/mode', ['mode']]],
      );
      // The same bytes, mode and owner again change nothing in the filesystem: like dive's
      // FileInfo.Compare (which finds it unmodified), it is not listed as added or modified. What
      // it costs is not lost: dive's efficiency counts both copies as wasted, and so does ours.
      assert.deepEqual(changes.added, []);
      assert.equal(changes.modifiedBytes, 'colour=tan\n'.length + 'run me\n'.length);
      const waste = imageEfficiency(layers).inefficiencies.find((item) => item.path === 'app/same');
      assert.equal(waste?.cumulativeSize, 2 * 'unchanged bytes\n'.length);
      // And without hashes (an older reader's entries), the size alone cannot tell the rewrite.
      const unhashed = layers.map((layer) => ({ ...layer, entries: layer.entries.map(({ contentHash: _, ...entry }) => entry) }));
      assert.deepEqual(layerChanges(unhashed)[1].modified.map((item) => item.path), ['app/mode']);
    });

    it('a hostile layer is that layer\'s error; the others are still read', async () => {
      const evil = craftTar([{ name: 'ok', data: Buffer.from('1') }, { name: '../../etc/cron.d/evil', data: Buffer.from('* * * * * root sh') }]);
      const outer = craftTar([
        { name: 'good/layer.tar', data: layer1 },
        { name: 'evil/layer.tar', data: evil },
        { name: 'cfg.json', data: Buffer.from(JSON.stringify(config([]))) },
        { name: 'manifest.json', data: Buffer.from(JSON.stringify([{ Config: 'cfg.json', Layers: ['good/layer.tar', 'evil/layer.tar'] }])) },
      ]);
      const image = await readImageArchive(chunked(outer));
      assert.deepEqual(image.layers.map((layer) => layer.id), ['good/layer.tar', 'evil/layer.tar']);
      assert.equal(image.layers[0].entries.length, layer1Expected().length);
      assert.match(image.layers[1].error ?? '', /layer evil\/layer\.tar: the entry "\.\.\/\.\.\/etc\/cron\.d\/evil" climbs out/);
    });

    it('no manifest, or one naming a layer the archive lacks: a layout error', async () => {
      await rejects(readImageArchive(chunked(craftTar([{ name: 'x/layer.tar', data: layer1 }]))), 'layout', /neither manifest\.json nor index\.json/);
      const missing = craftTar([
        { name: 'cfg.json', data: Buffer.from('{}') },
        { name: 'manifest.json', data: Buffer.from(JSON.stringify([{ Config: 'cfg.json', Layers: ['gone/layer.tar'] }])) },
      ]);
      await rejects(readImageArchive(chunked(missing)), 'layout', /lists the layer gone\/layer\.tar/);
    });

    for (const compression of ['gzip', 'zstd'] as const) {
      it(`20 MB of content through a ${compression} layer, hashed: the heap stays flat (the reader streams)`, async function () {
        this.timeout(60_000);
        setFlagsFromString('--expose-gc');
        const gc = runInNewContext('gc') as () => void;
        const root = path.join(work, 'big');
        const content = randomBytes(20 * 1024 * 1024);
        const expectedHash = hashOf(content);
        write(root, 'big.bin', content, 0o644);
        const tar = tarDir(root, 'gnu', 0, 0, ['big.bin']);
        const layer = compression === 'gzip' ? gzipSync(tar, { level: 1 }) : zstdTool(tar, '-1');
        fs.rmSync(root, { recursive: true });
        const image = path.join(work, 'big-image');
        write(image, 'l/layer.tar', layer, 0o644);
        write(image, 'c.json', JSON.stringify(config([])), 0o644);
        write(image, 'manifest.json', JSON.stringify([{ Config: 'c.json', Layers: ['l/layer.tar'] }]), 0o644);
        const archivePath = path.join(work, 'big-image.tar');
        execFileSync('tar', ['-cf', archivePath, '-C', image, 'l', 'c.json', 'manifest.json']);
        fs.rmSync(image, { recursive: true });
        const live = () => {
          gc();
          const usage = process.memoryUsage();
          return usage.heapUsed + usage.arrayBuffers;
        };
        // Buffers freed by gc() are otherwise swept on another thread and counted a while longer: the
        // fzstd path makes many small ones, and the count then swings by megabytes between samples.
        setFlagsFromString('--no-concurrent-array-buffer-sweeping');
        const baseline = live();
        let peak = 0;
        let nextSample = 0;
        const result = await readImageArchive(fs.createReadStream(archivePath, { highWaterMark: 64 * 1024 }), {
          onProgress: (bytes) => {
            if (bytes < nextSample) return;
            nextSample = bytes + 1024 * 1024;
            peak = Math.max(peak, live() - baseline);
          },
        }).finally(() => setFlagsFromString('--concurrent-array-buffer-sweeping'));
        fs.rmSync(archivePath);
        assert.deepEqual(result.layers[0].entries.map((entry) => [entry.path, entry.size, entry.contentHash]), [['big.bin', 20 * 1024 * 1024, expectedHash]]);
        assert.ok(nextSample > 20 * 1024 * 1024, 'sampled along the whole read');
        assert.ok(peak < 6 * 1024 * 1024, `live memory grew by ${(peak / 1024 / 1024).toFixed(1)} MB while reading 20 MB`);
      });
    }
  });

  describe('zstd: node:zlib where Node has it, else fzstd, either one bounded', () => {
    const [major, minor] = process.versions.node.split('.').map(Number);
    const hasNative = major > 22 || (major === 22 && minor >= 15);

    it(`this Node (${process.versions.node}) decodes with ${hasNative ? 'node:zlib' : 'fzstd'}, and fzstd gives the zstd tool's bytes back exactly`, async () => {
      assert.equal(nativeZstd() !== undefined, hasNative);
      const original = Buffer.concat([randomBytes(300_000), Buffer.from('text compresses well\n'.repeat(40_000)), Buffer.alloc(200_000)]);
      for (const args of [['-1'], ['-19', '--check'], ['--ultra', '-22', '--long=27']]) {
        const compressed = zstdTool(original, ...args);
        const viaFzstd: Buffer[] = [];
        for await (const chunk of fzstdChunks(chunked(compressed, [5, 70_000, 1]), 'test')) viaFzstd.push(chunk);
        assert.ok(Buffer.concat(viaFzstd).equals(original), `fzstd, zstd ${args.join(' ')}`);
        const viaReader: Buffer[] = [];
        for await (const chunk of unzstdChunks(chunked(compressed), 'test')) viaReader.push(chunk);
        assert.ok(Buffer.concat(viaReader).equals(original), `the path this Node takes, zstd ${args.join(' ')}`);
      }
    });

    it('a zstd bomb (256 MiB of RLE blocks from 8 KiB) comes out in blocks, memory bounded, on either path', async function () {
      this.timeout(30_000);
      const bomb = craftZstdFrame(Array.from({ length: 2048 }, () => ({ rle: 0x41, size: 128 * 1024 })));
      assert.ok(bomb.length < 9 * 1024);
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const live = () => {
        gc();
        return process.memoryUsage().arrayBuffers;
      };
      setFlagsFromString('--no-concurrent-array-buffer-sweeping'); // as in the 20 MB test above
      try {
        for (const [name, decode] of [['fzstd', fzstdChunks], ['the path this Node takes', unzstdChunks]] as const) {
          let total = 0;
          let largest = 0;
          const baseline = live();
          let grown = 0;
          for await (const chunk of decode(chunked(bomb), 'bomb')) {
            total += chunk.length;
            largest = Math.max(largest, chunk.length);
            if (total % (16 * 1024 * 1024) < chunk.length) grown = Math.max(grown, live() - baseline);
          }
          assert.equal(total, 256 * 1024 * 1024, name);
          assert.ok(largest <= 128 * 1024, `${name}: a chunk of ${largest} bytes`);
          assert.ok(grown < 4 * 1024 * 1024, `${name}: buffers grew by ${(grown / 1024 / 1024).toFixed(1)} MB`);
        }
      } finally {
        setFlagsFromString('--concurrent-array-buffer-sweeping');
      }
    });
  });

  describe('hostile archives: a clear ImageArchiveError, no crash, no hang', () => {
    it('"../" names, and absolute paths that still climb out after normalising', async () => {
      for (const name of ['../etc/passwd', 'a/../../b', '/abs/../../etc/shadow', './..']) {
        const error = await rejects(readLayerEntries(chunked(craftTar([{ name, data: Buffer.from('x') }]))), 'unsafe-path', /climbs out of the layer/);
        assert.ok(error.message.includes(JSON.stringify(name)), error.message);
      }
      await rejects(readLayerEntries(chunked(craftTar([{ name: 'a', type: '1', linkName: '../../etc/passwd' }]))), 'unsafe-path', /hard link "a"/);
    });

    it('NUL bytes and empty names', async () => {
      const nul = craftTar([{ name: 'x', type: 'x', data: Buffer.from(paxRecord('path', 'evil\0/../../x')) }, { name: 'x', data: Buffer.from('1') }]);
      await rejects(readLayerEntries(chunked(nul)), 'unsafe-path', /NUL byte/);
      await rejects(readLayerEntries(chunked(craftTar([{ name: '', data: Buffer.from('1') }]))), 'unsafe-path', /empty name/);
      await rejects(readLayerEntries(chunked(craftTar([{ name: 'etc/.wh.', data: Buffer.alloc(0) }]))), 'unsafe-path', /whiteout "etc\/\.wh\."/);
    });

    it('a header claiming 100 MB with 1 KB after it: cut short, or refused at once when the size is known', async () => {
      const archive = Buffer.concat([craftHeader({ name: 'huge', claimedSize: 100 * 1024 * 1024 }), randomBytes(1024)]);
      await rejects(readLayerEntries(chunked(archive)), 'truncated', /cut short: the stream ended inside the content of "huge"/);
      await rejects(readLayerEntries(chunked(archive), { storedSize: archive.length }), 'too-large', /claims 104857600 bytes, but only 1024 can follow/);
      await rejects(readLayerEntries(chunked(archive), { maxEntrySize: 1024 * 1024 }), 'too-large', /more than the 1048576 allowed/);
      await rejects(readImageArchive(chunked(archive)), 'truncated', /image archive is cut short/);
      const outer = craftTar([
        { name: 'l/layer.tar', data: archive },
        { name: 'c.json', data: Buffer.from('{}') },
        { name: 'manifest.json', data: Buffer.from(JSON.stringify([{ Config: 'c.json', Layers: ['l/layer.tar'] }])) },
      ]);
      const image = await readImageArchive(chunked(outer));
      assert.match(image.layers[0].error ?? '', /layer l\/layer\.tar, entry 1 claims 104857600 bytes, but only 1024 can follow/);
    });

    it('a truncated stream: in a layer, in the outer archive, in a gzip layer', async () => {
      await rejects(readLayerEntries(chunked(layer1.subarray(0, 1700))), 'truncated', /cut short/);
      await rejects(readLayerEntries(chunked(layer1.subarray(0, 2048))), 'truncated', /cut short/);
      await rejects(readLayerEntries(chunked(layer2Gzip.subarray(0, layer2Gzip.length >> 1))), 'malformed', /gzip data is corrupt/);
      const outer = craftTar([{ name: 'a/layer.tar', data: layer1 }, { name: 'manifest.json', data: Buffer.from('[]') }]);
      await rejects(readImageArchive(chunked(outer.subarray(0, 3000))), 'truncated', /image archive is cut short/);
      await rejects(readLayerEntries(chunked(Buffer.alloc(0))), 'not-a-tar', /not a tar archive/);
    });

    it('a corrupt checksum', async () => {
      const corrupt = Buffer.from(layer1);
      corrupt[512 * 2 + 3] ^= 0x20; // a name byte of the second header
      await rejects(readLayerEntries(chunked(corrupt)), 'checksum', /entry \d+: the tar header's checksum does not match/);
    });

    it('a layer that is not a tar, plain or gzip, and a zstd one', async () => {
      await rejects(readLayerEntries(chunked(Buffer.from('#!/bin/sh\necho not a tar\n'.repeat(40)))), 'not-a-tar', /not a tar archive/);
      await rejects(readLayerEntries(chunked(gzipSync(Buffer.from('plain text, not a tar\n'.repeat(40))))), 'checksum', /checksum does not match/);
    });

    it('a zstd layer that is garbage, cut short, corrupt, needs a dictionary or a 1 GiB window: "the zstd data is corrupt"', async () => {
      const zstdCorrupt = /^layer: the zstd data is corrupt \(.+\)\.$/;
      const real = zstdTool(layer1, '--check');
      const cases: Array<[string, Buffer]> = [
        ['magic and garbage', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3])],
        ['cut short', real.subarray(0, real.length >> 1)],
        ['cut inside the checksum', real.subarray(0, real.length - 2)],
        ['a dictionary', craftZstdFrame([{ raw: layer1 }], { dictionary: 7 })],
        ['a 1 GiB window', craftZstdFrame([{ raw: layer1 }], { windowLog: 30 })],
        ['the reserved block type', Buffer.concat([craftZstdFrame([]).subarray(0, 6), Buffer.from([0x07, 0, 0])])],
      ];
      for (const [what, bytes] of cases) {
        const error = await rejects(readLayerEntries(chunked(bytes)), 'malformed', zstdCorrupt);
        assert.ok(error.message.length < 300, `${what}: ${error.message}`);
      }
      // Text that decompresses fine but is no tar; a flipped byte: an error either way, never a throw of anything else.
      await rejects(readLayerEntries(chunked(zstdTool(Buffer.from('plain text, not a tar\n'.repeat(40))))), 'checksum', /checksum does not match/);
      const flipped = Buffer.from(real);
      flipped[real.length >> 1] ^= 0xff;
      await assert.rejects(readLayerEntries(chunked(flipped)), (error) => error instanceof ImageArchiveError);
    });

    it('a symlink loop is recorded as text, never followed', async () => {
      const archive = craftTar([
        { name: 'a', type: '2', linkName: 'b' },
        { name: 'b', type: '2', linkName: 'a' },
        { name: 'self', type: '2', linkName: 'self' },
        { name: 'out', type: '2', linkName: '/../../../../etc/passwd' },
        { name: 'out/file', data: Buffer.from('through the link?') },
      ]);
      const entries = await readLayerEntries(chunked(archive));
      assert.deepEqual(entries.map((entry) => [entry.path, entry.type, entry.linkTarget]), [
        ['a', 'symlink', 'b'],
        ['b', 'symlink', 'a'],
        ['self', 'symlink', 'self'],
        ['out', 'symlink', '/../../../../etc/passwd'],
        ['out/file', 'file', undefined],
      ]);
    });

    it('an abort stops the read promptly, even while the source is waiting', async () => {
      const controller = new AbortController();
      async function* endless(): AsyncGenerator<Buffer> {
        yield craftHeader({ name: 'slow/layer.tar', claimedSize: 1024 * 1024 });
        yield Buffer.alloc(512);
        await new Promise(() => undefined); // the engine stops sending
      }
      setTimeout(() => controller.abort(), 50);
      await rejects(readImageArchive(endless(), { signal: controller.signal }), 'aborted', /cancelled/, 1_000);
      await rejects(readImageArchive(chunked(craftTar([])), { signal: AbortSignal.abort() }), 'aborted', /cancelled/);
      // The same inside a zstd layer, the decoder waiting for its next block.
      const zstdLayer = zstdStored(craftTar([{ name: 'f', data: randomBytes(300_000) }]));
      async function* stalledInZstd(): AsyncGenerator<Buffer> {
        yield craftHeader({ name: 'z/layer.tar', claimedSize: zstdLayer.length });
        yield zstdLayer.subarray(0, 150_000);
        await new Promise(() => undefined);
      }
      const zstdAbort = new AbortController();
      setTimeout(() => zstdAbort.abort(), 50);
      await rejects(readImageArchive(stalledInZstd(), { signal: zstdAbort.signal }), 'aborted', /cancelled/, 1_000);
      // A Node stream that stops sending (a socket) is destroyed, not left waiting.
      const socket = new PassThrough();
      socket.write(craftHeader({ name: 'blobs/sha256/ab', claimedSize: 4096 }));
      const later = new AbortController();
      setTimeout(() => later.abort(), 50);
      await rejects(readImageArchive(socket, { signal: later.signal }), 'aborted', /cancelled/, 1_000);
      assert.ok(socket.destroyed, 'the source stream is destroyed');
    });
  });
});
