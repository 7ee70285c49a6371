// The overhead lab in the webview, in real Chromium with the panel's real CSP: the results table
// (structure, ratios, verdicts, errors, exports, hostile data) and the measured cost drawn beside
// a band of the stack diagram.
//
// Needs the webview bundle and the compiled page: `node scripts/build.mjs` and `tsc -p test`.
// Run: npx mocha test/webview/*.test.mjs --timeout 60000
// Screenshots: test-results/overhead-{dark,light,high-contrast,narrow,running}.png,
//              test-results/overhead-annotation-{dark,light}.png
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertHealthy as assertPageHealthy, post, posted, resultsDir, root, startWebview } from './webviewPage.mjs';

const fixtures = join(root, 'test', 'fixtures', 'webview');
const results = JSON.parse(readFileSync(join(fixtures, 'overhead-results.json'), 'utf8'));
const stack = JSON.parse(readFileSync(join(fixtures, 'stack-container.json'), 'utf8'));
const clone = (value) => JSON.parse(JSON.stringify(value));

const VM = 2;
const CONTAINER = 1;
const annotation = {
  layerKind: 'isolation',
  headline: 'Measured cost vs this machine: up to 1.31× (syscall)',
  lines: ['CPU int 1.01× (within noise)', 'memcpy 0.99× (within noise)', 'syscall 1.31×', 'shares this machine’s kernel'],
  measuredAt: '2026-11-29T05:50:14.000Z',
};

/** A VM on a host that is itself a VM: two hypervisor bands, the guest's drawn higher. */
const nestedVmStack = {
  name: 'alpine-tcg',
  state: 'running',
  readAt: '2026-11-29T05:50:20.000Z',
  workload: { kind: 'vm', providerId: 'libvirt', id: '6f1c2a9e-3b7d-4c55-9a10-2d8e4f7b1c03' },
  layers: [
    { kind: 'hardware', title: 'Hardware', facts: [{ key: 'cpus', label: 'CPUs', value: '2', source: '/proc/cpuinfo' }] },
    { kind: 'hypervisor', title: 'Firecracker (this machine is a VM)', facts: [{ key: 'hv', label: 'Hypervisor', value: 'Firecracker', source: 'DMI' }] },
    { kind: 'host-os', title: 'Debian GNU/Linux 12', facts: [{ key: 'kernel', label: 'Kernel', value: '6.1.0-28-amd64', source: 'uname' }] },
    { kind: 'hypervisor', title: 'QEMU 7.2 (TCG)', facts: [{ key: 'accelerator', label: 'Accelerator', value: 'tcg', source: 'virsh dumpxml' }] },
    { kind: 'virtual-hardware', title: 'Virtual hardware', facts: [{ key: 'vcpus', label: 'vCPUs', value: '1', source: 'virsh dumpxml' }] },
    { kind: 'guest-os', title: 'Alpine Linux 3.20', facts: [{ key: 'guest-os', label: 'OS', value: 'Alpine Linux v3.20', source: 'guest agent' }] },
  ],
};

describe('overhead lab webview in Chromium', function () {
  let web;

  before(async function () {
    web = await startWebview();
  });

  after(async function () {
    await web?.stop();
  });

  async function showResults(page, value = results, running = false) {
    await post(page, { type: 'overhead', results: value, running });
    await page.waitForSelector(`#overhead[data-running="${running}"] #overhead-table`);
  }

  const assertHealthy = (page, pageErrors) => assertPageHealthy(page, pageErrors, '#app img, #app script, #app b, #app a');

  /** What each body cell of the table says, by row id and column index. */
  const readCells = (page) =>
    page.$$eval('#overhead-table tbody tr[data-row]', (rows) =>
      rows.map((row) => ({
        id: row.dataset.row,
        header: row.querySelector('th[scope="row"]')?.textContent ?? null,
        cells: [...row.querySelectorAll('td[data-column]')].map((cell) => ({
          column: Number(cell.dataset.column),
          text: cell.textContent,
          ratio: cell.getAttribute('data-ratio'),
          verdict: cell.getAttribute('data-verdict'),
          error: cell.hasAttribute('data-error'),
          title: cell.getAttribute('title'),
        })),
        reference: row.querySelector('td.overhead-reference')?.textContent ?? null,
      })),
    );

  it('replaces the page with the results table: a row per metric, a column per workload', async function () {
    const { page, pageErrors } = await web.openPage();
    await showResults(page);
    assert.equal(await page.locator('#stack, #toolbar').count(), 0, 'the stack diagram and its toolbar are gone');
    assert.equal(await page.textContent('#workload-name'), 'Overhead: devbox · shop-web-1 · alpine-tcg');
    assert.ok(await page.isHidden('#status'), 'no live/loading status on a results page');
    assert.ok((await page.textContent('#overhead-table caption')).startsWith('Cost relative to this machine'));
    assert.equal(await page.getAttribute('.overhead-scroll', 'tabindex'), '0', 'the scroll box is reachable by keyboard');

    const heads = await page.$$eval('#overhead-table thead th', (cells) => cells.map((cell) => [cell.getAttribute('scope'), cell.textContent]));
    assert.equal(heads.length, results.columns.length + 2);
    assert.ok(heads.every(([scope]) => scope === 'col'));
    assert.equal(heads[0][1], 'Metric');
    assert.equal(heads.at(-1)[1], 'Published (context)');
    assert.equal(heads[1][1], 'devboxthis machine · baseline');
    assert.equal(heads[2][1], `shop-web-1containerNot measured: ${results.columns[CONTAINER].error}`);
    assert.equal(heads[3][1], 'alpine-tcgVM');

    const rows = await readCells(page);
    assert.deepEqual(rows.map((row) => row.id), results.rows.map((row) => row.id));
    for (const [index, row] of rows.entries()) {
      const expected = results.rows[index];
      assert.equal(row.header, `${expected.label}${expected.unit} (${expected.better} is better)`);
      assert.deepEqual(row.cells.map((cell) => cell.column), [0, 1, 2]);
      assert.equal(row.reference, expected.reference ?? '–');
      for (const [column, cell] of row.cells.entries()) {
        const source = expected.cells[column];
        const where = `${expected.id}[${column}]`;
        assert.equal(cell.ratio, source.costRatio === undefined ? null : source.costRatio.toFixed(2), `${where} data-ratio`);
        assert.equal(cell.verdict, source.verdict ?? null, `${where} data-verdict`);
        assert.equal(cell.error, source.median === undefined, `${where} data-error`);
        if (source.median === undefined) assert.ok(cell.text.startsWith('not measured'), `${where}: ${cell.text}`);
        if (column === 0) assert.ok(!cell.text.includes('×'), `${where}: no ratio on the baseline`);
      }
    }

    const cell = (id, column) => rows.find((row) => row.id === id).cells[column];
    assert.equal(cell('cpu.int.one', 0).text, '2,140 ±1%');
    assert.equal(cell('cpu.int.one', VM).text, '52.3 ±2%41× costlier');
    assert.equal(cell('cpu.int.one', VM).title, results.rows[0].cells[VM].detail);
    assert.equal(cell('mem.latency', 0).text, '92.4 ±3%');
    assert.equal(cell('mem.latency', VM).text, '1,480 ±5%16× costlier');
    assert.equal(cell('sys.syscall', VM).text, '410 ±4%6.70× costlier');
    assert.equal(cell('fs.fsync', VM).text, '412 ±9%0.23× cheaper');
    assert.equal(cell('fs.read', VM).text, '2,200 ±9%1.05× within noise');
    const loopbackError = results.rows.find((row) => row.id === 'net.loopback').cells[VM].error;
    assert.equal(cell('net.loopback', VM).text, `not measured${loopbackError}`);
    assert.equal(cell('provisioning', 0).text, 'not measurednot measured for this kind of workload');
    assert.equal(cell('provisioning', VM).text, '9,400 ±5%no ratio: not measured on this machine');
    // The column's error is under its header, not repeated in each of its cells.
    assert.equal(cell('cpu.int.one', CONTAINER).text, 'not measured');
    assert.equal(cell('cpu.int.one', CONTAINER).title, results.columns[CONTAINER].error);

    // Verdicts in the theme's chart colours (dark theme values), and muted when within noise.
    const colourOf = (id) => page.$eval(`tr[data-row="${id}"] td[data-column="2"] .overhead-ratio-line`, (node) => getComputedStyle(node).color);
    assert.equal(await colourOf('cpu.int.one'), 'rgb(241, 76, 76)');
    assert.equal(await colourOf('fs.fsync'), 'rgb(137, 209, 133)');
    assert.equal(await colourOf('fs.read'), 'rgb(157, 157, 157)');

    const measuredOn = await page.$$eval('[data-measured-on]', (nodes) =>
      nodes.map((node) => [node.querySelector('h3').textContent, [...node.querySelectorAll('li')].map((item) => item.textContent)]),
    );
    assert.deepEqual(measuredOn, [
      ['devbox (this machine)', results.columns[0].measuredOn],
      ['shop-web-1 (container)', [...results.columns[CONTAINER].measuredOn, `Not measured: ${results.columns[CONTAINER].error}`]],
      ['alpine-tcg (VM)', [...results.columns[VM].measuredOn, ...results.columns[VM].notes]],
    ]);
    assert.equal(await page.textContent('.overhead-reference-source'), `Published figures: ${results.referenceSource}`);
    assert.deepEqual(
      await page.evaluate(() => ['ws:data-received', 'ws:drawn'].map((name) => performance.getEntriesByName(name).length)),
      [1, 1],
    );
    assert.equal(await page.evaluate(() => window.__state), undefined, 'an overhead panel stores no state to restore');
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('shows progress while running with Save disabled, then posts exportOverhead for each button', async function () {
    const { page, pageErrors } = await web.openPage();
    await showResults(page, results, true);
    assert.ok((await page.textContent('#overhead-status')).includes('Running…'));
    assert.equal(await page.locator('#overhead-status vscode-progress-ring').count(), 1);
    assert.ok((await page.textContent('#overhead-status')).startsWith('Started '));
    for (const format of ['markdown', 'json']) {
      assert.equal(await page.getAttribute(`#export-${format}`, 'disabled'), '', `${format} disabled while running`);
      await page.click(`#export-${format}`, { force: true });
    }
    assert.ok(await page.isVisible('.overhead-export-hint'));
    assert.deepEqual(await posted(page), [{ type: 'ready' }], 'a disabled button posts nothing');
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'overhead-running.png') });

    const button = await page.$('#export-markdown');
    await showResults(page, results, false);
    assert.ok(await page.evaluate((node) => node === document.getElementById('export-markdown'), button), 'buttons persist across updates');
    assert.ok(!(await page.textContent('#overhead-status')).includes('Running'));
    assert.equal(await page.locator('#overhead-status vscode-progress-ring').count(), 0);
    assert.ok((await page.textContent('#overhead-status')).startsWith('Measured '));
    assert.ok(await page.isHidden('.overhead-export-hint'));
    assert.equal(await page.getAttribute('#export-markdown', 'disabled'), null);
    await page.click('#export-markdown');
    assert.deepEqual((await posted(page)).at(-1), { type: 'exportOverhead', format: 'markdown' });
    await page.focus('#export-json');
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted(page)).at(-1), { type: 'exportOverhead', format: 'json' }, 'Enter on a focused button');
    assert.equal((await posted(page)).length, 3);

    assert.equal(await page.locator('.overhead-cancelled').count(), 0);
    await post(page, { type: 'overhead', results: { ...results, cancelled: true }, running: false });
    await page.waitForSelector('.overhead-cancelled');
    assert.ok((await page.textContent('#overhead-status')).includes('Cancelled: partial results'));

    const empty = { ...results, rows: [] };
    await post(page, { type: 'overhead', results: empty, running: true });
    await page.waitForSelector('.overhead-empty');
    assert.equal(await page.textContent('.overhead-empty'), 'Nothing measured yet.');
    assert.equal(await page.getAttribute('.overhead-empty', 'colspan'), String(results.columns.length + 2));
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('shows hostile names, errors and labels as text and runs nothing', async function () {
    const { page, pageErrors } = await web.openPage();
    const name = '<img src=x onerror="window.__xss=1">';
    const error = '<script>window.__xss=2</script> the probe died';
    const label = '<b>bold</b><img src=x onerror="window.__xss=3">';
    const detail = '"><img src=x onerror="window.__xss=4">';
    const link = '<a href="javascript:window.__xss=5">context</a>';
    const hostile = clone(results);
    hostile.columns[VM].name = name;
    hostile.columns[CONTAINER].error = error;
    for (const row of hostile.rows) row.cells[CONTAINER] = { error };
    hostile.columns[0].measuredOn.push(label);
    hostile.columns[VM].notes.push(label);
    hostile.rows[0].cells[VM].detail = detail;
    hostile.rows[0].reference = link;
    hostile.rows.find((row) => row.id === 'net.loopback').cells[VM].error = error;
    hostile.referenceSource = link;
    await showResults(page, hostile);
    await page.waitForTimeout(300); // time for an injected image to fail and fire its handler

    assert.equal(await page.textContent('#workload-name'), `Overhead: devbox · shop-web-1 · ${name}`);
    assert.equal(await page.textContent('#overhead-table thead th[data-column="2"] .overhead-column-name'), name);
    assert.equal(await page.textContent('#overhead-table thead th[data-column="1"] .overhead-column-error'), `Not measured: ${error}`);
    assert.equal(await page.textContent('tr[data-row="net.loopback"] td[data-column="2"] .overhead-cell-error'), error);
    assert.equal(await page.getAttribute('tr[data-row="cpu.int.one"] td[data-column="2"]', 'title'), detail);
    assert.equal(await page.textContent('tr[data-row="cpu.int.one"] .overhead-reference'), link);
    assert.equal(await page.textContent('[data-measured-on="0"] li:last-child'), label);
    assert.equal(await page.textContent('[data-measured-on="2"] li:last-child'), label);
    assert.equal(await page.textContent('[data-measured-on="2"] h3'), `${name} (VM)`);
    assert.equal(await page.textContent('.overhead-reference-source'), `Published figures: ${link}`);
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  it('keeps a wide table inside its scroll box, metric names in view, scroll kept across updates (screenshot)', async function () {
    const { page, pageErrors } = await web.openPage('dark', 560);
    const wide = clone(results);
    // Six workloads: more columns than a narrow panel can hold.
    for (let copy = 0; copy < 3; copy += 1) {
      wide.columns.push({ ...clone(results.columns[VM]), name: `alpine-tcg-${copy + 2}` });
      for (const row of wide.rows) row.cells.push(clone(row.cells[VM]));
    }
    await showResults(page, wide, true);
    const sizes = () =>
      page.evaluate(() => {
        const box = document.querySelector('.overhead-scroll');
        return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, box: box.scrollWidth - box.clientWidth, left: box.scrollLeft };
      });
    const before = await sizes();
    assert.equal(before.page, 0, 'the page itself does not scroll sideways');
    assert.ok(before.box > 200, `the table scrolls inside its box (${before.box}px)`);

    await page.$eval('.overhead-scroll', (box) => { box.scrollLeft = 200; });
    const metricX = await page.$eval('tr[data-row="cpu.int.one"] th', (cell) => cell.getBoundingClientRect().x);
    const boxX = await page.$eval('.overhead-scroll', (box) => box.getBoundingClientRect().x);
    assert.ok(Math.abs(metricX - boxX) < 2, 'the metric column sticks to the left edge');
    const caption = await page.locator('#overhead-table caption').boundingBox();
    assert.ok(Math.abs(caption.x - boxX) < 2 && caption.x + caption.width <= 560, 'the caption stays in view');
    await showResults(page, wide, false);
    assert.equal((await sizes()).left, 200, 'sideways scroll survives an update');
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'overhead-narrow.png'), fullPage: true });
    await assertHealthy(page, pageErrors);
    await page.close();
  });

  for (const theme of ['dark', 'light', 'high-contrast']) {
    it(`looks right in the ${theme} theme (screenshot)`, async function () {
      const { page, pageErrors } = await web.openPage(theme, 1200);
      await showResults(page);
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, `overhead-${theme}.png`), fullPage: true });
      await assertHealthy(page, pageErrors);
      await page.close();
    });
  }

  describe('annotation beside a band', function () {
    async function showStack(page, value = stack) {
      await post(page, { type: 'stack', stack: value, secretsRevealed: false });
      await page.waitForFunction((name) => document.getElementById('workload-name')?.textContent === name, value.name);
    }
    const annotations = (page) => page.locator('.overhead-annotation');

    it('draws it beside its band, keeps it across re-renders, drops it for another workload or null', async function () {
      const { page, pageErrors } = await web.openPage();
      await showStack(page);
      await post(page, { type: 'overheadAnnotation', annotation });
      await page.waitForSelector('.overhead-annotation');
      assert.equal(await annotations(page).count(), 1);
      const drawn = await page.$eval('.overhead-annotation', (node) => ({
        band: node.closest('section[data-layer]')?.getAttribute('data-layer'),
        kind: node.getAttribute('data-layer-kind'),
        tag: node.tagName,
        name: document.getElementById(node.getAttribute('aria-labelledby') ?? '')?.textContent,
        headlineWeight: getComputedStyle(node.querySelector('h3')).fontWeight,
        lines: [...node.querySelectorAll('li')].map((item) => item.textContent),
        time: node.querySelector('.overhead-annotation-time')?.textContent,
      }));
      assert.deepEqual(drawn, {
        band: 'isolation',
        kind: 'isolation',
        tag: 'ASIDE',
        name: annotation.headline,
        headlineWeight: '700',
        lines: annotation.lines,
        time: drawn.time,
      });
      assert.match(drawn.time, /^measured \S/);
      assert.equal(await page.getAttribute('.overhead-annotation-time', 'title'), annotation.measuredAt);

      // Beside the band: inside its box, in its right-hand part, level with its heading.
      const band = await page.locator('section[data-layer="isolation"]').boundingBox();
      const title = await page.locator('section[data-layer="isolation"] .band-title').boundingBox();
      const aside = await annotations(page).boundingBox();
      assert.ok(aside.x > title.x + title.width && aside.x > band.x + band.width / 2, 'at the right of the band');
      assert.ok(aside.y >= band.y && aside.y + aside.height <= band.y + band.height + 1, 'within the band');
      assert.ok(aside.y < title.y + title.height, 'level with the heading');

      // The cost is in the glance, and stays in view with the band's detail open.
      assert.ok(await page.isHidden('section[data-layer="isolation"] .band-body'));
      await page.click('section[data-layer="isolation"] .band-head');
      assert.ok(await page.isVisible('section[data-layer="isolation"] .band-body'));
      assert.ok(await annotations(page).isVisible(), 'visible beside an open detail');

      const oldBand = await page.$('section[data-layer="isolation"]');
      await showStack(page);
      await page.waitForFunction((node) => !node.isConnected, oldBand);
      assert.equal(await page.locator('section[data-layer="isolation"] .overhead-annotation').count(), 1, 'survives a re-render');

      await post(page, { type: 'overheadAnnotation', annotation: null });
      await page.waitForFunction(() => document.querySelector('.overhead-annotation') === null);
      assert.equal(await page.locator('section[data-layer][data-aside]').count(), 0);
      await showStack(page);
      assert.equal(await annotations(page).count(), 0, 'null is not undone by a re-render');

      await post(page, { type: 'overheadAnnotation', annotation: { ...annotation, layerKind: 'guest-os' } });
      await post(page, { type: 'overheadAnnotation', annotation });
      await page.waitForSelector('section[data-layer="isolation"] .overhead-annotation');
      assert.equal(await annotations(page).count(), 1, 'a new annotation replaces the previous one');

      const other = { ...stack, name: 'shop-db-1', workload: { ...stack.workload, id: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed' } };
      await showStack(page, other);
      assert.equal(await annotations(page).count(), 0, 'gone when the panel shows another workload');
      await showStack(page, other);
      assert.equal(await annotations(page).count(), 0);
      await assertHealthy(page, pageErrors);
      await page.close();
    });

    it('goes beside the topmost band of its kind, draws nothing without one, and waits for the first stack', async function () {
      const { page, pageErrors } = await web.openPage();
      const hypervisor = { ...annotation, layerKind: 'hypervisor', headline: 'Measured cost vs this machine: up to 41× (CPU int)', lines: ['CPU int 41×', 'accelerator: tcg'] };
      await post(page, { type: 'overheadAnnotation', annotation: hypervisor });
      await showStack(page, nestedVmStack);
      await page.waitForSelector('.overhead-annotation');
      assert.equal(await page.locator('section[data-layer="hypervisor"]').count(), 2);
      assert.equal(await annotations(page).count(), 1);
      const annotatedTitle = await page.$eval('.overhead-annotation', (node) => node.closest('section').querySelector('.band-title').firstChild.textContent);
      assert.equal(annotatedTitle, 'QEMU 7.2 (TCG)', 'the guest’s hypervisor, the last in stack order');
      const [upper, lower] = await page.$$eval('section[data-layer="hypervisor"]', (bands) => bands.map((band) => band.getBoundingClientRect().y));
      const asideY = (await annotations(page).boundingBox()).y;
      assert.ok(upper < lower && asideY < lower, 'drawn on the higher of the two');

      await post(page, { type: 'overheadAnnotation', annotation: { ...annotation, layerKind: 'engine' } });
      await page.waitForFunction(() => document.querySelector('.overhead-annotation') === null);
      assert.equal(await page.locator('section[data-layer][data-aside]').count(), 0, 'no engine band: nothing drawn');

      await post(page, { type: 'overheadAnnotation', annotation: { ...hypervisor, headline: '<img src=x onerror="window.__xss=6">', lines: ['<script>window.__xss=7</script>'] } });
      await page.waitForSelector('.overhead-annotation');
      await page.waitForTimeout(200);
      assert.equal(await page.textContent('.overhead-annotation h3'), '<img src=x onerror="window.__xss=6">');
      assert.equal(await page.textContent('.overhead-annotation li'), '<script>window.__xss=7</script>');
      await assertHealthy(page, pageErrors);
      await page.close();
    });

    for (const theme of ['dark', 'light']) {
      it(`looks right beside the isolation band in the ${theme} theme (screenshot)`, async function () {
        const { page, pageErrors } = await web.openPage(theme);
        await showStack(page);
        await post(page, { type: 'overheadAnnotation', annotation });
        await page.waitForSelector('.overhead-annotation');
        mkdirSync(resultsDir, { recursive: true });
        await page.screenshot({ path: join(resultsDir, `overhead-annotation-${theme}.png`), fullPage: true });
        await assertHealthy(page, pageErrors);
        await page.close();
      });
    }

    it('sits under the band heading in a narrow panel', async function () {
      const { page, pageErrors } = await web.openPage('dark', 420);
      await showStack(page);
      await post(page, { type: 'overheadAnnotation', annotation });
      await page.waitForSelector('.overhead-annotation');
      const head = await page.locator('section[data-layer="isolation"] .band-head').boundingBox();
      const aside = await annotations(page).boundingBox();
      assert.ok(aside.y >= head.y + head.height - 1, 'below the heading');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no sideways scrolling');
      await assertHealthy(page, pageErrors);
      await page.close();
    });
  });
});
