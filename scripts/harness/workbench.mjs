// Driving the VS Code workbench in a browser page the way a user does: activity bar, tree rows,
// command palette, webview content. Selectors are the ones verified in shared/ENVIRONMENT.md.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const testResultsDir = path.join(repoRoot, 'test-results');

const sidebarTreeRow = '#workbench\\.parts\\.sidebar .monaco-list-row[role="treeitem"]';

/**
 * Opens the workbench at `url` (optionally with `folder` open) and waits until it is drawn. With
 * `secret`, every message any frame of the page receives (the workbench, each webview's outer and
 * inner frame) is scanned for it from the first one on; see secretSightings.
 */
export async function openWorkbench(browser, url, { folder, secret } = {}) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  if (secret) await watchMessagesFor(page, secret);
  await traceFocus(page);
  const target = new URL(url);
  if (folder) target.searchParams.set('folder', folder);
  await page.goto(target.href);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}

/**
 * Keeps, in the workbench's own frame, the last moves of the keyboard focus (what gained it, with
 * the workbench part it is in), so a step that lost its palette or QuickPick can say what took it.
 */
async function traceFocus(page) {
  await page.addInitScript(() => {
    if (window !== window.top) return;
    const moves = [];
    const describe = (element) => {
      if (!(element instanceof Element)) return String(element);
      const part = element.closest('[id^="workbench.parts."]')?.id ?? '';
      const classes = [...element.classList].slice(0, 3).join('.');
      return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes ? `.${classes}` : ''}${part ? ` in ${part}` : ''}`;
    };
    const started = performance.now();
    const note = (text) => {
      moves.push(`${Math.round(performance.now() - started)} ms ${text}`);
      if (moves.length > 12) moves.shift();
    };
    window.addEventListener('focusin', (event) => note(describe(event.target)), true);
    // Focus that goes into a frame (a webview) fires no focusin here: the window's blur says it.
    window.addEventListener('blur', () => note(`into the frame ${describe(document.activeElement)}`));
    window.wsFocusMoves = () => moves.slice();
  });
}

/** The last focus moves of the workbench (see traceFocus), newest last, for a failure message. */
export async function focusMoves(page) {
  return (await page.evaluate(() => window.wsFocusMoves?.() ?? []).catch(() => [])).join('\n      ');
}

const sightings = new WeakMap();

/**
 * Installs, in every frame the page has or gets, a listener that reports a received message
 * holding `secret`, and whether the message is a stack the user asked to see revealed. Each
 * frame also reports its first message, so a scan that saw nothing cannot pass for a clean one.
 */
async function watchMessagesFor(page, secret) {
  const seen = { frames: new Set(), hits: [] };
  sightings.set(page, seen);
  await page.exposeBinding('wsMessageSeen', ({ frame }, kind, excerpt) => {
    if (kind === 'first') seen.frames.add(frame.url());
    else seen.hits.push({ frame: frame.url(), revealed: kind === 'revealed', excerpt });
  });
  // The workbench hands each webview its messages over a MessagePort, not as window 'message'
  // events, so the scan listens on both: the window, and every port's onmessage and listeners.
  await page.addInitScript((needle) => {
    let first = true;
    const scan = (event) => {
      let text;
      try {
        text = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
      } catch {
        return; // ports and other uncloneable values carry no stack
      }
      if (first) {
        first = false;
        void window.wsMessageSeen?.('first', '');
      }
      if (text?.includes(needle)) void window.wsMessageSeen?.(text.includes('"secretsRevealed":true') ? 'revealed' : 'leak', text.slice(0, 400));
    };
    window.addEventListener('message', scan, true);
    const port = MessagePort.prototype;
    const addListener = port.addEventListener;
    port.addEventListener = function (type, listener, options) {
      if (type === 'message') addListener.call(this, 'message', scan, options);
      return addListener.call(this, type, listener, options);
    };
    const onmessage = Object.getOwnPropertyDescriptor(port, 'onmessage');
    Object.defineProperty(port, 'onmessage', {
      configurable: true,
      get() {
        return onmessage.get.call(this);
      },
      set(handler) {
        onmessage.set.call(this, handler && ((event) => (scan(event), handler.call(this, event))));
      },
    });
  }, secret);
}

/** What the scan of openWorkbench({ secret }) saw: frames that received messages, and every message with the secret. */
export function secretSightings(page) {
  const seen = sightings.get(page);
  if (!seen) throw new Error('openWorkbench was not given the secret to watch for');
  return { frames: [...seen.frames], hits: [...seen.hits] };
}

/**
 * Fails unless the scan saw webview frames receive messages, and none of them held the secret
 * but a stack the user had revealed; with `revealed`, one such stack must have been seen.
 */
export function assertSecretStayedHome(page, { revealed = false } = {}) {
  const { frames, hits } = secretSightings(page);
  const webviews = frames.filter((url) => /webview/.test(url));
  if (webviews.length === 0) throw new Error(`the message scan saw no webview frame receive anything (frames: ${frames.join(', ')})`);
  const leak = hits.find((hit) => !hit.revealed);
  if (leak) throw new Error(`a secret value reached a webview the user had not revealed it in: ${leak.frame}\n${leak.excerpt}`);
  if (revealed && !hits.some((hit) => hit.revealed)) throw new Error('the scan never saw the value the user revealed: it would not see a leak either');
  return { webviews: webviews.length, revealed: hits.length };
}

/** Shows the activity-bar view container titled `title` (a click on an active one would hide it). */
export async function openActivity(page, title, { timeout = 30_000 } = {}) {
  const tab = page.getByRole('tab', { name: title });
  await tab.waitFor({ timeout });
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const alreadyShown = (await tab.getAttribute('aria-selected')) === 'true' && (await sidebar.isVisible());
  if (!alreadyShown) await tab.click();
  await sidebar.waitFor({ state: 'visible', timeout });
}

/** Every tree row drawn in the side bar. */
export function treeRows(page) {
  return page.locator(sidebarTreeRow);
}

/** The first side-bar tree row whose text contains `text`, once it is there. */
export async function findTreeRow(page, text, { timeout = 30_000 } = {}) {
  const row = treeRows(page).filter({ hasText: text }).first();
  await row.waitFor({ timeout });
  return row;
}

/** The side-bar tree row whose label is exactly `label` (its description may say anything). */
export async function findTreeRowByLabel(page, label, { timeout = 30_000 } = {}) {
  const exactly = new RegExp(`^${escapeRegExp(label)}$`);
  const row = treeRows(page).filter({ has: page.locator('.label-name', { hasText: exactly }) }).first();
  await row.waitFor({ timeout });
  return row;
}

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Runs a command from the palette by its title as shown there (e.g. "Workload Stacks: Refresh").
 * No retry: a palette closes early only when something takes the focus, and a step that moves the
 * focus (a terminal or editor shown, a webview focused) waits for it to land before the next step;
 * a failure names the last focus moves, which is what took it.
 */
export async function runCommand(page, title, { timeout = 30_000 } = {}) {
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const match = rows.filter({ hasText: title }).first();
  await page.keyboard.press('F1');
  await withFocusMoves(page, `the palette to offer "${title}"`, async () => {
    await input.fill(`>${title}`, { timeout: 10_000 });
    await match.waitFor({ timeout });
  });
  // Enter runs the highlighted (first) row; only a better-ranked other command needs a click.
  if ((await rows.first().textContent())?.includes(title)) await page.keyboard.press('Enter');
  else await match.click();
}

/** Runs `step`; if it fails, the error says what it waited for and where the focus went meanwhile. */
export async function withFocusMoves(page, what, step) {
  try {
    return await step();
  } catch (error) {
    const moves = await focusMoves(page);
    const message = `waiting for ${what}: ${error.message.split('\n')[0]}\n    focus moves (newest last):\n      ${moves}`;
    // Mocha prints the stack, which holds the message as it was when the error was made.
    error.stack = `${message}\n${(error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).join('\n')}`;
    error.message = message;
    throw error;
  }
}

/**
 * Runs the item `label` of the context menu that is open. Not by a click: a menu item listens for
 * mouseup only 100 ms after the menu is drawn (so the release of the right button that opened it
 * runs nothing), and that timer fires late while the workbench is busy, e.g. loading a webview;
 * a click in that window is dropped and the menu stays open. The menu's keyboard handling is there
 * at once: the pointer focuses the item, Enter runs it.
 */
export async function chooseContextMenuItem(page, label, { timeout = 15_000 } = {}) {
  const item = page.locator('.context-view .monaco-menu .action-item', { hasText: label });
  await item.waitFor({ timeout });
  await item.hover();
  await page.locator('.context-view .monaco-menu .action-item.focused', { hasText: label }).waitFor({ timeout });
  await page.keyboard.press('Enter');
}

/** Waits for the QuickPick a command opened (by its title), types `text` and accepts the first match. */
export async function pickInQuickPick(page, quickPickTitle, text, { timeout = 30_000 } = {}) {
  const widget = page.locator('.quick-input-widget', { hasText: quickPickTitle });
  await withFocusMoves(page, `the QuickPick "${quickPickTitle}" to offer "${text}"`, async () => {
    await widget.waitFor({ timeout });
    await widget.locator('input').fill(text, { timeout });
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout });
  });
  await page.keyboard.press('Enter');
}

/** Runs a palette command that asks with a QuickPick, and picks `text` in it. */
export async function runCommandAndPick(page, command, quickPickTitle, text) {
  await runCommand(page, command);
  await pickInQuickPick(page, quickPickTitle, text);
}

/** The content of the visible webview: VS Code nests it in two iframes. */
export function webviewFrame(page) {
  return page.locator('iframe.webview.ready:visible').contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Saves a screenshot as test-results/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(testResultsDir, { recursive: true });
  const file = path.join(testResultsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** After a failed mocha test: a picture of the workbench as it was (CI keeps test-results/). */
export async function screenshotIfFailed(test, page) {
  if (test?.state !== 'failed' || !page) return;
  const name = `failed-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
  console.log(`    [screenshot] ${await screenshot(page, name).catch((error) => error.message)}`);
}

/**
 * Clicks the tree row showing `rowText` and returns the diagram's frame once its tab `tabName` is
 * open and shows the workload `name` (default: `rowText`): a reused tab still shows the previous
 * one for a moment. One click, no retry: a failure says which row the click selected and which
 * tabs were open, which is what tells a click that landed elsewhere from an open that never came.
 */
export async function openDiagramFromTree(page, rowText, tabName, { exactLabel = false, name = rowText } = {}) {
  const tab = page.getByRole('tab', { name: tabName });
  const row = await (exactLabel ? findTreeRowByLabel : findTreeRow)(page, rowText, { timeout: 60_000 });
  await row.click();
  try {
    await tab.waitFor({ timeout: 15_000 });
    const frame = webviewFrame(page);
    await frame.locator('#workload-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }).waitFor({ timeout: 30_000 });
    await frame.locator('[data-layer]').first().waitFor({ timeout: 30_000 });
    return frame;
  } catch (error) {
    const selected = await page.locator(`${sidebarTreeRow}[aria-selected="true"]`).allTextContents().catch(() => []);
    const tabs = await page.getByRole('tab').allTextContents().catch(() => []);
    throw new Error(`${error.message}\n  after one click on the row "${rowText}": selected rows ${JSON.stringify(selected)}, tabs ${JSON.stringify(tabs)}`);
  }
}

/** The displayed value of the first fact with this `data-fact` key in a diagram frame. */
export async function factValue(frame, key) {
  const fact = frame.locator(`[data-fact="${key}"]`).first();
  // Drawn in its band's detail, which the glance keeps closed until the user opens it.
  await fact.waitFor({ state: 'attached', timeout: 15_000 });
  return ((await fact.locator('.fact-value').first().textContent()) ?? '').trim();
}

/**
 * Selects the rows (click, then Ctrl-click each other; the first opens its diagram) and runs
 * Compare from the palette; resolves with the compare webview's frame once its columns are drawn.
 */
export async function compareFromTree(page, names) {
  const [first, ...others] = names;
  await (await findTreeRow(page, first)).click();
  await page.getByRole('tab', { name: new RegExp(`Stack: ${escapeRegExp(first)}`) }).waitFor({ timeout: 30_000 });
  for (const name of others) await (await findTreeRow(page, name)).click({ modifiers: ['Control'] });
  await runCommand(page, 'Workload Stacks: Compare Stacks Side by Side');
  await page.getByRole('tab', { name: /Compare: / }).waitFor({ timeout: 30_000 });
  const frame = webviewFrame(page);
  await frame.locator('.compare-column').first().waitFor({ timeout: 30_000 });
  return frame;
}
