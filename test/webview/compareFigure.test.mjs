// The compare view as the figure: workloads that share a layer stand on one block of it (three
// containers of one engine on one engine block, two VMs of one hypervisor on one hypervisor block).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { containerStack, vmStack } from './stackFixtures.mjs';
import { post, resultsDir, startWebview } from './webviewPage.mjs';

const { compareStacks } = createRequire(import.meta.url)('../../out/src/shared/compare.js');

/** Another workload like `stack`: a copy of its own (bands are one band only when they are one object or say the same). */
function renamed(stack, name) {
  return { ...structuredClone(stack), name, workload: { ...stack.workload, id: `${name}-id` } };
}

describe('the compare figure in Chromium', function () {
  let webview;

  before(async function () {
    webview = await startWebview();
  });

  after(async function () {
    await webview?.stop();
  });

  it('stands three containers on one engine block and two VMs on one hypervisor block', async function () {
    const container = containerStack();
    const vm = vmStack();
    const stacks = [renamed(container, 'web'), renamed(vm, 'guest-a'), renamed(container, 'db'), renamed(vm, 'guest-b'), renamed(container, 'cache')];
    const model = compareStacks(stacks, '2026-12-05T10:00:00.000Z');
    const { page, pageErrors } = await webview.openPage('dark', 1600, 1000);
    await post(page, { type: 'compare', model });
    await page.waitForSelector('.compare-columns section[data-layer]');

    const box = (locator) => locator.boundingBox();
    const columnBox = async (name) => box(page.locator(`.compare-column[aria-label="${name}"] section[data-layer="app"]`));
    const engine = page.locator('section[data-shared="some"][data-layer="engine"]');
    assert.equal(await engine.count(), 1, 'one engine block for the three containers');
    assert.equal(await engine.getAttribute('data-shared-by'), 'web\ndb\ncache');
    const [web, cache, engineBox] = [await columnBox('web'), await columnBox('cache'), await box(engine)];
    assert.ok(Math.abs(engineBox.x - web.x) < 2 && Math.abs(engineBox.x + engineBox.width - (cache.x + cache.width)) < 2, 'it spans the three columns');
    assert.ok(engineBox.y > web.y, 'under their apps');
    assert.equal(await page.locator('.compare-column section[data-layer="engine"]').count(), 0, 'no column draws its own copy');

    const hypervisor = page.locator('section[data-shared="some"][data-layer="hypervisor"]', { hasText: 'QEMU' });
    assert.equal(await hypervisor.getAttribute('data-shared-by'), 'guest-a\nguest-b', 'one hypervisor block for the two VMs');
    const [guestA, guestB, hypervisorBox] = [await box(page.locator('.compare-column[aria-label="guest-a"] .kernel-note')), await box(page.locator('.compare-column[aria-label="guest-b"] .kernel-note')), await box(hypervisor)];
    assert.ok(hypervisorBox.x <= guestA.x + 1 && hypervisorBox.x + hypervisorBox.width >= guestB.x + guestB.width - 1, 'it spans both VM columns');
    assert.deepEqual(await page.locator('.kernel-note[data-kernel="own"]').count(), 2, 'each VM visibly brings its own kernel');

    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'compare-figure.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
