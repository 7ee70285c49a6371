// The image compare page in Chromium, drawn from a model compareImages builds over two analyses
// of hand-made layers: the summaries side by side, the shared base as one block under both
// columns, each image's own layers above it, the differing files with their filters, hostile
// names shown as text, the German words, and axe-core on the page.
//
// Needs the webview bundle and the compiled shared code: `node scripts/build.mjs` and `tsc -p test`.
// Screenshot: test-results/image-compare.png
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { assertHealthy, germanBundle, post, resultsDir, startWebview } from './webviewPage.mjs';

const require = createRequire(import.meta.url);
const { analyseContents } = require('../../out/src/shared/imageAnalysis.js');
const { compareImages, MAX_IMAGE_COMPARE_ROWS } = require('../../out/src/shared/imageCompare.js');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const HOSTILE = '<img src=x onerror="window.__xss=1">';

const file = (path, size, extra = {}) => ({ path, type: 'file', size, mode: 0o644, uid: 0, gid: 0, ...extra });
const dir = (path) => ({ path, type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0 });
const symlink = (path, linkTarget) => ({ path, type: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget });
const whiteout = (path) => ({ path, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, whiteout: true });
const layer = (id, entries) => ({ id, archiveSize: 1000, entries });

/** An analysis as the host has it, named; each layer's command is "RUN <id>" unless given. */
function image(name, imageId, layers, commands = layers.map((item) => `RUN ${item.id}`)) {
  const history = commands.map((createdBy) => ({ createdBy, emptyLayer: false }));
  return { ...analyseContents({ imageId, readAt: '2026-12-05T10:00:00.000Z', layers, history }), name };
}

const base = () => [
  layer('sha256:base0', [dir('etc'), file('etc/os-release', 100), dir('bin'), file('bin/sh', 5000), symlink('bin/python', 'python3.11')]),
  layer('sha256:base1', [dir('usr'), dir('usr/lib'), file('usr/lib/libc.so', 20000)]),
  layer('sha256:base2', [dir('app'), file('app/README', 10), file('app/run.sh', 50)]),
];

/** web and worker: three shared layers, then two of web's own (one with a hostile command and path) and one of worker's. */
function partedModel() {
  const web = image(
    'web',
    'sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    [
      ...base(),
      layer('sha256:a3', [dir('app'), file('app/server.js', 300), file(`app/${HOSTILE}`, 7)]),
      layer('sha256:a4', [dir('app'), dir('app/static'), file('app/static/index.html', 40), file('app/static/logo.png', 60)]),
    ],
    ['RUN sha256:base0', 'RUN sha256:base1', 'RUN sha256:base2', `RUN echo '${HOSTILE}'`, 'COPY static /app/static'],
  );
  const worker = image('worker', 'sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', [
    ...base(),
    layer('sha256:b3', [dir('app'), file('app/worker.py', 700), file('app/run.sh', 50, { mode: 0o755 }), whiteout('app/README'), symlink('bin/python', 'python3.12')]),
  ]);
  return compareImages(web, worker);
}

const box = (locator) => locator.boundingBox();
const texts = (locator) => locator.evaluateAll((nodes) => nodes.map((node) => node.textContent));
const visibleKinds = (page) => page.locator('#image-compare-files tbody tr:not([hidden])').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-difference')));

describe('the image compare page in Chromium', function () {
  let webview;

  before(async function () {
    webview = await startWebview();
  });

  after(async function () {
    await webview?.stop();
  });

  it('draws the summaries side by side, the own layers on one shared base block, and the differing files', async function () {
    const model = partedModel();
    const { page, pageErrors } = await webview.openPage('dark', 1200, 1000);
    await post(page, { type: 'imageCompare', model });
    await page.waitForSelector('#image-compare-base');

    assert.equal(await page.locator('#workload-name').textContent(), 'Compare images: web · worker');
    assert.equal(await page.locator('#image-compare-relation').textContent(), 'They share their bottom 3 layers (24.6 KiB), then part.');

    // The summaries: side by side, on one row.
    const [summaryA, summaryB] = [await box(page.locator('.image-compare-summary[data-image="a"]')), await box(page.locator('.image-compare-summary[data-image="b"]'))];
    assert.ok(Math.abs(summaryA.y - summaryB.y) < 2 && summaryA.x + summaryA.width <= summaryB.x, 'A left of B, level');
    assert.match(await page.locator('.image-compare-summary[data-image="a"]').textContent(), /sha256:aaaaaaaaaaaa.*Layers5/);

    // The base: one block, top layer first, under both columns and as wide as both.
    const baseLayers = page.locator('#image-compare-base li');
    assert.deepEqual(await baseLayers.evaluateAll((items) => items.map((item) => item.getAttribute('data-layer-index'))), ['2', '1', '0']);
    assert.match(await page.locator('#image-compare-base h3').textContent(), /^Shared base: 3 layers/);
    const [ownA, ownB, baseBox] = [await box(page.locator('.image-compare-own[data-image="a"]')), await box(page.locator('.image-compare-own[data-image="b"]')), await box(page.locator('#image-compare-base'))];
    assert.ok(baseBox.y >= ownA.y + ownA.height && baseBox.y >= ownB.y + ownB.height, 'the base is under both columns');
    assert.ok(Math.abs(baseBox.x - ownA.x) < 2 && Math.abs(baseBox.x + baseBox.width - (ownB.x + ownB.width)) < 2, 'it spans both');
    assert.ok(Math.abs(ownA.y + ownA.height - (ownB.y + ownB.height)) < 2, 'both columns stand on it');

    // Where they part: web's two layers (top first), worker's one.
    assert.deepEqual(await page.locator('.image-compare-own[data-image="a"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-layer-index'))), ['4', '3']);
    assert.deepEqual(await texts(page.locator('.image-compare-own[data-image="a"] code')), ['COPY static /app/static', `RUN echo '${HOSTILE}'`]);
    // The layer's own counts follow dive, which does not count a retargeted symlink as modified.
    assert.match(await page.locator('.image-compare-own[data-image="b"] li').textContent(), /RUN sha256:b3.*1 added, 1 modified, 1 removed/);

    // The files: one row per path, a directory on one side only as one row.
    const rows = page.locator('#image-compare-files tbody tr');
    assert.deepEqual(await rows.locator('th').evaluateAll((cells) => cells.map((cell) => cell.textContent)), [
      '/app/<img src=x onerror="window.__xss=1">',
      '/app/README',
      '/app/run.sh',
      '/app/server.js',
      '/app/static',
      '/app/worker.py',
      '/bin/python',
    ]);
    const row = (path) => page.locator('#image-compare-files tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }) });
    assert.deepEqual(await texts(row('/app/run.sh').locator('td')), ['changed', 'mode 0644 → 0755', '50 B', '50 B']);
    assert.deepEqual(await texts(row('/bin/python').locator('td')), ['changed', 'link target python3.11 → python3.12', '0 B', '0 B']);
    assert.deepEqual(await texts(row('/app/static').locator('td')), ['only in web', 'directory, 2 files', '100 B', '—']);
    assert.deepEqual(await texts(row('/app/README').locator('td')), ['only in web', 'file', '10 B', '—']);
    assert.deepEqual(await texts(row('/app/worker.py').locator('td')), ['only in worker', 'file', '—', '700 B']);

    // The filters: each hides and shows its kind; the counts come from the totals.
    const filter = (kind) => page.locator(`.image-compare-filters [data-filter="${kind}"]`);
    assert.equal(await filter('only-a').textContent(), 'Only in web: 4 (417 B)');
    assert.equal(await filter('changed').textContent(), 'Changed: 2');
    await filter('only-a').click();
    assert.equal(await filter('only-a').getAttribute('aria-pressed'), 'false');
    assert.deepEqual(await visibleKinds(page), ['changed', 'only-b', 'changed']);
    await filter('changed').click();
    assert.deepEqual(await visibleKinds(page), ['only-b']);
    await filter('only-a').click();
    await filter('changed').click();
    assert.equal(await filter('changed').getAttribute('aria-pressed'), 'true');
    assert.equal((await visibleKinds(page)).length, 7);

    // Hostile names are text: no element made of them, no script ran.
    await assertHealthy(page, pageErrors);
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'image-compare.png'), fullPage: true });
    await page.close();
  });

  it('says when the images are the same, and when they share nothing', async function () {
    const { page, pageErrors } = await webview.openPage('light');
    await post(page, { type: 'imageCompare', model: compareImages(image('web', 'sha256:same', base()), image('web:1.0', 'sha256:same', base())) });
    await page.waitForSelector('#image-compare-base');
    assert.equal(await page.locator('#image-compare-relation').textContent(), 'web and web:1.0 are the same image (same ID).');
    assert.equal(await page.locator('#image-compare-base li').count(), 3);
    assert.equal(await page.locator('.image-compare-own .placeholder').count(), 2, 'neither has layers of its own');
    assert.equal(await page.locator('#image-compare-files .placeholder').textContent(), 'The same image: the same files.');

    const alpine = image('alpine', 'sha256:a', [layer('sha256:x', [dir('etc'), file('etc/alpine-release', 7)])]);
    const debian = image('debian', 'sha256:d', [layer('sha256:y', [dir('etc'), file('etc/debian_version', 5)])]);
    await post(page, { type: 'imageCompare', model: compareImages(alpine, debian) });
    await page.waitForFunction(() => document.getElementById('image-compare')?.getAttribute('data-relation') === 'unrelated');
    assert.equal(await page.locator('#workload-name').textContent(), 'Compare images: alpine · debian');
    assert.equal(await page.locator('#image-compare-relation').textContent(), 'These images share no layer: they are built from different bases.');
    assert.equal(await page.locator('#image-compare-base[data-shared="none"]').textContent(), 'No shared layer.');
    assert.equal(await page.locator('#image-compare-files tbody tr').count(), 2);
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('says how many rows the cap left out', async function () {
    const many = Array.from({ length: MAX_IMAGE_COMPARE_ROWS + 25 }, (_, index) => file(`data/${String(index).padStart(5, '0')}`, 1));
    const model = compareImages(image('small', 'sha256:s', [layer('sha256:r', [dir('data')])]), image('big', 'sha256:b', [layer('sha256:r', [dir('data')]), layer('sha256:m', many)]));
    const { page, pageErrors } = await webview.openPage('dark');
    await post(page, { type: 'imageCompare', model });
    await page.waitForSelector('.image-compare-omitted');
    assert.equal(await page.locator('#image-compare-files tbody tr').count(), MAX_IMAGE_COMPARE_ROWS);
    assert.equal(await page.locator('.image-compare-omitted').textContent(), `25 more paths differ; the list stops at ${MAX_IMAGE_COMPARE_ROWS}.`);
    assert.equal(await page.locator('[data-filter="only-b"]').textContent(), `Only in big: ${MAX_IMAGE_COMPARE_ROWS + 25} (4.9 KiB)`);
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('drops a model that does not pass the guard, and speaks German with the German bundle', async function () {
    const { page, warnings } = await webview.openPage('dark', 1000, 900, { l10nBundle: germanBundle(), language: 'de' });
    const broken = partedModel();
    broken.files.rows[0].kind = 'both';
    await post(page, { type: 'imageCompare', model: broken });
    for (let tries = 0; tries < 100 && warnings.length === 0; tries++) await page.waitForTimeout(20);
    assert.match(warnings.join('\n'), /dropped a message that is not part of the protocol/);
    assert.equal(await page.locator('#image-compare').count(), 0, 'nothing drawn from it');
    await post(page, { type: 'imageCompare', model: partedModel() });
    await page.waitForSelector('#image-compare-base');
    assert.equal(await page.locator('#workload-name').textContent(), 'Images vergleichen: web · worker');
    assert.equal(await page.locator('#image-compare-files h2').textContent(), 'Abweichende Dateien');
    assert.deepEqual(await texts(page.locator('#image-compare-files tbody tr', { hasText: '/app/run.sh' }).locator('td')), ['geändert', 'Modus 0644 → 0755', '50 B', '50 B']);
    await page.close();
  });

  for (const theme of ['dark', 'light', 'high-contrast']) {
    it(`has no serious or critical axe violation (${theme})`, async function () {
      const { page } = await webview.openPage(theme, 1000, 900);
      await post(page, { type: 'imageCompare', model: partedModel() });
      await page.waitForSelector('#image-compare-base');
      // The page's CSP allows no inline script: axe's source goes in through the DevTools protocol.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => `${violation.id}: ${violation.help}\n    ${violation.nodes.map((node) => node.target.join(' ')).join('\n    ')}`);
      });
      assert.deepEqual(violations, []);
      await page.close();
    });
  }
});
