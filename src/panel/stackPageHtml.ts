// The panel page as text, editor-free so the real-browser webview test serves the very same page:
// a strict CSP (no inline script or style; scripts and the toolkit's one probe style by nonce),
// the webview's translations as a JSON data block, the stylesheet and the webview bundle.

/**
 * Says `ready` as the page starts, before the stylesheet and the bundle load, so the host's first
 * message is on its way while they do (a round trip through the extension host costs about as much
 * as loading the bundle). Until the bundle takes over, messages wait here in order. Constant text:
 * nothing from the host or an engine goes in it.
 */
export const EARLY_READY_SCRIPT = `(() => {
  const waiting = [];
  const hold = (event) => waiting.push(event);
  window.addEventListener('message', hold);
  const api = acquireVsCodeApi();
  window.wsEarly = { api, take() { window.removeEventListener('message', hold); return waiting.splice(0); } };
  api.postMessage({ type: 'ready' });
  performance.mark('ws:ready');
})();`;

export interface StackPageInput {
  /** The webview's own origin for resources (`webview.cspSource`). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  /** The toolkit (FAST) probes :focus-visible with a <style> carrying the nonce from the csp-nonce
   * meta; a nonce of its own keeps the script nonce out of any readable attribute. */
  styleNonce: string;
  /** Extra nonce'd script placed first in the head (the browser test's stand-in for VS Code). */
  preludeScript?: string;
  /** English message -> translation for the webview's own words (`vscode.l10n.bundle`); none in English. */
  l10nBundle?: Record<string, string>;
  /** The page's language (BCP 47, e.g. `de`) when a bundle is given; `en` otherwise. */
  language?: string;
}

/**
 * JSON that cannot leave the <script> element it sits in: `<`, `>` and `&` (so no `</script>` or
 * `<!--` can appear) and the two line separators JavaScript once did not allow in strings, all as
 * \u escapes, which JSON.parse reads back as the same characters.
 */
function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The bundle's string entries only, so nothing else reaches the page. */
function stringEntries(bundle: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(bundle).filter((entry) => typeof entry[1] === 'string'));
}

/** A language tag fit for the lang attribute; anything else is English. */
function pageLanguage(input: StackPageInput): string {
  return input.l10nBundle && input.language && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(input.language) ? input.language : 'en';
}

export function stackPageHtml(input: StackPageInput): string {
  const csp = [
    "default-src 'none'",
    `style-src ${input.cspSource} 'nonce-${input.styleNonce}'`,
    `font-src ${input.cspSource}`,
    `img-src ${input.cspSource} data:`,
    `script-src 'nonce-${input.nonce}'`,
  ].join('; ');
  const prelude = input.preludeScript ? `<script nonce="${input.nonce}">${input.preludeScript}</script>\n` : '';
  // A data block, not a script: the browser never runs it, so it needs no nonce and the CSP is unchanged.
  const translations = input.l10nBundle ? `<script type="application/json" id="ws-l10n">${jsonForScriptElement(stringEntries(input.l10nBundle))}</script>\n` : '';
  return `<!DOCTYPE html>
<html lang="${pageLanguage(input)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${input.styleNonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${prelude}${translations}<script nonce="${input.nonce}">${EARLY_READY_SCRIPT}</script>
<link rel="stylesheet" href="${input.styleUri}">
<title>Stack</title>
</head>
<body>
<main id="app" aria-label="Stack diagram"></main>
<script type="module" nonce="${input.nonce}" src="${input.scriptUri}"></script>
</body>
</html>`;
}
