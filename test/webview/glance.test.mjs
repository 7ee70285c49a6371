// The glance: every stack panel opens on a diagram that fits one screen (1280x800), one block per
// band with its headline values, for a container, a VM, this machine and every recorded pod.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { containerStack, hostStack, podStacks, vmStack } from './stackFixtures.mjs';
import { post, resultsDir, startWebview } from './webviewPage.mjs';

const stats = { readAt: '2026-12-05T10:00:02.000Z', cpuPercent: 37.5, memoryBytes: 48_234_496, memoryLimitBytes: 268_435_456, pids: 3, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null };

describe('the glance in Chromium', function () {
  let webview;

  before(async function () {
    webview = await startWebview();
  });

  after(async function () {
    await webview?.stop();
  });

  /** Draws `stack` in a 1280x800 page and says what of it falls outside the screen. */
  async function drawAtGlance(stack, screenshot) {
    const { page, pageErrors } = await webview.openPage('dark', 1280, 800);
    await post(page, { type: 'stack', stack, secretsRevealed: false });
    await post(page, { type: 'status', status: { kind: 'live' } });
    if (stack.layers.some((layer) => layer.kind === 'app')) await post(page, { type: 'stats', stats });
    await page.waitForSelector('#stack > section[data-layer]');
    const report = await page.evaluate(() => {
      const bands = [...document.querySelectorAll('#stack > section[data-layer]')];
      return {
        kinds: bands.map((band) => band.dataset.layer),
        offScreen: bands.filter((band) => band.getBoundingClientRect().bottom > window.innerHeight).map((band) => band.dataset.layer),
        withoutValues: bands
          .filter((band) => band.querySelectorAll(':scope > .band-head [data-headline]').length === 0 && !band.querySelector(':scope > .band-head .band-headline-unavailable'))
          .map((band) => band.dataset.layer),
        openDetails: bands.filter((band) => !band.hasAttribute('data-collapsed')).length,
        pageHeight: document.documentElement.scrollHeight,
        screenHeight: window.innerHeight,
      };
    });
    if (screenshot) {
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, screenshot) });
    }
    assert.deepEqual(pageErrors, []);
    await page.close();
    return report;
  }

  function assertFits(stack, report) {
    assert.deepEqual(report.kinds, stack.layers.map((layer) => layer.kind).reverse(), `${stack.name}: one block per band, top first`);
    assert.deepEqual(report.offScreen, [], `${stack.name}: every block on the 1280x800 screen`);
    assert.ok(report.pageHeight <= report.screenHeight, `${stack.name}: no scrolling (${report.pageHeight} px for ${report.screenHeight})`);
    assert.deepEqual(report.withoutValues, [], `${stack.name}: every block shows its values or why it has none`);
    assert.equal(report.openDetails, 0, `${stack.name}: opens on the glance, no detail open`);
  }

  it('fits a container', async function () {
    const stack = containerStack();
    assertFits(stack, await drawAtGlance(stack, 'glance-container.png'));
  });

  it('fits a VM', async function () {
    const stack = vmStack();
    assert.ok(stack.layers.some((layer) => layer.kind === 'guest-os'), 'the VM has its guest bands');
    assertFits(stack, await drawAtGlance(stack, 'glance-vm.png'));
  });

  it('fits this machine, read live', async function () {
    const stack = await hostStack();
    assertFits(stack, await drawAtGlance(stack, 'glance-host.png'));
  });

  it('fits every recorded pod, a Kata pod with its own VM bands included', async function () {
    const pods = podStacks();
    const tallest = pods.reduce((best, stack) => (stack.layers.length > best.layers.length ? stack : best));
    assert.ok(tallest.layers.some((layer) => layer.kind === 'guest-os'), 'the tallest pod brings its own guest OS');
    for (const stack of pods) assertFits(stack, await drawAtGlance(stack, stack === tallest ? 'glance-pod.png' : undefined));
  });

  it('cuts a long value to fit its block, keeping the whole of it in reach (title, copy menu, detail)', async function () {
    const stack = containerStack();
    const long = `/bin/sh -c ${'exec httpd --with-a-very-long-argument '.repeat(20)}<b>not markup</b>`;
    const layers = stack.layers.map((layer) =>
      layer.kind === 'app' ? { ...layer, facts: layer.facts.map((fact) => (fact.key === 'command' ? { ...fact, value: long } : fact)) } : layer,
    );
    const { page } = await webview.openPage('dark', 1280, 800);
    await post(page, { type: 'stack', stack: { ...stack, layers }, secretsRevealed: true });
    const headline = page.locator('section[data-layer="app"] [data-headline="command"]');
    await headline.waitFor();
    const cut = await headline.locator('.headline-value').evaluate((node) => ({ text: node.textContent, cut: node.scrollWidth > node.clientWidth }));
    assert.deepEqual(cut, { text: long, cut: true }, 'drawn cut (ellipsis), held whole');
    assert.ok((await headline.getAttribute('title')).includes(long), 'the whole value in its title');
    assert.equal(JSON.parse(await headline.getAttribute('data-vscode-context')).factValue, long, 'the copy menu copies it whole');
    assert.equal(await page.locator('#app b').count(), 0, 'no markup from data');
    // A revealed secret is never handed to the copy menu.
    const secrets = await page.locator('[data-secret]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-vscode-context')));
    assert.ok(secrets.length > 0 && secrets.every((context) => context === null), 'no copy context on secret facts');
    await page.close();
  });
});
