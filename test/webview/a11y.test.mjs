// Accessibility of the webview pages in real Chromium: axe-core run on the stack page (glance and an
// open band), the compare page and the overhead page, in the light, dark and high-contrast themes,
// failing on any serious or critical violation; the screen-reader text of a diagram; live values
// announced politely and at most once in a few seconds; forced colours; every action by keyboard.
//
// Needs the webview bundle and the compiled page: `node scripts/build.mjs` and `tsc -p test`.
// Screenshots: test-results/a11y-{stack,compare,overhead}-{light,dark,high-contrast}.png,
//              test-results/a11y-forced-colors.png
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { containerStack, vmStack } from './stackFixtures.mjs';
import { THEMES, post, posted, resultsDir, root, startWebview } from './webviewPage.mjs';

const require = createRequire(import.meta.url);
const { compareStacks } = require('../../out/src/shared/compare.js');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const overheadResults = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'webview', 'overhead-results.json'), 'utf8'));
const stats = { readAt: '2026-12-05T10:00:02.000Z', cpuPercent: 37.5, memoryBytes: 48_234_496, memoryLimitBytes: 268_435_456, pids: 3, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null };

const renamed = (stack, name) => ({ ...stack, name, workload: { ...stack.workload, id: `${name}-id` } });

/** The pages axe checks: each draws one kind of panel from the messages its host sends. */
const PAGES = {
  async stack(page) {
    await post(page, { type: 'stack', stack: containerStack(), secretsRevealed: false });
    await post(page, { type: 'status', status: { kind: 'live' } });
    await post(page, { type: 'stats', stats });
    await page.waitForSelector('#stack section[data-layer="app"]');
    // Two bands' detail open too, so facts, groups, toggles, live tiles and sparklines are checked as well.
    await page.locator('section[data-layer="isolation"] .band-head').first().click();
    if (await page.locator('section[data-layer="app"][data-collapsed]').count()) await page.locator('section[data-layer="app"] .band-head').first().click();
  },
  async compare(page) {
    const container = containerStack();
    const model = compareStacks([renamed(container, 'web'), renamed(vmStack(), 'guest'), renamed(container, 'db')], '2026-12-05T10:00:00.000Z');
    await post(page, { type: 'compare', model });
    await page.waitForSelector('.compare section[data-layer]');
  },
  async overhead(page) {
    await post(page, { type: 'overhead', results: overheadResults, running: false });
    await page.waitForSelector('#overhead[data-running="false"] #overhead-table');
  },
};

/** Runs axe-core in the page; the page's CSP allows no inline script, so the source is evaluated through the DevTools protocol. */
async function seriousViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), summary: node.failureSummary })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

const describeViolations = (violations) =>
  violations
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes.map((node) => `    ${node.target}\n      ${node.summary?.replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n  ');

/** What has focus, named by what the page calls it: an action, an id, a band, or tag and classes. */
const focusedName = (page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'body';
    if (active.dataset.layer) return `band:${active.dataset.layer}`;
    return active.getAttribute('data-action') || active.id || `${active.tagName.toLowerCase()}.${[...active.classList].join('.')}`;
  });

/**
 * Every Tab stop of the page. Tab goes round the page, through the body back to the start; a
 * control inside a band makes that band the diagram's tab stop, which then comes before it: three
 * times round finds every stop.
 */
async function tabStops(page) {
  const stops = [];
  let bodies = 0;
  for (let presses = 0; presses < 120 && bodies < 3; presses += 1) {
    await page.keyboard.press('Tab');
    const stop = await focusedName(page);
    if (stop === 'body') bodies += 1;
    else if (!stops.includes(stop)) stops.push(stop);
  }
  return stops;
}

describe('accessibility of the webview in Chromium', function () {
  let webview;

  before(async function () {
    webview = await startWebview();
  });

  after(async function () {
    await webview?.stop();
  });

  for (const [name, draw] of Object.entries(PAGES)) {
    for (const theme of Object.keys(THEMES)) {
      it(`the ${name} page has no serious or critical axe violation in the ${theme} theme (screenshot)`, async function () {
        const { page, pageErrors } = await webview.openPage(theme, 1280, 800);
        await draw(page);
        const violations = await seriousViolations(page);
        mkdirSync(resultsDir, { recursive: true });
        await page.screenshot({ path: join(resultsDir, `a11y-${name}-${theme}.png`), fullPage: true });
        assert.deepEqual(pageErrors, []);
        assert.equal(violations.length, 0, `axe on the ${name} page (${theme}):\n  ${describeViolations(violations)}`);
        await page.close();
      });
    }
  }

  it('gives a screen reader the stack as a list of bands, bottom first, with their values', async function () {
    const stack = containerStack();
    const { page, pageErrors } = await webview.openPage('dark');
    await PAGES.stack(page);
    const text = page.locator('#diagram-text');
    const box = await text.boundingBox();
    assert.ok(box && box.width <= 1 && box.height <= 1, 'read, not drawn');
    const items = await text.locator('ol > li').allTextContents();
    assert.deepEqual(items.map((item) => item.split(':')[0]), stack.layers.map((layer) => layer.kind), 'every band, bottom first');
    for (const [index, layer] of stack.layers.entries()) assert.ok(items[index].includes(layer.title), `${layer.kind} says its title`);
    const hardware = stack.layers.find((layer) => layer.kind === 'hardware');
    const shownValue = await page.locator('section[data-layer="hardware"] .band-head [data-headline] .headline-value').first().textContent();
    assert.ok(items[stack.layers.indexOf(hardware)].includes(shownValue), 'with the values the block shows');
    assert.equal(await page.locator('#diagram-text h2').textContent(), 'The diagram as text');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  it('gives a screen reader each compared workload as a list that says what it shares', async function () {
    const { page, pageErrors } = await webview.openPage('dark');
    await PAGES.compare(page);
    const columns = await page.$$eval('#diagram-text ul > li', (items) => items.map((item) => ({ name: item.firstChild.textContent, bands: [...item.querySelectorAll('li')].map((band) => band.textContent) })));
    assert.deepEqual(columns.map((column) => column.name.split(',')[0]), ['web', 'db', 'guest'].filter((name) => columns.some((column) => column.name.startsWith(name))));
    const web = columns.find((column) => column.name.startsWith('web'));
    assert.ok(web.bands.some((band) => band.startsWith('engine:') && band.includes('shared with db')), `web's engine is shared with db: ${web.bands.join(' | ')}`);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  it('announces changed live values politely, at most once in five seconds, the latest when the interval is over', async function () {
    this.timeout(30_000);
    const { page, pageErrors } = await webview.openPage('dark');
    await PAGES.stack(page);
    const region = page.locator('#live-announcer');
    assert.equal(await region.getAttribute('aria-live'), 'polite');
    assert.equal(await region.getAttribute('role'), 'status');
    assert.equal(await page.getAttribute('.live-stats', 'aria-live'), 'off', 'the tiles themselves are not read on every sample');
    await page.evaluate(() => {
      window.__announced = [];
      new MutationObserver(() => window.__announced.push({ at: performance.now(), text: document.getElementById('live-announcer').textContent })).observe(document.getElementById('live-announcer'), {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const started = await page.evaluate(() => performance.now());
    for (const cpuPercent of [50, 61, 72, 83, 94]) await post(page, { type: 'stats', stats: { ...stats, cpuPercent, pids: 7 } });
    await page.waitForTimeout(1000);
    const burst = await page.evaluate(() => window.__announced);
    assert.equal(burst.length, 1, `one announcement for five quick samples: ${JSON.stringify(burst)}`);
    assert.equal(burst[0].text, 'Live usage: CPU 50 %, Processes 7', 'only the values that changed');
    await page.waitForFunction(() => window.__announced.length >= 2, undefined, { timeout: 10_000 });
    const [first, second] = await page.evaluate(() => window.__announced);
    assert.equal(second.text, 'Live usage: CPU 94 %', 'the latest value');
    assert.ok(second.at - first.at >= 4900, `five seconds apart (${Math.round(second.at - first.at)} ms)`);
    assert.ok(first.at - started < 1000, 'the first change at once');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  it('keeps band borders, meters and focus rings visible with forced colours (screenshot)', async function () {
    const { page, pageErrors } = await webview.openPage('high-contrast', 1280, 800);
    await page.emulateMedia({ forcedColors: 'active' });
    await PAGES.stack(page);
    assert.ok(await page.evaluate(() => matchMedia('(forced-colors: active)').matches));
    // Moved by the keyboard, so the ring is the one a keyboard user sees (:focus-visible).
    await page.focus('section[data-layer="engine"]');
    await page.keyboard.press('ArrowDown');
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'a11y-forced-colors.png'), fullPage: true });
    const looks = await page.evaluate(() => {
      const visible = (color) => color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color);
      const bands = [...document.querySelectorAll('#stack section[data-layer]')].map((band) => {
        const style = getComputedStyle(band);
        return { kind: band.dataset.layer, ok: ['Top', 'Right', 'Bottom', 'Left'].every((side) => style[`border${side}Style`] !== 'none' && parseFloat(style[`border${side}Width`]) > 0 && visible(style[`border${side}Color`])) };
      });
      const focused = getComputedStyle(document.activeElement);
      const meters = [...document.querySelectorAll('.meter:not(.is-hidden)')].map((meter) => ({
        border: visible(getComputedStyle(meter).borderTopColor) && getComputedStyle(meter).borderTopStyle !== 'none',
        fill: visible(getComputedStyle(meter.querySelector('.meter-fill')).backgroundColor),
      }));
      return { bands, focusRing: focused.outlineStyle !== 'none' && visible(focused.outlineColor) && parseFloat(focused.outlineWidth) > 0, meters };
    });
    assert.deepEqual(looks.bands.filter((band) => !band.ok).map((band) => band.kind), [], 'every band keeps a visible border');
    assert.ok(looks.focusRing, 'the focused band shows a ring');
    assert.ok(looks.meters.length > 0, 'the live usage meters are drawn');
    assert.deepEqual(looks.meters.filter((meter) => !meter.border || !meter.fill), [], 'every meter keeps its outline and its fill');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  it('reaches every toolbar action and the bands with Tab, and runs them with Enter', async function () {
    const { page, pageErrors } = await webview.openPage('dark', 1280, 800);
    await PAGES.stack(page);
    const stops = await tabStops(page);
    const actions = await page.$$eval('#toolbar [data-action]', (buttons) => buttons.filter((button) => button.offsetParent !== null).map((button) => button.getAttribute('data-action')));
    const toggles = await page.$$eval('#toolbar vscode-button[id], #toolbar button[id]', (buttons) => buttons.filter((button) => button.offsetParent !== null && !button.hasAttribute('data-action')).map((button) => button.id));
    assert.ok(actions.length >= 5, `toolbar actions: ${actions.join(', ')}`);
    assert.deepEqual([...actions, ...toggles].filter((name) => !stops.includes(name)), [], `every toolbar button is a Tab stop (stops: ${stops.join(', ')})`);
    assert.equal(stops.filter((stop) => stop.startsWith('band:')).length, 1, `the bands are one Tab stop (arrows move between them): ${stops.join(', ')}`);

    // Enter on a toolbar action runs it.
    await page.focus('[data-action="refresh"]');
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted(page)).at(-1), { type: 'action', action: 'refresh' });
    // Enter on a band toggles its detail; Tab then goes into the detail, and Enter opens or closes a group there.
    const appOpen = () => page.evaluate(() => !document.querySelector('section[data-layer="app"]').hasAttribute('data-collapsed'));
    await page.focus('section[data-layer="app"]');
    const wasOpen = await appOpen();
    await page.keyboard.press('Enter');
    assert.notEqual(await appOpen(), wasOpen, 'Enter toggles the band');
    if (!(await appOpen())) await page.keyboard.press('Enter');
    let groupToggle = false;
    for (let presses = 0; presses < 30 && !groupToggle; presses += 1) {
      await page.keyboard.press('Tab');
      groupToggle = await page.evaluate(() => Boolean(document.activeElement?.closest('section[data-layer="app"] .band-body') && document.activeElement.hasAttribute('aria-expanded')));
    }
    assert.ok(groupToggle, 'Tab reaches a group toggle in the open detail');
    const before = await page.evaluate(() => document.activeElement.getAttribute('aria-expanded'));
    await page.keyboard.press('Enter');
    assert.notEqual(await page.evaluate(() => document.activeElement.getAttribute('aria-expanded')), before, 'Enter opens or closes the group');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  for (const name of ['compare', 'overhead']) {
    it(`reaches every button of the ${name} page with Tab`, async function () {
      const { page, pageErrors } = await webview.openPage('dark', 1280, 800);
      await PAGES[name](page);
      const stops = await tabStops(page);
      const buttons = await page.$$eval('#app vscode-button, #app button', (nodes) =>
        nodes.filter((node) => node.getRootNode() === document && node.offsetParent !== null && !node.hasAttribute('disabled')).map((node) => node.getAttribute('data-action') || node.id || `${node.tagName.toLowerCase()}.${[...node.classList].join('.')}`),
      );
      assert.ok(buttons.length > 0, `the ${name} page has buttons`);
      assert.deepEqual(buttons.filter((button) => !stops.includes(button)), [], `every button is a Tab stop (stops: ${stops.join(', ')})`);
      if (name === 'compare') assert.equal(stops.filter((stop) => stop.startsWith('band:')).length, 1, 'the figure is one Tab stop');
      else assert.ok(stops.includes('overhead-scroll') || stops.some((stop) => stop.includes('overhead-scroll')), `the results table scrolls by keyboard (stops: ${stops.join(', ')})`);
      assert.deepEqual(pageErrors, []);
      await page.close();
    });
  }
});
