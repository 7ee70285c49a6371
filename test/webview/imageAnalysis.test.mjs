// The image analysis in the libraries band, in Chromium: each state the host sends (idle, reading,
// done, failed, cancelled, none) and what the buttons post back; a finished analysis's figures
// and its layers opening into file trees answered with the extension's own layerFiles(), filters,
// the aggregate switch, hostile names kept as text, a 50,000-row answer drawn fast, and axe.
//
// Needs the webview bundle and the compiled shared code: `node scripts/build.mjs` and `tsc -p test`.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { containerStack } from './stackFixtures.mjs';
import { assertHealthy, post, posted, resultsDir, startWebview } from './webviewPage.mjs';

const require = createRequire(import.meta.url);
const { analyseContents, summariseAnalysis } = require('../../out/src/shared/imageAnalysis.js');
const { layerFiles } = require('../../out/src/shared/layerFiles.js');
const { formatBytes } = require('../../out/src/shared/units.js');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const HOSTILE = '<img src=x onerror="window.__xss=1">';
const MB5 = 5 * 1024 * 1024;
const file = (path, size, mode = 0o644) => ({ path, type: 'file', size, mode, uid: 0, gid: 0 });
const dir = (path, mode = 0o755) => ({ path, type: 'dir', size: 0, mode, uid: 0, gid: 0 });

/** Three layers: a base with busybox and its shell link, a 5 MB file added, then removed again. */
const analysis = analyseContents({
  imageId: 'sha256:0123456789abcdef',
  readAt: '2026-12-05T10:00:00.000Z',
  layers: [
    {
      id: 'sha256:aaa',
      archiveSize: 4096,
      entries: [
        dir('bin'),
        file('bin/busybox', 1000, 0o4755),
        { path: 'bin/sh', type: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: 'busybox' },
        dir('etc'),
        file('etc/conf', 10),
        file(`etc/${HOSTILE}`, 3),
        dir('tmp', 0o1777),
      ],
    },
    { id: 'sha256:bbb', archiveSize: MB5, entries: [dir('tmp', 0o1777), file('tmp/big', MB5), file('etc/conf', 20, 0o600)] },
    { id: 'sha256:ccc', archiveSize: 2048, entries: [dir('tmp', 0o1777), { ...file('tmp/big', 0), whiteout: true }, file('app/run.sh', 100, 0o755)] },
  ],
  history: [
    { createdBy: '/bin/sh -c #(nop) ADD file:base in /', emptyLayer: false },
    { createdBy: `/bin/sh -c echo "${HOSTILE}" > /tmp/big`, emptyLayer: false },
    { createdBy: '/bin/sh -c #(nop)  CMD ["sh"]', emptyLayer: true },
    { createdBy: '/bin/sh -c rm /tmp/big && cp run.sh /app/', emptyLayer: false },
  ],
});

const LIBRARIES = 'section[data-layer="libraries"]';
const ANALYSIS = `${LIBRARIES} .image-analysis`;

describe('image analysis in the libraries band, in Chromium', function () {
  let webview;

  before(async function () {
    webview = await startWebview();
  });

  after(async function () {
    await webview?.stop();
  });

  /** A page with the container's stack, its libraries band open, then `state` from the host. */
  async function openWith(state, theme = 'dark') {
    const opened = await webview.openPage(theme, 1280, 900);
    await post(opened.page, { type: 'stack', stack: containerStack(), secretsRevealed: false });
    await opened.page.waitForSelector(LIBRARIES);
    await opened.page.click(`${LIBRARIES} .band-head`);
    if (state) await post(opened.page, { type: 'imageAnalysis', state });
    return opened;
  }
  const lastPosted = async (page) => (await posted(page)).at(-1);
  const done = (fromCache = false) => ({ kind: 'done', summary: summariseAnalysis(analysis, fromCache) });
  /** Answers the page's last layerFiles request as the host does. */
  async function answerLast(page) {
    const request = await lastPosted(page);
    assert.equal(request.type, 'layerFiles');
    await post(page, { type: 'layerFiles', files: layerFiles(analysis, request.layer, request.aggregate) });
    return request;
  }

  it('draws nothing for a workload without an image, and offers the analysis when idle', async function () {
    const { page, pageErrors } = await openWith({ kind: 'none' });
    await page.waitForSelector(`${ANALYSIS}[data-analysis="none"]`, { state: 'attached' });
    assert.ok(await page.isHidden(ANALYSIS));
    await post(page, { type: 'imageAnalysis', state: { kind: 'idle' } });
    await page.waitForSelector(`${ANALYSIS}[data-analysis="idle"]`);
    assert.match(await page.textContent(`${ANALYSIS} .analysis-note`), /reads the whole image from the engine/i);
    assert.equal((await page.textContent(`${ANALYSIS} [data-analysis-action="analyse"]`)).trim(), 'Analyse layers');
    // It sits under the layer list, in the band's detail.
    assert.ok(await page.evaluate((selector) => {
      const analysisNode = document.querySelector(selector);
      const list = document.querySelector('section[data-layer="libraries"] .image-layers');
      return Boolean(list.compareDocumentPosition(analysisNode) & Node.DOCUMENT_POSITION_FOLLOWING);
    }, ANALYSIS));
    await page.click(`${ANALYSIS} [data-analysis-action="analyse"]`);
    assert.deepEqual(await lastPosted(page), { type: 'analyseImage' });
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('shows the bytes read with a Cancel button, then failure and cancellation with the button to try again', async function () {
    const { page, pageErrors } = await openWith({ kind: 'reading', bytesRead: 0 });
    await page.waitForSelector(`${ANALYSIS}[data-analysis="reading"]`);
    await post(page, { type: 'imageAnalysis', state: { kind: 'reading', bytesRead: 123 * 1024 * 1024 } });
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent.includes('123 MiB'), `${ANALYSIS} .analysis-progress`);
    assert.equal(await page.textContent(`${ANALYSIS} .analysis-progress`), 'Reading the image… 123 MiB');
    await page.click(`${ANALYSIS} [data-analysis-action="cancel"]`);
    assert.deepEqual(await lastPosted(page), { type: 'cancelImageAnalysis' });

    await post(page, { type: 'imageAnalysis', state: { kind: 'cancelled' } });
    await page.waitForSelector(`${ANALYSIS}[data-analysis="cancelled"]`);
    assert.match(await page.textContent(ANALYSIS), /cancelled/);
    await page.click(`${ANALYSIS} [data-analysis-action="analyse"]`);
    assert.deepEqual(await lastPosted(page), { type: 'analyseImage' });

    const sentence = `The engine refused the export of ${HOSTILE}.`;
    await post(page, { type: 'imageAnalysis', state: { kind: 'failed', message: sentence } });
    await page.waitForSelector(`${ANALYSIS}[data-analysis="failed"]`);
    assert.equal(await page.textContent(`${ANALYSIS} .analysis-failed`), sentence);
    assert.equal((await page.textContent(`${ANALYSIS} [data-analysis-action="analyse"]`)).trim(), 'Try again');
    await page.click(`${ANALYSIS} [data-analysis-action="analyse"]`);
    assert.deepEqual(await lastPosted(page), { type: 'analyseImage' });
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('shows the efficiency, the waste with the layers that added and removed it, and the layers newest first', async function () {
    const { summary } = done(true);
    const { page, pageErrors } = await openWith(done(true));
    await page.waitForSelector(`${ANALYSIS}[data-analysis="done"]`);
    const figure = (key) => page.textContent(`${ANALYSIS} [data-figure="${key}"] dd`);
    assert.equal(await figure('efficiency'), `${(summary.efficiency * 100).toFixed(1)} %`);
    assert.equal(await figure('wasted'), formatBytes(MB5));
    assert.equal(await figure('user-wasted'), `${(summary.wastedUserPercent * 100).toFixed(1)} %`);
    assert.match(await page.textContent(`${ANALYSIS} .analysis-origin`), /^Read from the cache/);
    const glance = await page.$$eval(`${LIBRARIES} > .band-head [data-headline^="analysis-"]`, (items) => items.map((item) => [item.dataset.headline, item.querySelector('dd').textContent]));
    assert.deepEqual(glance, [['analysis-efficiency', `${(summary.efficiency * 100).toFixed(1)} %`], ['analysis-wasted', formatBytes(MB5)]], 'the block shows the figures too');
    const wasted = await page.$$eval(`${ANALYSIS} .wasted-table tbody tr`, (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
    const expected = summary.wasted.map((item) => [item.path, formatBytes(item.wastedBytes), String(item.count), item.addedIn.join(', ') || '–', item.removedIn.join(', ') || '–']);
    assert.deepEqual(wasted[0], ['tmp/big', formatBytes(MB5), '2', '1', '2'], 'the largest first: the file added and removed again');
    assert.deepEqual(wasted, expected);
    const layers = await page.$$eval(`${ANALYSIS} li[data-analysis-layer]`, (items) =>
      items.map((item) => ({ index: item.dataset.analysisLayer, command: item.querySelector('.analysis-layer-command').textContent, counts: item.querySelector('.analysis-layer-counts').textContent })),
    );
    assert.deepEqual(layers.map((layer) => layer.index), ['2', '1', '0'], 'newest first');
    assert.equal(layers[1].command, `/bin/sh -c echo "${HOSTILE}" > /tmp/big`, 'the command as text');
    const changes = analysis.changes[1];
    assert.equal(layers[1].counts, `+${changes.added.length} added~${changes.modified.length} modified-${changes.removed.length} removed`);

    // The same analysis again (the host re-sends it with the stack) keeps what is open.
    await page.click(`${ANALYSIS} li[data-analysis-layer="1"] .analysis-layer-toggle`);
    await post(page, { type: 'stack', stack: containerStack(), secretsRevealed: false });
    await post(page, { type: 'imageAnalysis', state: done(false) });
    assert.equal(await page.getAttribute(`${ANALYSIS} li[data-analysis-layer="1"] .analysis-layer-toggle`, 'aria-expanded'), 'true');
    assert.equal(await page.locator(`${LIBRARIES} > .band-head [data-headline="analysis-efficiency"]`).count(), 1, 'the redrawn block shows the figures once');
    await post(page, { type: 'imageAnalysis', state: { kind: 'idle' } });
    await page.waitForSelector(`${ANALYSIS}[data-analysis="idle"]`);
    assert.equal(await page.locator(`${LIBRARIES} > .band-head [data-headline^="analysis-"]`).count(), 0, 'and none when there is no analysis');
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('opens a layer into its file tree: filters, the aggregate switch, link targets and hostile names as text', async function () {
    const { page, pageErrors } = await openWith(done());
    const layer = (index) => `${ANALYSIS} li[data-analysis-layer="${index}"]`;
    const toggle = `${layer(0)} .analysis-layer-toggle`;
    // By keyboard: Enter opens the layer.
    await page.focus(toggle);
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute(toggle, 'aria-expanded'), 'true');
    assert.deepEqual(await lastPosted(page), { type: 'layerFiles', layer: 0, aggregate: false });
    // An answer for another image (the tab moved on meanwhile) draws nothing: once a message posted
    // after it has arrived, the page has handled it (messages arrive in order).
    await page.evaluate(async (stale) => {
      const handled = new Promise((resolve) => window.addEventListener('message', (event) => event.data === 'after-stale' && resolve(), { once: false }));
      window.postMessage(stale, '*');
      window.postMessage('after-stale', '*');
      await handled;
    }, { type: 'layerFiles', files: { imageId: 'sha256:other', layer: 0, aggregate: false, rows: [{ path: 'stale', type: 'file', size: 1, mode: 0o644, uid: 0, gid: 0, change: 'added', layer: 0 }], omitted: 0 } });
    assert.equal(await page.locator(`${layer(0)} .file-row`).count(), 0, 'the stale answer drew no row');
    await answerLast(page);
    await page.waitForSelector(`${layer(0)} .file-row`);
    const row = (index, path) => `${layer(index)} li.file-row[data-path="${path.replace(/"/g, '\\"')}"]`;
    assert.deepEqual(await page.$$eval(`${layer(0)} .file-tree > li.file-row`, (items) => items.map((item) => item.dataset.path)), ['bin', 'etc', 'tmp'], 'only the top level');

    await page.click(`${row(0, 'bin')} .file-toggle`);
    assert.equal(await page.getAttribute(`${row(0, 'bin')} .file-toggle`, 'aria-expanded'), 'true');
    assert.equal(await page.textContent(`${row(0, 'bin/sh')} .file-link`), '→ busybox');
    assert.equal(await page.textContent(`${row(0, 'bin/sh')} .file-mode`), 'lrwxrwxrwx');
    assert.equal(await page.textContent(`${row(0, 'bin/busybox')} .file-mode`), '-rwsr-xr-x');
    assert.equal(await page.textContent(`${row(0, 'bin/busybox')} .file-owner`), '0:0');
    assert.equal(await page.textContent(`${row(0, 'tmp')} .file-mode`), 'drwxrwxrwt');
    await page.click(`${row(0, 'etc')} .file-toggle`);
    assert.equal(await page.textContent(`${row(0, `etc/${HOSTILE}`)} .file-name`), HOSTILE, 'the hostile name as text');
    assert.equal(await page.textContent(`${row(0, 'bin/busybox')} .file-change`), '+added');

    // Layer 2 removes tmp/big: a removed row the filters can hide.
    await page.click(`${layer(2)} .analysis-layer-toggle`);
    assert.deepEqual(await lastPosted(page), { type: 'layerFiles', layer: 2, aggregate: false });
    await answerLast(page);
    await page.waitForSelector(`${row(2, 'tmp')}`);
    await page.click(`${row(2, 'tmp')} .file-toggle`);
    assert.equal(await page.getAttribute(row(2, 'tmp/big'), 'data-change'), 'removed');
    assert.equal(await page.textContent(`${row(2, 'tmp/big')} .file-size`), formatBytes(MB5), 'with the bytes it removed');
    await page.click(`${layer(2)} button[data-filter="removed"]`);
    assert.equal(await page.getAttribute(`${layer(2)} button[data-filter="removed"]`, 'aria-pressed'), 'false');
    assert.equal(await page.locator(row(2, 'tmp/big')).count(), 0);
    assert.equal(await page.getAttribute(row(2, 'tmp'), 'data-change'), 'unchanged', 'the layer lists tmp as it was');
    await page.click(`${layer(2)} button[data-filter="unchanged"]`);
    assert.equal(await page.locator(row(2, 'tmp')).count(), 0, 'a directory with nothing shown under it goes too');
    assert.equal(await page.locator(row(2, 'app')).count(), 1);
    await page.click(`${layer(2)} button[data-filter="added"]`);
    assert.equal(await page.locator(`${layer(2)} li.file-row`).count(), 0);
    assert.ok(await page.isVisible(`${layer(2)} .file-tree-empty`));
    assert.equal(await page.locator(`${layer(0)} li.file-row`).count(), 0, 'every open layer follows the filters');
    assert.equal(await page.getAttribute(`${layer(0)} button[data-filter="added"]`, 'aria-pressed'), 'false');
    for (const change of ['added', 'unchanged', 'removed']) await page.click(`${layer(2)} button[data-filter="${change}"]`);
    assert.equal(await page.locator(row(2, 'tmp/big')).count(), 1, 'shown again, its directory still open');

    // All layers up to here: asked again, rows set by lower layers say so.
    await page.click(`${layer(2)} button[data-aggregate="true"]`);
    assert.deepEqual(await lastPosted(page), { type: 'layerFiles', layer: 2, aggregate: true });
    assert.equal(await page.locator(`${layer(2)} li.file-row`).count(), 0, 'the single layer\'s rows are gone while it asks');
    await answerLast(page);
    await page.waitForSelector(row(2, 'bin'));
    await page.click(`${row(2, 'etc')} .file-toggle`);
    assert.equal(await page.textContent(`${row(2, 'etc/conf')} .file-layer`), '1', 'etc/conf was set last by layer 1');
    assert.equal(await page.getAttribute(row(2, 'etc/conf'), 'data-change'), 'unchanged');
    assert.equal(await page.getAttribute(row(2, 'app'), 'data-change'), 'added');
    // A late answer for the other mode is not drawn over this one.
    await post(page, { type: 'layerFiles', files: layerFiles(analysis, 2, false) });
    await page.waitForTimeout(100);
    assert.equal(await page.locator(row(2, 'bin')).count(), 1);

    // Closing a layer drops its rows.
    await page.click(`${layer(0)} .analysis-layer-toggle`);
    assert.equal(await page.locator(`${layer(0)} li.file-row`).count(), 0);

    // The open layers and the filters are kept in the view state, for this image.
    await page.click(`${layer(2)} button[data-filter="unchanged"]`);
    const state = await page.evaluate(() => window.__state);
    assert.deepEqual(state.analysisOpen, { imageId: analysis.imageId, layers: [2] });
    assert.deepEqual(state.analysisFilters, ['added', 'modified', 'removed']);
    // Another image opens with every layer closed.
    await post(page, { type: 'imageAnalysis', state: { kind: 'done', summary: { ...summariseAnalysis(analysis, false), imageId: 'sha256:other' } } });
    await page.waitForFunction(() => document.querySelectorAll('.analysis-layer-toggle[aria-expanded="true"]').length === 0);
    assert.equal(await page.getAttribute(`${layer(2)} button[data-filter="unchanged"]`, 'aria-pressed'), 'false', 'the filters stay');
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('draws a 50,000-row answer fast, with only the top level in the DOM', async function () {
    const { page, pageErrors } = await openWith(done());
    await page.click(`${ANALYSIS} li[data-analysis-layer="1"] .analysis-layer-toggle`);
    // The rows are made in the page: handing 50,000 of them over from Node would time the test tool, not the page.
    const elapsed = await page.evaluate(async () => {
      const rows = [];
      for (let top = 0; top < 10; top += 1) {
        rows.push({ path: `d${top}`, type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, change: 'added', layer: 1 });
        for (let i = 0; i < 4999; i += 1) rows.push({ path: `d${top}/f${String(i).padStart(4, '0')}`, type: 'file', size: i, mode: 0o644, uid: 0, gid: 0, change: 'added', layer: 1 });
      }
      const started = performance.now();
      window.postMessage({ type: 'layerFiles', files: { imageId: 'sha256:0123456789abcdef', layer: 1, aggregate: false, rows, omitted: 7 } }, '*');
      await new Promise((resolve) => {
        const check = () => (document.querySelector('li[data-analysis-layer="1"] .file-row') ? resolve() : setTimeout(check, 0));
        check();
      });
      return performance.now() - started;
    });
    assert.ok(elapsed < 1500, `drawn in ${Math.round(elapsed)} ms`);
    assert.equal(await page.locator('li[data-analysis-layer="1"] li.file-row').count(), 10, 'only the top level');
    assert.equal(await page.textContent('li[data-analysis-layer="1"] .analysis-files-status'), '50007 paths, the first 50000 shown');
    await page.click('li[data-analysis-layer="1"] li.file-row[data-path="d3"] .file-toggle');
    assert.equal(await page.locator('li[data-analysis-layer="1"] li.file-row').count(), 10 + 500, 'a directory draws a chunk of its children');
    await page.click('li[data-analysis-layer="1"] .file-more');
    assert.equal(await page.locator('li[data-analysis-layer="1"] li.file-row').count(), 10 + 1000);
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  for (const theme of ['dark', 'light', 'high-contrast']) {
    it(`has no serious or critical axe violation with an open layer tree in the ${theme} theme (screenshot)`, async function () {
      const { page, pageErrors } = await openWith(done(), theme);
      await page.click(`${ANALYSIS} li[data-analysis-layer="2"] .analysis-layer-toggle`);
      await answerLast(page);
      await page.waitForSelector(`${ANALYSIS} .file-row`);
      await page.click(`${ANALYSIS} li.file-row[data-path="tmp"] .file-toggle`);
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document.querySelector('section[data-layer="libraries"]'), { resultTypes: ['violations'] });
        return result.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
      });
      mkdirSync(resultsDir, { recursive: true });
      await page.locator(ANALYSIS).screenshot({ path: join(resultsDir, `image-analysis-${theme}.png`) });
      assert.deepEqual(violations, []);
      assert.deepEqual(pageErrors, []);
      await page.close();
    });
  }
});
