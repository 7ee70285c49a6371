// The webview in the user's language, in real Chromium with the panel's CSP: served with the
// shipped German bundle, the toolbar, the live usage, the compare view and the overhead page speak
// German; without a bundle the page stays English; a hostile bundle is only ever text.
//
// Needs the webview bundle and the compiled page: `node scripts/build.mjs` and `tsc -p test`.
// Run: npx mocha test/webview/l10n.test.mjs --timeout 60000
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { containerStack, vmStack } from './stackFixtures.mjs';
import { assertHealthy, germanBundle, post, root, showLiveStack, startWebview } from './webviewPage.mjs';

const { compareStacks } = createRequire(import.meta.url)('../../out/src/shared/compare.js');
const overheadResults = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'webview', 'overhead-results.json'), 'utf8'));
const stats = { readAt: '2026-11-29T05:50:14.000Z', cpuPercent: 12.5, memoryBytes: 48_234_496, memoryLimitBytes: 268_435_456, pids: 3, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null };

const GERMAN = { l10nBundle: germanBundle(), language: 'de' };

/** Two workloads side by side, so the compare view has its "Where they differ" section. */
function twoWorkloads() {
  const web = containerStack();
  const guest = { ...vmStack(), name: 'guest', workload: { ...vmStack().workload, id: 'guest-id' } };
  return compareStacks([web, guest], '2026-12-05T10:00:00.000Z');
}

describe('the webview in the user’s language', function () {
  let webview;

  before(async function () {
    webview = await startWebview();
  });

  after(async function () {
    await webview?.stop();
  });

  const showStack = (page) => showLiveStack(page, containerStack(), stats);
  /** Healthy, and nothing of a bundle's text became an element anywhere in the page. */
  const assertPageHealthy = (page, pageErrors) => assertHealthy(page, pageErrors, 'img, b');

  const text = async (page, selector) => (await page.textContent(selector))?.trim();

  it('speaks German on the stack page when served the German bundle', async function () {
    const { page, pageErrors } = await webview.openPage('dark', 1000, 900, GERMAN);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    await page.waitForSelector('#status');
    assert.equal(await text(page, '#status'), 'Wird geladen…', 'the status line before any data');
    await showStack(page);

    assert.equal(await text(page, '[data-action="refresh"]'), 'Aktualisieren');
    assert.equal(await text(page, '[data-action="export"]'), 'Exportieren…');
    assert.equal(await text(page, '#toggle-sources'), 'Quellen anzeigen');
    assert.equal(await text(page, '#record-usage'), 'Nutzung aufzeichnen');
    assert.equal(await page.getAttribute('#toolbar', 'aria-label'), 'Workload-Aktionen');
    assert.equal(await page.getAttribute('#app', 'aria-label'), 'Stapeldiagramm');
    assert.equal(await text(page, '#status'), 'Live');
    assert.match(await text(page, '.live-stats .sub-heading'), /^Aktuelle Nutzung abgefragt /);
    assert.equal(await text(page, '[data-fact="live-pids"] .fact-label'), 'Prozesse');
    assert.equal(await text(page, '[data-spark="network"] .spark-label'), 'Netzwerk');
    assert.equal(await page.getAttribute('#stack', 'aria-label'), 'Schichten, von oben nach unten');
    assert.equal(await text(page, 'section[data-layer="app"] .band-state'), 'Details geschlossen');
    assert.equal(await page.getAttribute('#diagram-text > ol', 'aria-label'), `Der Stapel von ${containerStack().name}, von unten nach oben`);
    const source = await page.locator('[data-fact]:not([data-secret]) .fact-source').first().textContent();
    assert.match(source, /^Quelle: /, 'the hidden source line');

    // Data is not translated: the band titles and fact labels are the model's.
    const fixture = containerStack();
    const appTitle = fixture.layers.find((layer) => layer.kind === 'app').title;
    assert.ok((await page.textContent('section[data-layer="app"] .band-title')).startsWith(appTitle));

    await post(page, { type: 'status', status: { kind: 'stale', message: 'Verbindung verloren' } });
    await page.waitForFunction(() => document.querySelector('#status').textContent.includes('Veraltet'));
    assert.equal(await text(page, '#status'), 'Veraltet: Verbindung verloren', 'the host’s message in the German sentence');
    await assertPageHealthy(page, pageErrors);
    await page.close();
  });

  it('speaks German in the compare view, placeholders filled', async function () {
    const { page, pageErrors } = await webview.openPage('dark', 1400, 900, GERMAN);
    await post(page, { type: 'compare', model: twoWorkloads() });
    await page.waitForSelector('.compare-differences h2');
    assert.equal(await text(page, '.compare-differences h2'), 'Wo sie sich unterscheiden');
    assert.equal(await page.getAttribute('.compare-differences', 'aria-label'), 'Wo sie sich unterscheiden');
    assert.equal(await page.getAttribute('#compare', 'aria-label'), 'Workloads nebeneinander');
    assert.equal(await text(page, '#compare-toolbar [data-action="export"]'), 'Exportieren…');
    const name = await text(page, '#workload-name');
    assert.ok(name.startsWith('Vergleich: ') && name.includes('guest'), `the header names the workloads in German: ${name}`);
    await assertPageHealthy(page, pageErrors);
    await page.close();
  });

  it('speaks German on the overhead page', async function () {
    const { page, pageErrors } = await webview.openPage('dark', 1400, 900, GERMAN);
    await post(page, { type: 'overhead', results: overheadResults, running: false });
    await page.waitForSelector('#overhead-table');
    assert.equal(await text(page, '.overhead-metric-head'), 'Metrik');
    assert.equal(await text(page, '.overhead-caption-title'), 'Kosten im Verhältnis zu diesem Rechner');
    assert.equal(await text(page, '.overhead-measured-on h2'), 'Gemessen auf');
    assert.equal(await text(page, '#export-markdown'), 'Als Markdown speichern');
    assert.match(await text(page, '.overhead-when'), /^Gemessen .+ bis .+ · \d+ Läufe × \d+ ms je Metrik$/);
    assert.match(await text(page, '[data-column="0"] .overhead-column-kind'), /Bezugsgröße$/);
    assert.match(await text(page, '.overhead-metric-unit'), /\((weniger|mehr) ist besser\)$/);
    await assertPageHealthy(page, pageErrors);
    await page.close();
  });

  it('stays English without a bundle', async function () {
    const { page, pageErrors } = await webview.openPage();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('#ws-l10n').count(), 0, 'no translations block');
    await showStack(page);
    assert.equal(await text(page, '[data-action="refresh"]'), 'Refresh');
    assert.equal(await text(page, '#toggle-sources'), 'Show sources');
    assert.match(await text(page, '.live-stats .sub-heading'), /^Live usage sampled /);
    assert.equal(await page.getAttribute('#app', 'aria-label'), 'Stack diagram');
    await assertPageHealthy(page, pageErrors);
    await page.close();
  });

  it('puts a hostile bundle in as text: it cannot close its element or inject markup', async function () {
    const hostile = {
      Refresh: '</script><img src=x onerror="window.__xss=1">',
      'Where they differ': '</SCRIPT ><script>window.__xss=2</script><!--',
      'Show sources': 'Quellen\u2028anzeigen & <b>mehr</b>',
      'Live usage': '<img src=x onerror="window.__xss=3">{0}',
    };
    const { page, pageErrors } = await webview.openPage('dark', 1000, 900, { l10nBundle: hostile, language: 'de"><img src=x onerror="window.__xss=4' });
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'a language that is not a tag is not written');
    assert.equal(await page.locator('script#ws-l10n').count(), 1, 'the block holds all of its JSON');
    await showStack(page);
    assert.equal(await page.textContent('[data-action="refresh"]'), hostile.Refresh, 'shown as the very text');
    assert.equal(await page.textContent('#toggle-sources'), hostile['Show sources']);
    assert.equal(await text(page, '[data-action="inspect"]'), 'Inspect', 'a message the bundle lacks stays English');
    await post(page, { type: 'compare', model: twoWorkloads() });
    await page.waitForSelector('.compare-differences h2');
    assert.equal(await page.textContent('.compare-differences h2'), hostile['Where they differ']);
    await assertPageHealthy(page, pageErrors);
    assert.equal(await page.locator('script:not([nonce]):not(#ws-l10n)').count(), 0, 'no script element from the bundle');
    await page.close();
  });
});
