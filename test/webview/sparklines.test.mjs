// Usage over time in Chromium: the app band's sparklines drawn from the host's history, moving as
// stats messages arrive, kept across a re-render, dropped for another workload; the graphics
// hidden from screen readers with the figures in text; the Record toggle.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { containerStack } from './stackFixtures.mjs';
import { post, posted, resultsDir, startWebview } from './webviewPage.mjs';

const T0 = Date.parse('2026-12-05T10:00:00.000Z');
const io = { netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null };

function sample(second, cpuPercent, rates = {}) {
  return {
    atMs: T0 + second * 1000,
    cpuPercent,
    memoryBytes: 40_000_000 + second * 1_000_000,
    memoryLimitBytes: 268_435_456,
    netRxPerSec: 1024 * second,
    netTxPerSec: 512,
    blockReadPerSec: null,
    blockWritePerSec: null,
    ...rates,
  };
}

function statsAt(second, cpuPercent) {
  return { readAt: new Date(T0 + second * 1000).toISOString(), cpuPercent, memoryBytes: 40_000_000, memoryLimitBytes: 268_435_456, pids: 2, ...io };
}

/** Each chart's polylines' points and its text. */
const charts = (page) =>
  page.$$eval('section[data-layer="app"] .usage-trend .spark', (sparks) =>
    Object.fromEntries(sparks.map((spark) => [spark.dataset.spark, {
      lines: [...spark.querySelectorAll('svg polyline')].map((line) => line.getAttribute('points')),
      text: spark.querySelector('.spark-text').textContent,
      svgHidden: spark.querySelector('svg').getAttribute('aria-hidden'),
    }])),
  );

describe('usage sparklines in Chromium', function () {
  let webview;

  before(async function () {
    webview = await startWebview();
  });

  after(async function () {
    await webview?.stop();
  });

  it('draws the history, moves with each stats message, and keeps it across a re-render', async function () {
    const { page, pageErrors } = await webview.openPage('dark', 1280, 800);
    const stack = containerStack();
    await post(page, { type: 'stack', stack, secretsRevealed: false });
    await post(page, { type: 'status', status: { kind: 'live' } });
    await page.waitForSelector('section[data-layer="app"] .usage-trend');
    const empty = await charts(page);
    assert.deepEqual(Object.keys(empty), ['cpu', 'memory', 'network', 'disk']);
    assert.ok(Object.values(empty).every((chart) => chart.lines.length === 0 && chart.text === 'waiting for samples'));

    await post(page, { type: 'usageHistory', samples: [sample(0, 5), sample(1, 10), sample(2, 20), sample(3, 10)] });
    await page.waitForFunction(() => document.querySelectorAll('[data-spark="cpu"] polyline').length > 0);
    const first = await charts(page);
    assert.equal(first.cpu.lines.length, 1);
    assert.equal(first.cpu.lines[0].split(' ').length, 4, 'one point per sample');
    assert.equal(first.cpu.text, '10.0 % now, min 5.0 %, max 20.0 % over the last 3 s');
    assert.equal(first.network.lines.length, 2, 'in and out');
    assert.match(first.network.text, /^in 3 KiB\/s now, min 0 B\/s, max 3 KiB\/s; out 512 B\/s now/);
    assert.equal(first.disk.lines.length, 0);
    assert.equal(first.disk.text, 'read not reported; write not reported over the last 3 s');
    for (const chart of Object.values(first)) assert.equal(chart.svgHidden, 'true', 'the graphic is hidden; the text says it');

    // The CPU burns: the newest point goes to the top of the chart and the words follow.
    await post(page, { type: 'stats', stats: statsAt(4, 95), sample: sample(4, 95) });
    await page.waitForFunction(() => document.querySelector('[data-spark="cpu"] .spark-text').textContent.startsWith('95.0 %'));
    const moved = await charts(page);
    assert.notDeepEqual(moved.cpu.lines, first.cpu.lines);
    const lastPoint = moved.cpu.lines[0].split(' ').at(-1);
    assert.equal(lastPoint, '120,0', 'the newest, highest sample is at the top right');
    assert.equal(moved.cpu.text, '95.0 % now, min 5.0 %, max 95.0 % over the last 4 s');
    mkdirSync(resultsDir, { recursive: true });
    await page.locator('section[data-layer="app"] .live-stats').screenshot({ path: join(resultsDir, 'webview-sparklines.png') });

    // A re-render of the same workload (a refresh) keeps the history drawn.
    await post(page, { type: 'stack', stack, secretsRevealed: false });
    await page.waitForSelector('section[data-layer="app"] .usage-trend');
    assert.deepEqual((await charts(page)).cpu.lines, moved.cpu.lines);

    // The stroke's colour comes from the theme's variables.
    const stroke = await page.$eval('[data-spark="cpu"] polyline', (line) => getComputedStyle(line).stroke);
    assert.equal(stroke, 'rgb(55, 148, 255)', 'var(--vscode-charts-blue) of the dark theme');

    // Another workload in the reused tab: the last one's history goes.
    await post(page, { type: 'stack', stack: { ...stack, workload: { ...stack.workload, id: 'another' } }, secretsRevealed: false });
    await page.waitForSelector('section[data-layer="app"] .usage-trend');
    assert.equal((await charts(page)).cpu.lines.length, 0);

    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violations from the SVG');
  });

  it('breaks the line over a gap, and drops a malformed history', async function () {
    const { page } = await webview.openPage();
    await post(page, { type: 'stack', stack: containerStack(), secretsRevealed: false });
    await post(page, { type: 'usageHistory', samples: [sample(0, 5), sample(1, null), sample(2, 7), sample(3, 8)] });
    await page.waitForFunction(() => document.querySelectorAll('[data-spark="cpu"] polyline').length > 0);
    assert.equal((await charts(page)).cpu.lines.length, 2, 'a missing reading is a gap');
    await post(page, { type: 'usageHistory', samples: [sample(0, 5), { ...sample(1, 5), atMs: 'soon' }] });
    await page.waitForTimeout(100);
    assert.equal((await charts(page)).cpu.lines.length, 2, 'the malformed history was dropped, the last one stays');
  });

  it('toggles Record: asks the host, and shows the recording the host reports', async function () {
    const { page } = await webview.openPage();
    await post(page, { type: 'stack', stack: containerStack(), secretsRevealed: false });
    await post(page, { type: 'status', status: { kind: 'live' } });
    const button = page.locator('#record-usage');
    await button.waitFor();
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    await button.click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'record', record: true });
    await post(page, { type: 'recording', recording: { startedAt: '2026-12-05T10:00:00.000Z', windowMinutes: 60 } });
    await page.waitForFunction(() => document.querySelector('#record-usage').getAttribute('aria-pressed') === 'true');
    assert.equal((await button.textContent()).trim(), 'Stop recording');
    await button.click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'record', record: false });
    await post(page, { type: 'recording', recording: null });
    await page.waitForFunction(() => document.querySelector('#record-usage').getAttribute('aria-pressed') === 'false');
  });
});
