// Measurement 8: in code-server with Chromium, a click on a container whose image has 64 layers
// until every band has its data; and the compare view of 10 workloads until 10 columns are drawn.
// Timed from the runner, so each figure includes Playwright's round trips (a few ms).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../harness/browser.mjs';
import { startCodeServer } from '../harness/codeServer.mjs';
import { connect } from '../harness/dockerd.mjs';
import { busyboxImage, deepImage, deepImageLayerCount, ensureDeepImage } from '../harness/images.mjs';
import { findTreeRow, openActivity, openWorkbench, screenshot, treeRows, webviewFrame } from '../harness/workbench.mjs';

const diagramRepetitions = 5;
const compareRepetitions = 3;
const compareCount = 10;
const label = { 'workload-stacks.bench': '1' };

async function createRunning(docker, name, image) {
  const container = await docker.createContainer({ name, Image: image, Cmd: ['sleep', '3600'], Labels: label, HostConfig: { Init: true } });
  await container.start();
  return container;
}

async function closeAllEditors(page) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>View: Close All Editors');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Close All Editors' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('iframe.webview.ready:visible').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}

async function timeDiagram(page) {
  const row = await findTreeRow(page, 'bench-deep', { timeout: 60_000 });
  const started = Date.now();
  await row.click();
  const frame = webviewFrame(page);
  await frame.locator('#workload-name', { hasText: /^bench-deep$/ }).waitFor({ timeout: 30_000 });
  await frame.locator('[data-layer="app"] [data-headline="command"]').first().waitFor({ timeout: 30_000 });
  await frame.locator(`[data-image-layer="${deepImageLayerCount - 1}"]`).waitFor({ state: 'attached', timeout: 30_000 });
  const ms = Date.now() - started;
  const layers = await frame.locator('[data-image-layer]').count();
  return { ms, layers, phases: await phasesSince(frame, started) };
}

/** Opens the tree's reusable tab on another container first, so the click only changes its content. */
async function timeDiagramInReusedTab(page) {
  await (await findTreeRow(page, 'bench-cmp-00', { timeout: 60_000 })).click();
  const frame = webviewFrame(page);
  await frame.locator('#workload-name', { hasText: /^bench-cmp-00$/ }).waitFor({ timeout: 30_000 });
  await frame.locator('[data-layer="app"] [data-headline="command"]').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  return timeDiagram(page);
}

/**
 * Where the time went, from the webview's own timeline (marks set by webview-ui/src/main.ts),
 * in ms after `started` (same clock: the runner and Chromium share the machine's).
 */
async function phasesSince(frame, started) {
  const timeline = await frame.locator('body').evaluate(() => ({
    origin: performance.timeOrigin,
    marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
  }));
  const at = (offset) => (offset === undefined ? undefined : Math.round(timeline.origin + offset - started));
  const pageStarted = at(0);
  return {
    // A reused tab's page started before the click: only a new webview has these two.
    pageStarted: pageStarted >= 0 ? pageStarted : undefined,
    ready: pageStarted >= 0 ? at(timeline.marks['ws:ready']) : undefined,
    scriptStarted: pageStarted >= 0 ? at(timeline.marks['ws:script-start']) : undefined,
    dataReceived: at(timeline.marks['ws:data-received']),
    drawn: at(timeline.marks['ws:drawn']),
  };
}

async function timeCompare(page) {
  const rows = treeRows(page).filter({ hasText: /bench-cmp-/ });
  await rows.first().click();
  for (let i = 1; i < compareCount; i++) await rows.nth(i).click({ modifiers: ['Control'] });
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Workload Stacks: Compare Stacks Side by Side');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compare Stacks Side by Side' }).first().waitFor();
  const started = Date.now();
  await page.keyboard.press('Enter');
  const frame = webviewFrame(page);
  await frame.locator(`.compare-column:nth-of-type(${compareCount})`).waitFor({ timeout: 30_000 });
  const ms = Date.now() - started;
  return { ms, columns: await frame.locator('.compare-column').count(), phases: await phasesSince(frame, started) };
}

/** Median of each phase over the repetitions, as "page 120 / ready 300 / data 450 / drawn 480 ms". */
function describePhases(phases) {
  const median = (key) => {
    const values = phases.map((p) => p[key]).filter((v) => v !== undefined).sort((a, b) => a - b);
    return values.length === 0 ? '?' : values[Math.floor((values.length - 1) / 2)];
  };
  return `median after the click: webview page started ${median('pageStarted')}, ready ${median('ready')}, bundle running ${median('scriptStarted')}, data in ${median('dataReceived')}, drawn ${median('drawn')} ms`;
}

export async function measureDiagrams({ dockerHost, vsixPath }) {
  await ensureDeepImage(dockerHost);
  const docker = connect(dockerHost);
  const containers = [await createRunning(docker, 'bench-deep', deepImage)];
  for (let i = 0; i < compareCount; i++) containers.push(await createRunning(docker, `bench-cmp-${String(i).padStart(2, '0')}`, busyboxImage));
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ws-bench-'));
  let server;
  let browser;
  let page;
  try {
    server = await startCodeServer({ installVsix: vsixPath, env: { DOCKER_HOST: dockerHost }, workspaceDir: workspace });
    browser = await launchChromium();
    page = await openWorkbench(browser, server.url, { folder: workspace });
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });

    const diagram = [];
    const diagramPhases = [];
    const reused = [];
    const reusedPhases = [];
    let layers = 0;
    for (let rep = 0; rep < diagramRepetitions; rep++) {
      const result = await timeDiagram(page);
      diagram.push(result.ms);
      diagramPhases.push(result.phases);
      layers = result.layers;
      if (rep === 0) await screenshot(page, 'bench-diagram');
      await closeAllEditors(page);
      const again = await timeDiagramInReusedTab(page);
      reused.push(again.ms);
      reusedPhases.push(again.phases);
      await closeAllEditors(page);
    }
    const compare = [];
    const comparePhases = [];
    let columns = 0;
    for (let rep = 0; rep < compareRepetitions; rep++) {
      const result = await timeCompare(page);
      compare.push(result.ms);
      comparePhases.push(result.phases);
      columns = result.columns;
      if (rep === 0) await screenshot(page, 'bench-compare');
      await closeAllEditors(page);
    }
    return [
      { id: 'diagram-latency', measure: `(8) click -> diagram of a ${deepImageLayerCount}-layer image fully drawn, new tab`, unit: 'ms', samples: diagram, note: `no diagram open before: VS Code creates a webview; ${layers} image layers drawn; ${describePhases(diagramPhases)}`, extra: { phases: diagramPhases } },
      { id: 'diagram-drawn', measure: '(8b) same, until the webview drew it (its own timeline, without Playwright polling)', unit: 'ms', samples: diagramPhases.map((p) => p.drawn).filter((v) => v !== undefined) },
      { id: 'diagram-latency-reused', measure: `(8c) click -> diagram of the ${deepImageLayerCount}-layer image, in the tab the tree reuses`, unit: 'ms', samples: reused, note: `another container's diagram was open; ${describePhases(reusedPhases)}`, extra: { phases: reusedPhases } },
      { id: 'diagram-drawn-reused', measure: '(8d) same, until the webview drew it', unit: 'ms', samples: reusedPhases.map((p) => p.drawn).filter((v) => v !== undefined) },
      { id: 'compare-latency', measure: `(8) compare ${compareCount} workloads -> ${compareCount} columns drawn`, unit: 'ms', samples: compare, note: `${columns} columns drawn; ${describePhases(comparePhases)}`, extra: { phases: comparePhases } },
      { id: 'compare-drawn', measure: '(8e) same, until the webview drew them', unit: 'ms', samples: comparePhases.map((p) => p.drawn).filter((v) => v !== undefined) },
    ];
  } catch (error) {
    if (page) await screenshot(page, 'bench-diagram-failure').catch(() => undefined);
    throw error;
  } finally {
    await browser?.close();
    await server?.stop();
    await rm(workspace, { recursive: true, force: true });
    await Promise.all(containers.map((container) => container.remove({ force: true }).catch(() => undefined)));
  }
}
