// Entry of the webview: wires the host messages to the views. The page's first script has said
// `ready` (stackPageHtml.ts) and held what came since; the host answers with the whole stack (or
// comparison, or lab results), then status and stats updates.
import './scriptStart';
import { isHostToWebview, type HostToWebview, type PanelState } from '../../src/shared/protocol';
import { createCompareView } from './compareView';
import { createHeader } from './header';
import { createOverheadView } from './overheadView';
import { createImageCompareView } from './imageCompareView';
import { createStackView } from './stackView';
import { createToolbar } from './toolbar';
import { createCompareToolbar } from './exportControl';
import { createImageExporter } from './exportImage';
import { registerToolkit } from './toolkit';
import { restoreViewState, toPersistedState } from './viewState';
import { createTextEquivalent } from './textEquivalent';
import { createLiveAnnouncements } from './liveRegion';
import { t } from './l10n';

// The page's first script already said `ready` and holds what came since (stackPageHtml.ts).
const early = window.wsEarly;
const vscode = early?.api ?? acquireVsCodeApi();
const restored = restoreViewState(vscode.getState());
const view = restored.view;
let panel: PanelState | undefined = restored.panel;

function persist(): void {
  if (panel) vscode.setState(toPersistedState(panel, view));
}

function applySourcesShown(): void {
  document.body.classList.toggle('show-sources', view.showSources);
  toolbar.setSourcesShown(view.showSources);
}

const header = createHeader();
const toolbar = createToolbar(
  (message) => vscode.postMessage(message),
  () => {
    view.showSources = !view.showSources;
    applySourcesShown();
    persist();
  },
);
const stackView = createStackView(view, (message) => vscode.postMessage(message), persist);
if (panel) header.showName(panel.name);
applySourcesShown();

const app = document.getElementById('app') ?? document.body;
// The page names the diagram in English; in the user's language once the bundle runs.
if (app.id === 'app') app.setAttribute('aria-label', t('Stack diagram'));
// For screen readers, outside #app so no view's redraw replaces them: the diagram as a list, and
// the live usage's changes said politely.
const diagramText = createTextEquivalent();
const liveAnnouncements = createLiveAnnouncements();
document.body.append(diagramText.element, liveAnnouncements.element);
app.replaceChildren(header.element, toolbar.element, stackView.element);

// A compare panel shows the compare view instead of the single-stack toolbar and diagram.
const compareView = createCompareView(view, () => undefined);
const compareToolbar = createCompareToolbar((message) => vscode.postMessage(message));
// What the host's exports of a picture are drawn from: the stack or comparison shown last.
const imageExporter = createImageExporter();
function showCompare(model: Extract<HostToWebview, { type: 'compare' }>['model']): void {
  if (!app.contains(compareView.element)) app.replaceChildren(header.element, compareToolbar, compareView.element);
  imageExporter.showCompare(model);
  header.showName(t('Compare: {0}', model.columns.map((column) => column.name).join(' · ')));
  compareView.render(model);
  diagramText.showCompare(model);
  vscode.setState({ compare: model.columns.map((column) => column.workload) });
}

// An overhead panel shows the lab's results instead. It is not restored after a reload (the host
// registers no serializer for it), so nothing is stored with setState.
const overheadView = createOverheadView((message) => vscode.postMessage(message));
function showOverhead(message: Extract<HostToWebview, { type: 'overhead' }>): void {
  if (!app.contains(overheadView.element)) {
    app.replaceChildren(header.element, overheadView.element);
    // The header's status line speaks of live workload data, which this page has none of.
    app.setAttribute('data-page', 'overhead');
  }
  header.showName(t('Overhead: {0}', message.results.columns.map((column) => column.name).join(' · ')));
  overheadView.render(message.results, message.running);
}

// An image compare panel shows two images' layers and differing files. Like the overhead page it
// is not restored after a reload, and its header shows no live status.
const imageCompareView = createImageCompareView();
function showImageCompare(model: Extract<HostToWebview, { type: 'imageCompare' }>['model']): void {
  if (!app.contains(imageCompareView.element)) {
    app.replaceChildren(header.element, imageCompareView.element);
    app.setAttribute('data-page', 'image-compare');
    app.setAttribute('aria-label', t('Image comparison'));
  }
  header.showName(t('Compare images: {0}', model.images.map((image) => image.name).join(' · ')));
  imageCompareView.render(model);
}

/**
 * Marks a moment in the page's performance timeline, keeping only the latest of each name (a
 * long-lived panel does not pile them up). The benchmark reads them to split latency.
 */
function mark(name: string): void {
  performance.clearMarks(name);
  performance.mark(name);
}

function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'stack':
      mark('ws:data-received');
      panel = { workload: message.stack.workload, name: message.stack.name };
      header.showStack(message.stack);
      toolbar.showStack(message.stack);
      imageExporter.showStack(message.stack);
      stackView.render(message.stack, message.secretsRevealed);
      diagramText.showStack(message.stack);
      liveAnnouncements.workload(message.stack.workload);
      persist();
      mark('ws:drawn');
      break;
    case 'stats':
      stackView.updateStats(message.stats, message.sample);
      liveAnnouncements.stats(message.stats);
      break;
    case 'usageHistory':
      stackView.setUsageHistory(message.samples);
      break;
    case 'recording':
      toolbar.setRecording(message.recording);
      break;
    case 'statsEnded':
      stackView.statsEnded(message.reason);
      break;
    case 'status':
      header.showStatus(message.status);
      toolbar.setRemoved(message.status.kind === 'removed');
      break;
    case 'compare':
      mark('ws:data-received');
      showCompare(message.model);
      mark('ws:drawn');
      break;
    case 'overhead':
      mark('ws:data-received');
      showOverhead(message);
      mark('ws:drawn');
      break;
    case 'imageCompare':
      mark('ws:data-received');
      showImageCompare(message.model);
      mark('ws:drawn');
      break;
    case 'renderImage':
      void imageExporter.render(message).then((answer) => vscode.postMessage(answer));
      break;
    case 'overheadAnnotation':
      stackView.setAnnotation(message.annotation);
      break;
    case 'imageAnalysis':
      stackView.setImageAnalysis(message.state);
      break;
    case 'layerFiles':
      stackView.showLayerFiles(message.files);
      break;
  }
}

function receive(event: MessageEvent<unknown>): void {
  if (isHostToWebview(event.data)) handle(event.data);
  else console.warn('Workload Stacks: dropped a message that is not part of the protocol', event.data);
}

// In one go, so no message falls between the early script's queue and this listener.
if (early) for (const event of early.take()) receive(event);
window.addEventListener('message', receive);
if (!early) {
  vscode.postMessage({ type: 'ready' });
  mark('ws:ready');
}
// The toolkit's controls are drawn plain until it registers them: not on the way to the first
// diagram, which may already be drawn from the early script's queue.
setTimeout(registerToolkit, 0);
