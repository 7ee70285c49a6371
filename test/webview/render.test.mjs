// The stack webview in real Chromium: served with the panel's CSP, driven by the messages the
// host sends, checked for structure, protocol, keyboard, safety with hostile data, and looks.
//
// Needs the webview bundle: run `node scripts/build.mjs` first (this test builds nothing).
// Run: npx mocha test/webview/*.test.mjs --timeout 60000
// Screenshots: test-results/webview-{dark,light,high-contrast}.png
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertHealthy, post, posted, resultsDir, root, showLiveStack, startWebview } from './webviewPage.mjs';

const fixture = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'webview', 'stack-container.json'), 'utf8'));

const kindsBottomUp = fixture.layers.map((layer) => layer.kind);
const allFacts = fixture.layers.flatMap((layer) => layer.facts);
const imageLayerCount = fixture.layers.find((layer) => layer.kind === 'libraries').imageLayers.length;
const secretFacts = allFacts.filter((fact) => fact.secret);
const stats = { readAt: '2026-11-29T05:50:14.000Z', cpuPercent: 12.5, memoryBytes: 48_234_496, memoryLimitBytes: 268_435_456, pids: 3, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null };

describe('stack webview in Chromium', function () {
  let webview;

  before(async function () {
    webview = await startWebview();
  });

  after(async function () {
    await webview?.stop();
  });

  /** A fresh page with the app loaded and `ready` received; records errors and warnings. */
  const openPage = (theme = 'dark', width = 1000) => webview.openPage(theme, width);
  const lastPosted = async (page) => (await posted(page)).at(-1);

  const showStack = (page, overrides = {}) => showLiveStack(page, fixture, stats, overrides);

  it('says ready first, shows loading, then draws every band bottom-up with sourced facts', async function () {
    const { page, pageErrors } = await openPage();
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    assert.equal(await page.getAttribute('#status', 'data-status'), 'loading');

    await showStack(page);
    const domKinds = await page.$$eval('#stack > section[data-layer]', (bands) => bands.map((band) => band.dataset.layer));
    assert.deepEqual(domKinds, [...kindsBottomUp].reverse(), 'DOM holds bands top (app) to bottom (hardware)');
    const tops = [];
    for (const kind of kindsBottomUp) tops.push((await page.locator(`section[data-layer="${kind}"]`).boundingBox()).y);
    for (let i = 1; i < tops.length; i += 1) assert.ok(tops[i - 1] > tops[i], `${kindsBottomUp[i - 1]} is drawn below ${kindsBottomUp[i]}`);

    const factProblems = await page.evaluate((facts) => {
      const problems = [];
      for (const fact of facts) {
        const nodes = document.querySelectorAll(`[data-fact="${CSS.escape(fact.key)}"]`);
        if (nodes.length !== 1) problems.push(`${fact.key}: ${nodes.length} elements`);
        else if (nodes[0].getAttribute('title') !== fact.source) problems.push(`${fact.key}: title ${nodes[0].getAttribute('title')}`);
        else if (!nodes[0].querySelector('.fact-source')?.textContent.includes(fact.source)) problems.push(`${fact.key}: source not in text`);
        else if (!fact.secret && nodes[0].querySelector('.fact-value').textContent !== fact.value) problems.push(`${fact.key}: value differs`);
      }
      return problems;
    }, allFacts);
    assert.deepEqual(factProblems, []);
    const renderedFacts = await page.locator('[data-fact]:not([data-fact^="live-"])').count();
    assert.equal(renderedFacts, allFacts.length);
    assert.equal(await page.locator('[data-fact][data-multiline] pre').count(), allFacts.filter((f) => f.multiline).length);

    const state = await page.evaluate(() => window.__state);
    assert.deepEqual({ workload: state.workload, name: state.name }, { workload: fixture.workload, name: fixture.name });
    assert.equal(await page.textContent('#workload-name'), fixture.name);
    assert.equal(await page.textContent('#workload-state'), fixture.state);
    assert.equal(await page.getAttribute('#status', 'data-status'), 'live');
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('lists every image layer, collapsing long histories behind a toggle', async function () {
    const { page, pageErrors } = await openPage();
    await showStack(page);
    await page.click('section[data-layer="libraries"] .band-head');
    const rows = page.locator('section[data-layer="libraries"] li[data-image-layer]');
    assert.equal(await rows.count(), imageLayerCount);
    assert.equal(await rows.first().getAttribute('data-image-layer'), '0');
    assert.equal(await page.locator('li[data-image-layer]:visible').count(), 8);
    const first = fixture.layers.find((layer) => layer.kind === 'libraries').imageLayers[0];
    assert.equal(await rows.first().locator('.image-layer-command').textContent(), first.createdBy);
    await page.click('.image-layers-toggle');
    assert.equal(await page.locator('li[data-image-layer]:visible').count(), imageLayerCount);
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('masks secrets until a stack arrives with secretsRevealed, and asks the host to reveal', async function () {
    const { page, pageErrors } = await openPage();
    await showStack(page);
    const values = () => page.$$eval('[data-secret] .fact-value', (nodes) => nodes.map((node) => node.textContent));
    assert.deepEqual(await values(), secretFacts.map(() => '••••••'));
    assert.equal(await page.locator('[data-fact="env-count"]').count(), 1);
    const maskedMarkup = await page.$$eval('[data-secret]', (nodes) => nodes.map((node) => node.outerHTML).join('\n'));
    for (const fact of secretFacts) assert.ok(!maskedMarkup.includes(fact.value), `${fact.key}: value is not in the DOM`);

    assert.equal((await page.textContent('#reveal-secrets')).trim(), 'Reveal values');
    await page.click('#reveal-secrets');
    assert.deepEqual(await lastPosted(page), { type: 'revealSecrets', reveal: true });

    await post(page, { type: 'stack', stack: fixture, secretsRevealed: true });
    await page.waitForSelector('[data-secret="revealed"]', { state: 'attached' });
    assert.deepEqual(await values(), secretFacts.map((fact) => fact.value));
    assert.equal((await page.textContent('#reveal-secrets')).trim(), 'Hide values');
    await page.click('#reveal-secrets');
    assert.deepEqual(await lastPosted(page), { type: 'revealSecrets', reveal: false });
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('posts toolbar actions that fit the state', async function () {
    const { page, pageErrors } = await openPage();
    await showStack(page);
    assert.ok(await page.isHidden('[data-action="start"]'), 'no start while running');
    for (const action of ['refresh', 'inspect', 'logs', 'shell', 'stop', 'restart']) {
      await page.click(`[data-action="${action}"]`);
      assert.deepEqual(await lastPosted(page), { type: 'action', action });
    }
    await post(page, { type: 'stack', stack: { ...fixture, state: 'exited (0)' }, secretsRevealed: false });
    await page.waitForSelector('[data-action="start"]', { state: 'visible' });
    assert.ok(await page.isHidden('[data-action="stop"]'));
    await page.click('[data-action="start"]');
    assert.deepEqual(await lastPosted(page), { type: 'action', action: 'start' });
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('updates live stats in place and reports a removed workload', async function () {
    const { page, pageErrors } = await openPage();
    await showStack(page);
    const band = await page.$('section[data-layer="app"]');
    const cpu = await page.$('[data-fact="live-cpu"]');
    assert.equal(await page.textContent('[data-fact="live-cpu"] .fact-value'), '12.5 %');
    await post(page, { type: 'stats', stats: { ...stats, cpuPercent: 87.25, pids: 9 } });
    await page.waitForFunction(() => document.querySelector('[data-fact="live-cpu"] .fact-value').textContent === '87.3 %');
    assert.equal(await page.textContent('[data-fact="live-pids"] .fact-value'), '9');
    assert.ok(await page.evaluate(([oldBand, oldCpu]) => oldBand.isConnected && oldCpu.isConnected
      && oldBand === document.querySelector('section[data-layer="app"]')
      && oldCpu === document.querySelector('[data-fact="live-cpu"]'), [band, cpu]), 'same elements after stats');

    // A source with no live usage says so, as text, and keeps saying it when the stack is drawn again.
    await post(page, { type: 'statsEnded', reason: 'no metrics API <b>here</b>' });
    await page.waitForFunction(() => document.querySelector('.live-read-at')?.textContent === 'not available: no metrics API <b>here</b>');
    await post(page, { type: 'stack', stack: fixture, secretsRevealed: false });
    await page.waitForFunction(() => document.querySelector('.live-read-at')?.textContent === 'not available: no metrics API <b>here</b>');
    assert.equal(await page.$('.live-read-at b'), null, 'the reason is text, not markup');

    const message = 'The container 8030ffa83a0e no longer exists.';
    await post(page, { type: 'status', status: { kind: 'removed', message } });
    await page.waitForSelector('#status[data-status="removed"]');
    assert.ok((await page.textContent('#status')).includes(message));
    assert.equal(await page.getAttribute('[data-action="logs"]', 'disabled'), '');
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('drops messages outside the protocol and keeps working', async function () {
    const { page, pageErrors, warnings } = await openPage();
    await showStack(page);
    for (const bad of [{ type: 'stack' }, 'x', { type: 'nope' }, { type: 'stats', stats: { cpuPercent: 'lots' } }, null]) {
      await post(page, bad);
    }
    await page.waitForFunction(() => true);
    await page.waitForTimeout(100);
    assert.equal(warnings.filter((text) => text.includes('dropped')).length, 5);
    assert.equal(await page.locator('section[data-layer]').count(), kindsBottomUp.length);

    const hypervisor = fixture.layers.find((layer) => layer.kind === 'hypervisor');
    const unavailable = 'Cannot tell: no hypervisor evidence was readable (permission denied on /sys/firmware).';
    const layers = fixture.layers.map((layer) => (layer === hypervisor ? { ...layer, facts: [], unavailable } : layer));
    await post(page, { type: 'stack', stack: { ...fixture, layers }, secretsRevealed: false });
    await page.waitForSelector('section[data-layer="hypervisor"][data-unavailable]');
    assert.equal(await page.textContent('section[data-layer="hypervisor"] .band-unavailable'), unavailable);
    assert.equal(await page.textContent('section[data-layer="hypervisor"] .band-headline-unavailable'), unavailable);
    assert.ok(await page.isVisible('section[data-layer="hypervisor"] .band-headline-unavailable'), 'the reason is in the glance');
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('moves between bands with the keyboard (one tab stop) and opens a detail with Enter/Space', async function () {
    const { page, pageErrors } = await openPage();
    await showStack(page);
    const focusedKind = () => page.evaluate(() => document.activeElement?.getAttribute('data-layer'));
    assert.equal(await page.locator('section[data-layer][tabindex="0"]').count(), 1);

    await page.focus('section[data-layer="engine"]');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focusedKind(), 'isolation', 'ArrowUp goes to the band drawn above');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedKind(), 'host-os');
    await page.keyboard.press('Home');
    assert.equal(await focusedKind(), 'app');
    await page.keyboard.press('End');
    assert.equal(await focusedKind(), 'hardware');
    assert.equal(await page.getAttribute('section[data-layer="hardware"]', 'tabindex'), '0');
    assert.equal(await page.locator('section[data-layer][tabindex="0"]').count(), 1);

    assert.ok(await page.isHidden('section[data-layer="hardware"] .band-body'), 'the glance: details closed');
    await page.keyboard.press('Enter');
    assert.ok(await page.isVisible('section[data-layer="hardware"] .band-body'), 'Enter opens the detail');
    assert.deepEqual((await page.evaluate(() => window.__state)).openBands, ['hardware']);
    await page.keyboard.press(' ');
    assert.ok(await page.isHidden('section[data-layer="hardware"] .band-body'), 'Space closes it');

    // A new stack keeps the focused band focused.
    await page.keyboard.press('ArrowUp');
    await post(page, { type: 'stack', stack: fixture, secretsRevealed: false });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-layer') === 'hypervisor');
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  for (const theme of ['dark', 'light', 'high-contrast']) {
    it(`looks right in the ${theme} theme (screenshot)`, async function () {
      const { page, pageErrors } = await openPage(theme);
      await showStack(page);
      await page.focus('section[data-layer="isolation"]');
      await page.keyboard.press('ArrowUp');
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, `webview-${theme}.png`), fullPage: true });
      await assertHealthy(page, pageErrors);
      await page.close();
    });
  }

  it('stays readable in a narrow panel with sources shown and details open (screenshot)', async function () {
    const { page, pageErrors } = await openPage('dark', 420);
    await showStack(page);
    await page.click('#toggle-sources');
    assert.equal(await page.getAttribute('#toggle-sources', 'aria-pressed'), 'true');
    assert.ok(await page.isVisible('section[data-layer="host-os"] [data-headline="kernel"]'), 'the glance keeps its values in a narrow panel');
    for (const kind of ['host-os', 'libraries', 'hardware']) await page.click(`section[data-layer="${kind}"] .band-head`);
    assert.ok(await page.isVisible('[data-fact="kernel"] .fact-source'), 'sources shown as text');
    const state = await page.evaluate(() => window.__state);
    assert.deepEqual([state.showSources, [...state.openBands].sort()], [true, ['hardware', 'host-os', 'libraries']]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no sideways scrolling of the page');
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'webview-narrow.png'), fullPage: true });
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it("draws a compare's differences as a table of text, hostile values included", async function () {
    const { page, pageErrors } = await openPage('dark', 900);
    const isolation = (runtime) => ({ kind: 'isolation', title: 'Isolation', facts: [{ key: 'runtime', label: 'Runtime', value: runtime, source: 'test' }] });
    const column = (id, runtime) => ({ workload: { kind: 'container', providerId: id, id }, name: id, state: 'running', layers: [isolation(runtime)], kernel: { shared: true, text: 'Shares the host kernel' } });
    const hostile = '<img src=x onerror="window.__xss=1">crun';
    await post(page, {
      type: 'compare',
      model: {
        shared: [],
        groups: [],
        columns: [column('docker-web', 'runc'), column('podman-web', hostile), column('vm', 'none')],
        differences: [
          { key: 'runtime', label: 'Runtime', values: ['runc', hostile, null] },
          { key: 'rootless', label: 'Rootless engine', values: [null, 'yes: the engine runs as an ordinary user', null] },
        ],
        readAt: '2026-12-04T18:00:00.000Z',
      },
    });
    await page.waitForSelector('.compare-differences tr[data-fact="runtime"]');
    const cells = await page.$$eval('.compare-differences tr[data-fact="runtime"] td', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(cells, ['runc', hostile, '—']);
    assert.deepEqual(await page.$$eval('.compare-differences thead th', (ths) => ths.map((th) => th.textContent)), ['', 'docker-web', 'podman-web', 'vm']);
    await assertHealthy(page, pageErrors);
    await page.close();
  });
});
