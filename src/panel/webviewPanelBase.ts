// What every Workload Stacks panel does the same way: dresses the webview, keeps its
// subscriptions, drops any message that fails the guard, and holds what it posts until the
// webview says `ready`, so a fresh panel gets each message once and nothing is posted into a page
// that has not loaded. A webview that loads again later (it was hidden and VS Code discarded it)
// says `ready` again and is sent the panel's whole state by `restore`.
import * as vscode from 'vscode';
import type { Logger } from '../providers/provider';
import { prepareStackWebview } from './webviewHtml';

/** Each panel kind passes its own protocol (stackProtocol.ts...): what it receives and what it posts. */
export abstract class WebviewPanelBase<Incoming extends { type: string }, Outgoing extends { type: string }> implements vscode.Disposable {
  /** Messages posted before the first `ready`, the newest of each type only. */
  private held: Outgoing[] | undefined = [];
  private closed = false;
  protected readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    protected readonly log: Logger,
    private readonly guard: (message: unknown) => message is Incoming,
    /** Names the panel in the log. */
    private readonly what: string,
  ) {
    this.disposables.push(
      ...prepareStackWebview(panel, extensionUri, {
        onMessage: (message) => this.dispatch(message),
        onViewStateChange: () => this.viewStateChanged(),
        onDispose: () => this.dispose(),
      }),
    );
  }

  get isDisposed(): boolean {
    return this.closed;
  }

  /** Posts now, or holds until the webview is ready (replacing a held message of the same type). */
  protected post(message: Outgoing): void {
    if (this.closed) return;
    if (this.held) {
      this.held = [...this.held.filter((held) => held.type !== message.type), message];
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  /** A guarded message from the webview other than `ready`. */
  protected abstract receive(message: Exclude<Incoming, { type: 'ready' }>): void;

  /** The webview loaded again: send everything it shows. */
  protected abstract restore(): void;

  protected viewStateChanged(): void {}

  /** Releases what the panel holds beyond its subscriptions (streams, timers). */
  protected release(): void {}

  private dispatch(message: unknown): void {
    if (!this.guard(message)) {
      this.log.warn(`${this.what}: dropped a malformed message from the webview (${describe(message)}).`);
      return;
    }
    if (message.type !== 'ready') {
      this.receive(message as Exclude<Incoming, { type: 'ready' }>);
      return;
    }
    const held = this.held;
    this.held = undefined;
    if (held) for (const pending of held) void this.panel.webview.postMessage(pending);
    else this.restore();
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }
}

function describe(message: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(message) ?? String(message);
  } catch {
    text = String(message);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
