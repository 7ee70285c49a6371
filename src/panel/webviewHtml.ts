// The panel's HTML for a VS Code webview: fresh nonces from crypto, resources only from the
// extension's own dist/ and media/ folders.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { stackPageHtml } from './stackPageHtml';

function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

function stackPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return stackPageHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'stack.css')).toString(),
    nonce: randomBytes(18).toString('base64'),
    styleNonce: randomBytes(18).toString('base64'),
    // The webview's own words come from the same bundle as the host's (undefined in English).
    l10nBundle: vscode.l10n.bundle,
    language: vscode.env.language,
  });
}

export interface PanelHandlers {
  onMessage(message: unknown): void;
  onViewStateChange(): void;
  onDispose(): void;
}

/**
 * Dresses a panel for our webview app (icon, scripts on, resources only from dist/ and media/)
 * and wires its events; returns the subscriptions for the panel object to dispose.
 */
export function prepareStackWebview(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, handlers: PanelHandlers): vscode.Disposable[] {
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'workload-stacks.svg');
  panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
  panel.webview.html = stackPanelHtml(panel.webview, extensionUri);
  return [
    panel.webview.onDidReceiveMessage((message: unknown) => handlers.onMessage(message)),
    panel.onDidChangeViewState(() => handlers.onViewStateChange()),
    panel.onDidDispose(() => handlers.onDispose()),
  ];
}
