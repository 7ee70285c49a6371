// The panel's HTML for a VS Code webview: fresh nonces from crypto, resources only from the
// extension's own dist/ and media/ folders.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { stackPageHtml } from './stackPageHtml';

export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function stackPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return stackPageHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'stack.css')).toString(),
    nonce: randomBytes(18).toString('base64'),
    styleNonce: randomBytes(18).toString('base64'),
  });
}

/** Dresses a panel for our webview app: icon, scripts on, resources only from dist/ and media/. */
export function prepareStackWebview(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): void {
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'workload-stacks.svg');
  panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
  panel.webview.html = stackPanelHtml(panel.webview, extensionUri);
}
