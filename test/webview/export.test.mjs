// The exports in real Chromium: the Mermaid text read by the real Mermaid parser (hostile data
// included), the SVG parsed as image/svg+xml and drawn, and the panel page's Export… control and
// its answer to the host's draw requests (SVG in the theme's resolved colours, PNG from a canvas),
// under the panel's real CSP, with a revealed secret never in the picture.
//
// Needs the webview bundle and the compiled sources: `node scripts/build.mjs` and `tsc -p test`.
// Run: npx mocha test/webview/export.test.mjs --timeout 60000
// Screenshots: test-results/export-stack.png, test-results/export-compare.png (the exported PNGs)
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { vmStack } from './stackFixtures.mjs';
import { post, posted, resultsDir, root, startWebview, THEMES } from './webviewPage.mjs';

const require = createRequire(import.meta.url);
const out = (path) => require(join(root, 'out', 'src', path));
const { stackMermaid } = out('shared/export/stackMermaid.js');
const { compareMermaid } = out('shared/export/compareMermaid.js');
const { stackSvg } = out('shared/export/stackSvg.js');
const { compareSvg } = out('shared/export/compareSvg.js');
const { DEFAULT_PALETTE } = out('shared/export/svgPalette.js');
const { compareStacks } = out('shared/compare.js');
const { checkedImage } = out('panel/imageCheck.js');

const readFixture = (name) => JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'webview', name), 'utf8'));
const fixture = () => readFixture('stack-container.json');
const hostile = () => readFixture('stack-hostile.json');
const twin = () => ({ ...fixture(), name: 'shop-db-1', workload: { ...fixture().workload, id: 'db-id' } });
/** Three containers of one engine and two VMs of one hypervisor: blocks shared by some columns. */
const figure = () => {
  const named = (stack, name) => ({ ...structuredClone(stack), name, workload: { ...stack.workload, id: `${name}-id` } });
  return compareStacks([named(fixture(), 'web'), named(vmStack(), 'guest-a'), named(fixture(), 'db'), named(vmStack(), 'guest-b'), named(hostile(), 'cache')], 'now');
};
const time = { exportedAt: '2026-12-05T19:00:00.000Z' };
const secretsOf = (stack) => stack.layers.flatMap((layer) => layer.facts.filter((fact) => fact.secret).map((fact) => fact.value));
const HOSTILE_SECRETS = secretsOf(hostile());

describe('exports in Chromium', function () {
  let webview;
  /** A blank page with Mermaid loaded, as a Markdown renderer would have it. */
  let mermaidPage;
  let pages = [];

  before(async function () {
    webview = await startWebview();
    // A page of its own, away from the panel's CSP: Mermaid runs as a Markdown renderer's page would run it.
    ({ page: mermaidPage } = await webview.openPage());
    await mermaidPage.goto('about:blank');
    await mermaidPage.setContent('<!DOCTYPE html><html><body></body></html>');
    await mermaidPage.addScriptTag({ path: join(root, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
    await mermaidPage.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  });

  afterEach(async function () {
    await Promise.all(pages.map((page) => page.close()));
    pages = [];
  });

  after(async function () {
    await mermaidPage?.close();
    await webview?.stop();
  });

  const openPage = async (theme = 'dark') => {
    const opened = await webview.openPage(theme);
    pages.push(opened.page);
    return opened;
  };

  /** Mermaid's own verdict: the diagram type it found, or the parser's error. */
  const mermaidParse = (text) =>
    mermaidPage.evaluate(async (source) => {
      try {
        const parsed = await window.mermaid.parse(source);
        return { type: parsed.diagramType };
      } catch (error) {
        return { error: String(error?.message ?? error) };
      }
    }, text);

  /** Mermaid's rendered SVG: labels as a reader sees them, and whether any element came from data. */
  const mermaidRender = (text) =>
    mermaidPage.evaluate(async (source) => {
      const { svg } = await window.mermaid.render(`m${Math.random().toString(36).slice(2)}`, source);
      // Mermaid's SVG holds HTML labels: read as the browser would embed it, inert in a template.
      const template = document.createElement('template');
      template.innerHTML = svg;
      const doc = template.content;
      return { labels: [...doc.querySelectorAll('.nodeLabel')].map((node) => node.textContent), injected: doc.querySelectorAll('img, script, iframe').length };
    }, text);

  it('Mermaid of a stack and of comparisons parses with the real Mermaid parser, hostile data included', async function () {
    const texts = {
      stack: stackMermaid(fixture(), time),
      hostile: stackMermaid(hostile(), time),
      'two containers on one engine': compareMermaid(compareStacks([fixture(), twin()], 'now'), time),
      'hostile comparison': compareMermaid(compareStacks([hostile(), fixture(), twin()], 'now'), time),
      'nothing shared': compareMermaid(compareStacks([hostile(), fixture()], 'now'), time),
      'blocks shared by some': compareMermaid(figure(), time),
    };
    assert.ok(figure().groups.length >= 2, 'the figure has blocks shared by some columns');
    const lines = compareMermaid(figure(), time).split('\n');
    assert.equal(lines.filter((line) => line.trim().startsWith('g0[')).length, 1, 'a shared block is one node');
    const links = lines.filter((line) => line.includes(' --- '));
    assert.equal(new Set(links).size, links.length, 'each link drawn once');
    for (const [name, text] of Object.entries(texts)) assert.deepEqual(await mermaidParse(text), { type: 'flowchart-v2' }, name);
    // The check has teeth: a raw quote or arrow in a label is refused by the same parser.
    assert.ok((await mermaidParse('flowchart BT\n  b0["a "quoted" label"]')).error, 'the parser refuses a raw quote');
  });

  it('Mermaid shows hostile text as the text it was, with no element made of it', async function () {
    const stack = hostile();
    const { labels, injected } = await mermaidRender(stackMermaid(stack, time));
    assert.equal(injected, 0, 'no <img>, <script> or <iframe> in the rendered diagram');
    const appTitle = stack.layers.find((layer) => layer.kind === 'app').title;
    assert.ok(labels.some((label) => label.includes(appTitle)), `the app band's title reads ${JSON.stringify(appTitle)}: ${JSON.stringify(labels)}`);
    assert.ok(labels.every((label) => !HOSTILE_SECRETS.some((secret) => label.includes(secret))), 'no secret value');
  });

  /** An image (a data: URL) drawn by Chromium on a canvas: its size and the colours of every 7th pixel. */
  const drawn = (page, url) =>
    page.evaluate(async (source) => {
      const image = new Image();
      image.src = source;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set();
      for (let i = 0; i < pixels.length; i += 4 * 7) colours.add(`${pixels[i]},${pixels[i + 1]},${pixels[i + 2]}`);
      return { width: canvas.width, colours: [...colours] };
    }, url);

  it('SVG parses as image/svg+xml and Chromium draws it: stack, comparison, hostile data', async function () {
    const { page } = await openPage();
    const svgs = {
      stack: stackSvg(fixture(), DEFAULT_PALETTE, time),
      hostile: stackSvg(hostile(), DEFAULT_PALETTE, time),
      comparison: compareSvg(compareStacks([fixture(), twin(), hostile()], 'now'), DEFAULT_PALETTE, time),
      figure: compareSvg(figure(), DEFAULT_PALETTE, time),
    };
    const groups = await page.evaluate((source) => new DOMParser().parseFromString(source, 'image/svg+xml').querySelectorAll('g[data-shared="some"] g[data-layer]').length, svgs.figure);
    assert.equal(groups, figure().groups.length, 'each block shared by some columns drawn once');
    for (const [name, svg] of Object.entries(svgs)) {
      const result = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
        return {
          errors: doc.getElementsByTagName('parsererror').length,
          root: doc.documentElement.localName,
          title: doc.querySelector('title')?.textContent,
          blocks: doc.querySelectorAll('g[data-layer]').length,
          injected: doc.querySelectorAll('img, script, foreignObject').length,
        };
      }, svg);
      const { width, colours } = await drawn(page, `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      assert.equal(result.errors, 0, `${name}: no parsererror`);
      assert.equal(result.root, 'svg', name);
      assert.ok(result.title?.length > 0, `${name}: a title`);
      assert.ok(result.blocks >= 6, `${name}: a block per band (${result.blocks})`);
      assert.equal(result.injected, 0, `${name}: no element made of data`);
      assert.ok(width >= 760 && colours.length > 8, `${name}: drawn, not blank (${colours.length} colours)`);
    }
  });

  it('the toolbar Export… posts exportDiagram, and a draw request is answered with the SVG in the theme’s colours, secrets masked', async function () {
    const { page, pageErrors } = await openPage('light');
    await post(page, { type: 'stack', stack: hostile(), secretsRevealed: true });
    await page.waitForSelector('section[data-layer="app"]');
    await page.click('#toolbar [data-action="export"]');
    assert.deepEqual((await posted(page)).at(-1), { type: 'exportDiagram' });

    await post(page, { type: 'renderImage', format: 'svg', requestId: 7, exportedAt: time.exportedAt });
    await page.waitForFunction(() => window.__posted.some((message) => message.type === 'exportImage'));
    const answer = (await posted(page)).find((message) => message.type === 'exportImage');
    assert.equal(answer.requestId, 7);
    assert.equal(answer.format, 'svg');
    assert.equal(answer.error, undefined);
    const svg = answer.data;
    assert.ok('bytes' in checkedImage('svg', svg), 'the host accepts it');
    assert.ok(svg.includes(`fill="${THEMES.light.vars['--vscode-editor-background']}"`), 'the light theme’s background, resolved');
    assert.ok(svg.includes(THEMES.light.vars['--vscode-charts-red']), 'the hardware band’s accent as the stylesheet resolves it in this theme');
    assert.ok(!/var\(--/.test(svg), 'no CSS variable left');
    assert.ok(svg.includes(time.exportedAt), 'stamped with the host’s export time');
    for (const secret of HOSTILE_SECRETS) assert.ok(!svg.includes(secret) && !svg.includes(secret.replace(/</g, '&lt;').replace(/>/g, '&gt;')), 'a revealed secret stays out');
    const shownSecrets = await page.$$eval('[data-secret] .fact-value', (nodes) => nodes.map((node) => node.textContent));
    assert.ok(HOSTILE_SECRETS.every((secret) => shownSecrets.includes(secret)), 'while the panel itself shows them revealed');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  });

  it('answers a PNG request with a PNG drawn from the SVG on a canvas, under the panel’s CSP', async function () {
    const { page, pageErrors } = await openPage('dark');
    await post(page, { type: 'stack', stack: fixture(), secretsRevealed: false });
    await page.waitForSelector('section[data-layer="app"]');
    await post(page, { type: 'renderImage', format: 'png', requestId: 1, exportedAt: time.exportedAt });
    await page.waitForFunction(() => window.__posted.some((message) => message.type === 'exportImage'));
    const answer = (await posted(page)).find((message) => message.type === 'exportImage');
    assert.equal(answer.error, undefined, answer.error);
    const checked = checkedImage('png', answer.data);
    assert.ok('bytes' in checked, JSON.stringify(checked.refused));
    const png = Buffer.from(checked.bytes);
    assert.equal(png.readUInt32BE(16), 760 * 2, 'twice the SVG’s width');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'export-stack.png'), png);
    // Not blank: the PNG drawn back into a canvas has the theme's background and the bands' colours.
    const { colours } = await drawn(page, answer.data);
    assert.ok(colours.includes('31,31,31'), 'the dark theme’s editor background (#1f1f1f)');
    assert.ok(colours.length > 20, `drawn, not blank (${colours.length} colours)`);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  });

  it('the compare view has an Export… control and draws the comparison on request', async function () {
    const { page, pageErrors } = await openPage('high-contrast');
    const model = compareStacks([fixture(), twin()], 'now');
    await post(page, { type: 'compare', model });
    await page.waitForSelector('#compare-toolbar [data-action="export"]');
    await page.click('#compare-toolbar [data-action="export"]');
    assert.deepEqual((await posted(page)).at(-1), { type: 'exportDiagram' });
    await post(page, { type: 'renderImage', format: 'png', requestId: 2, exportedAt: time.exportedAt });
    await post(page, { type: 'renderImage', format: 'svg', requestId: 3, exportedAt: time.exportedAt });
    await page.waitForFunction(() => window.__posted.filter((message) => message.type === 'exportImage').length === 2);
    const answers = (await posted(page)).filter((message) => message.type === 'exportImage');
    const svg = answers.find((answer) => answer.requestId === 3).data;
    assert.ok(svg.startsWith('<svg') && svg.includes('data-shared="true"') && svg.includes('shop-db-1'));
    assert.ok(svg.includes('fill="#000000"'), 'the high-contrast background');
    const png = checkedImage('png', answers.find((answer) => answer.requestId === 2).data);
    assert.ok('bytes' in png);
    writeFileSync(join(resultsDir, 'export-compare.png'), Buffer.from(png.bytes));
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
  });

  it('answers a draw request with an error, not silence, before anything is shown', async function () {
    const { page } = await openPage();
    await post(page, { type: 'renderImage', format: 'svg', requestId: 9, exportedAt: time.exportedAt });
    await page.waitForFunction(() => window.__posted.some((message) => message.type === 'exportImage'));
    const answer = (await posted(page)).find((message) => message.type === 'exportImage');
    assert.deepEqual(answer, { type: 'exportImage', format: 'svg', requestId: 9, error: 'nothing is drawn yet' });
  });
});
