// Serves the stack webview page exactly as the panel does (real CSP, nonces, bundle, stylesheet)
// with a recording stand-in for VS Code's webview API, in three default-theme variable sets, in
// English or with an l10n bundle (e.g. the real German one). Shared by the webview tests.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

// The page exactly as the extension serves it (compiled by `tsc -p test` into out/).
const { stackPageHtml } = createRequire(import.meta.url)('../../out/src/panel/stackPageHtml.js');

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const resultsDir = join(root, 'test-results');
const bundlePath = join(root, 'dist', 'webview.js');
const stylesheetPath = join(root, 'media', 'stack.css');

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// A handful of the variables VS Code defines, with the values of its default themes.
const SHARED_VARS = {
  '--vscode-font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  '--vscode-editor-font-size': '12px',
};
export const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f',
      '--vscode-descriptionForeground': '#9d9d9d', '--vscode-focusBorder': '#0078d4',
      '--vscode-panel-border': '#2b2b2b', '--vscode-errorForeground': '#f85149',
      '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#026ec1', '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc', '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-textLink-foreground': '#4daafc', '--vscode-testing-iconPassed': '#73c991',
      '--vscode-editorWarning-foreground': '#cca700', '--vscode-inputValidation-warningBackground': '#352a05',
      '--vscode-inputValidation-warningBorder': '#b89500', '--vscode-progressBar-background': '#0078d4',
      '--vscode-charts-foreground': '#cccccc', '--vscode-charts-red': '#f14c4c', '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#cca700', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7', '--vscode-terminal-ansiCyan': '#11a8cd',
      '--vscode-terminal-ansiMagenta': '#bc3fbc', '--vscode-terminal-ansiBrightBlue': '#3b8eea',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': '#6f6f6f', '--vscode-focusBorder': '#005fb8',
      '--vscode-panel-border': '#e5e5e5', '--vscode-errorForeground': '#c72e0f',
      '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0258a8', '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-textLink-foreground': '#005fb8', '--vscode-testing-iconPassed': '#388a34',
      '--vscode-editorWarning-foreground': '#bf8803', '--vscode-inputValidation-warningBackground': '#f6f5d2',
      '--vscode-inputValidation-warningBorder': '#b89500', '--vscode-progressBar-background': '#005fb8',
      '--vscode-charts-foreground': '#616161', '--vscode-charts-red': '#e51400', '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-yellow': '#bf8803', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34',
      '--vscode-charts-purple': '#652d90', '--vscode-terminal-ansiCyan': '#0598bc',
      '--vscode-terminal-ansiMagenta': '#bc05bc', '--vscode-terminal-ansiBrightBlue': '#0451a5',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000',
      '--vscode-descriptionForeground': '#ffffff', '--vscode-focusBorder': '#f38518',
      '--vscode-contrastBorder': '#6fc3df', '--vscode-errorForeground': '#f48771',
      '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff',
      '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df', '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff', '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-editorWarning-foreground': '#ffd370', '--vscode-inputValidation-warningBackground': '#000000',
      '--vscode-inputValidation-warningBorder': '#6fc3df', '--vscode-charts-foreground': '#ffffff',
      '--vscode-charts-red': '#f14c4c', '--vscode-charts-blue': '#3794ff', '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
      '--vscode-terminal-ansiCyan': '#00ffff', '--vscode-terminal-ansiMagenta': '#ff00ff',
      '--vscode-terminal-ansiBrightBlue': '#3b8eea',
    },
  },
};

/**
 * The page the panel serves, plus a nonce'd stub of VS Code's webview API that records calls.
 * The toolkit (FAST) probes `:focus-visible` support with a temporary <style> element that takes
 * its nonce from `<meta property="csp-nonce">`: a style nonce of its own keeps the probe inside
 * the CSP without 'unsafe-inline' and without exposing the script nonce in the DOM.
 */
function pageHtml(origin, themeName, translations) {
  const nonce = randomBytes(16).toString('base64');
  const styleNonce = randomBytes(16).toString('base64');
  const theme = THEMES[themeName];
  const stub = `
    window.__posted = []; window.__state = undefined; window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => window.__state,
        setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
      };
    };
    // Placed in the head, as VS Code's own script is: the body is dressed once it is parsed, before the bundle runs.
    document.addEventListener('readystatechange', () => { document.body.className = ${JSON.stringify(theme.bodyClass)}; }, { once: true });
    for (const [name, value] of Object.entries(${JSON.stringify({ ...SHARED_VARS, ...theme.vars })})) {
      document.documentElement.style.setProperty(name, value);
    }`;
  return stackPageHtml({
    cspSource: origin,
    scriptUri: `${origin}/dist/webview.js`,
    styleUri: `${origin}/media/stack.css`,
    nonce,
    styleNonce,
    preludeScript: stub,
    l10nBundle: translations?.l10nBundle,
    language: translations?.language,
  });
}

/** The German bundle the extension ships (l10n/bundle.l10n.de.json). */
export const germanBundle = () => JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.de.json'), 'utf8'));

/** `translations`: the bundles pages asked for, by the number in their `l10n` query parameter. */
function startServer(translations) {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const origin = `http://127.0.0.1:${server.address().port}`;
    const send = (type, body) => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204);
      response.end();
    } else if (url.pathname === '/') send('text/html; charset=utf-8', pageHtml(origin, url.searchParams.get('theme') ?? 'dark', translations.get(url.searchParams.get('l10n'))));
    else if (url.pathname === '/media/stack.css') send('text/css', readFileSync(stylesheetPath));
    else if (url.pathname === '/dist/webview.js') send('text/javascript', readFileSync(bundlePath));
    else {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

/** Starts the page server and Chromium; `stop()` ends both. */
export async function startWebview() {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run \`node scripts/build.mjs\` first.`);
  if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: install the Debian package chromium.');
  const translations = new Map();
  const server = await startServer(translations);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    /**
     * A fresh page with the app loaded and `ready` posted; collects page errors and warnings.
     * `l10n`: `{ l10nBundle, language }` to serve the page as VS Code in that language does (none: English).
     */
    async openPage(theme = 'dark', width = 1000, height = 900, l10n = undefined) {
      const page = await browser.newPage({ viewport: { width, height } });
      const pageErrors = [];
      const warnings = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
        if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
      });
      let query = `theme=${theme}`;
      if (l10n) {
        const id = String(translations.size);
        translations.set(id, l10n);
        query += `&l10n=${id}`;
      }
      await page.goto(`${origin}/?${query}`);
      await page.waitForFunction(() => window.__posted.length > 0);
      return { page, pageErrors, warnings };
    },
    async stop() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

/** Delivers a host message the way VS Code does: a window message event. */
export const post = (page, message) => page.evaluate((m) => window.postMessage(m, '*'), message);
/** Everything the page posted to the host, in order. */
export const posted = (page) => page.evaluate(() => window.__posted);

/** Shows `stack` as the host does (the stack, a live status, one stats reading) and waits for the live tiles. */
export async function showLiveStack(page, stack, stats, overrides = {}) {
  await post(page, { type: 'stack', stack, secretsRevealed: false, ...overrides });
  await post(page, { type: 'status', status: { kind: 'live' } });
  await post(page, { type: 'stats', stats });
  await page.waitForSelector('section[data-layer="app"] [data-fact="live-cpu"]');
}

/** No page errors, no CSP violations, no injected script ran, and no element matching `markup` (made from data). */
export async function assertHealthy(page, pageErrors, markup = '#app img, #app script') {
  assert.deepEqual(pageErrors, [], 'no page errors');
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violations');
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no injected script ran');
  assert.equal(await page.locator(markup).count(), 0, 'no markup from data');
}
