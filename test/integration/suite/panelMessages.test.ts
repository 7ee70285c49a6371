// What a fresh stack panel posts to its webview: nothing before the webview says `ready`, then
// the stack of the inspection exactly once. The test sits between VS Code and the extension on
// the panel it creates: it records each post, and hands the webview's `ready` on only once the
// inspection has finished, so the messages of that inspection were posted before `ready`.
import * as assert from 'assert';
import * as fs from 'fs';
import Dockerode from 'dockerode';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../../src/api';
import { DEFAULT_SETTINGS } from '../../../src/overhead/overheadLab';
import { buildResults } from '../../../src/overhead/overheadResults';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'workload-stacks.workload-stacks';
const TEST_LABEL = 'workload-stacks.test';

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/** Opens the stack diagram of `target`, handing the webview panel it creates to `onPanel` first. */
async function openStackWatching(target: { ref: unknown; name: string }, onPanel: (panel: vscode.WebviewPanel) => void): Promise<void> {
  const window = vscode.window as Window;
  const create = window.createWebviewPanel;
  window.createWebviewPanel = ((...args: Parameters<typeof create>) => {
    const panel = create(...args);
    onPanel(panel);
    return panel;
  }) as typeof create;
  try {
    await vscode.commands.executeCommand('workloadStacks.openStack', target);
  } finally {
    window.createWebviewPanel = create;
  }
}

describe('Stack panel messages', function () {
  this.timeout(60_000);
  let api: WorkloadStacksApi;
  let docker: Dockerode;
  let container: Dockerode.Container;

  before(async () => {
    const host = process.env.DOCKER_HOST ?? '';
    if (!host.startsWith('unix://')) throw new Error(`The integration suite needs DOCKER_HOST=unix://<private dockerd socket>, got '${host}'.`);
    docker = new Dockerode({ socketPath: host.slice('unix://'.length) });
    const extension = vscode.extensions.getExtension<WorkloadStacksApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    container = await docker.createContainer({
      name: `messages-${Math.random().toString(36).slice(2, 8)}`,
      Image: 'local/busybox:latest',
      Cmd: ['sleep', '3600'],
      Labels: { [TEST_LABEL]: '1' },
      HostConfig: { Init: true },
    });
    await container.start();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await container.remove({ force: true }).catch(() => undefined);
  });

  it('holds what it posts until the webview is ready, and posts one stack for one inspection', async () => {
    await api.catalog.refresh('docker');
    const listed = await waitFor('the container listed', () => api.catalog.summaryOf({ providerId: 'docker', id: container.id }));

    const events: string[] = [];
    const heldReady: Array<() => void> = [];
    await openStackWatching({ ref: listed.ref, name: listed.name }, (panel) => {
      const webview = panel.webview;
      const post = webview.postMessage.bind(webview);
      webview.postMessage = (message: { type?: string }) => {
        events.push(`post ${message.type}`);
        return post(message);
      };
      const onMessage = webview.onDidReceiveMessage.bind(webview);
      // The extension's listener gets `ready` when the test says; every other message at once.
      Object.defineProperty(webview, 'onDidReceiveMessage', {
        value: (listener: (message: unknown) => void, thisArg?: unknown, disposables?: vscode.Disposable[]) =>
          onMessage(
            (message: { type?: string }) => {
              if (message?.type !== 'ready') return listener.call(thisArg, message);
              events.push('webview ready');
              heldReady.push(() => {
                events.push('ready handed on');
                listener.call(thisArg, message);
              });
            },
            undefined,
            disposables,
          ),
      });
    });
    const panel = await waitFor('the panel', () => api.panels.find(listed.ref));
    await waitFor('the inspection', () => (panel.snapshot.status.kind === 'live' ? true : undefined), 20_000);
    const release = await waitFor('the webview to say ready', () => heldReady[0], 20_000);
    assert.deepStrictEqual(events.filter((event) => event.startsWith('post')), [], `nothing posted before ready: ${events.join(', ')}`);

    release();
    await waitFor('the stack posted', () => (events.includes('post stack') ? true : undefined));
    const afterReady = events.slice(events.indexOf('ready handed on') + 1);
    assert.deepStrictEqual(
      afterReady.filter((event) => event === 'post stack' || event === 'post status'),
      ['post status', 'post stack'],
      `the inspection's status and stack, once each, after ready: ${events.join(', ')}`,
    );
    // A second inspection (the toolbar's Refresh) posts its stack once more: one per inspection.
    await panel.reinspect();
    assert.strictEqual(events.filter((event) => event === 'post stack').length, 2, events.join(', '));
  });

  it("runs the toolbar's Stop and Start through the action service on the panel's own container", async () => {
    await api.catalog.refresh('docker');
    const listed = await waitFor('the container listed', () => api.catalog.summaryOf({ providerId: 'docker', id: container.id }));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // The extension's listener on the new panel, to hand it what the toolbar's buttons post.
    let fromWebview: ((message: unknown) => unknown) | undefined;
    await openStackWatching({ ref: listed.ref, name: listed.name }, (panel) => {
      const onMessage = panel.webview.onDidReceiveMessage.bind(panel.webview);
      Object.defineProperty(panel.webview, 'onDidReceiveMessage', {
        value: (listener: (message: unknown) => unknown, thisArg?: unknown, disposables?: vscode.Disposable[]) => {
          fromWebview = (message) => listener.call(thisArg, message);
          return onMessage(listener, thisArg, disposables);
        },
      });
    });
    const send = await waitFor("the panel's message listener", () => fromWebview);
    const running = async () => (await container.inspect()).State.Running;

    send({ type: 'action', action: 'stop' });
    await waitFor('the container stopped by the toolbar', async () => ((await running()) ? undefined : true), 30_000);
    send({ type: 'action', action: 'start' });
    await waitFor('the container started by the toolbar', async () => ((await running()) ? true : undefined), 30_000);
  });

  it('says why an overhead export could not be saved, with the log a click away, and writes nothing', async () => {
    const window = vscode.window as Window;
    const original = { create: window.createWebviewPanel, save: window.showSaveDialog, error: window.showErrorMessage };
    let fromWebview: ((message: unknown) => unknown) | undefined;
    const errors: Array<{ message: string; items: string[] }> = [];
    // A file no one can create: /proc takes no new files, even from root.
    const target = vscode.Uri.file('/proc/workload-stacks-cannot-write.md');
    window.createWebviewPanel = ((...args: Parameters<typeof original.create>) => {
      const panel = original.create(...args);
      const onMessage = panel.webview.onDidReceiveMessage.bind(panel.webview);
      Object.defineProperty(panel.webview, 'onDidReceiveMessage', {
        value: (listener: (message: unknown) => unknown, thisArg?: unknown, disposables?: vscode.Disposable[]) => {
          fromWebview = (message) => listener.call(thisArg, message);
          return onMessage(listener, thisArg, disposables);
        },
      });
      return panel;
    }) as typeof original.create;
    window.showSaveDialog = (() => Promise.resolve(target)) as typeof window.showSaveDialog;
    window.showErrorMessage = ((message: string, ...items: string[]) => (errors.push({ message, items }), Promise.resolve(undefined))) as unknown as typeof window.showErrorMessage;
    try {
      const overhead = api.panels.openOverhead();
      window.createWebviewPanel = original.create;
      const now = new Date();
      overhead.update(buildResults({ measurements: [], stacks: new Map(), settings: DEFAULT_SETTINGS, startedAt: now, finishedAt: now, cancelled: false }), false);
      const send = await waitFor("the overhead panel's message listener", () => fromWebview);
      send({ type: 'exportOverhead', format: 'markdown' });
      const error = await waitFor('the error message', () => errors[0], 10_000);
      assert.match(error.message, /^Could not save the overhead results to \/proc\/workload-stacks-cannot-write\.md: \S/, error.message);
      assert.deepStrictEqual(error.items, ['Show Log'], 'the message offers the log');
      assert.strictEqual(fs.existsSync(target.fsPath), false, 'nothing was written');
    } finally {
      window.createWebviewPanel = original.create;
      window.showSaveDialog = original.save;
      window.showErrorMessage = original.error;
    }
  });
});
