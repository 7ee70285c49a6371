// The panel page as text, editor-free so the real-browser webview test serves the very same page:
// a strict CSP (no inline script or style; scripts and the toolkit's one probe style by nonce),
// the stylesheet and the webview bundle.

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
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${input.styleNonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${prelude}<script nonce="${input.nonce}">${EARLY_READY_SCRIPT}</script>
<link rel="stylesheet" href="${input.styleUri}">
<title>Stack</title>
</head>
<body>
<main id="app" aria-label="Stack diagram"></main>
<script type="module" nonce="${input.nonce}" src="${input.scriptUri}"></script>
</body>
</html>`;
}
