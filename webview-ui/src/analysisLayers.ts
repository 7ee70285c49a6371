// The analysed layers, newest first like the history list: each with its command, size and what
// it added, modified and removed; opening one asks the host for its files (an image can hold
// hundreds of thousands, so they come only when asked) and draws them as a tree with filters and a
// switch between the layer alone and the filesystem up to it.
import type { LayerSummary } from '../../src/shared/imageAnalysis';
import type { FileChange, LayerFiles } from '../../src/shared/imageAnalysisProtocol';
import type { WebviewToHost } from '../../src/shared/protocol';
import { element, uniqueId, visuallyHidden } from './dom';
import { formatBytes } from './format';
import { CHANGE_SIGN, CHANGE_WORD, FILE_CHANGES } from './fileChange';
import { type LayerFileTree, renderLayerFileTree } from './layerFileTree';
import { t } from './l10n';

export interface AnalysisLayers {
  element: HTMLElement;
  /** The host's answer to a layer's files: drawn if that layer is open in that mode. */
  showFiles(files: LayerFiles): void;
}

/** What the user chose: kept in the view state, so it outlives redraws and reloads. */
export interface AnalysisChoices {
  /** Changes the trees show. */
  filters: Set<FileChange>;
  /** Layers whose files are open (of this analysis's image). */
  openLayers: Set<number>;
  /** A choice changed: persist it. */
  onChange(): void;
}

interface LayerPanel {
  open: boolean;
  aggregate: boolean;
  body: HTMLElement;
  status: HTMLElement;
  treeSlot: HTMLElement;
  tree?: LayerFileTree;
  modeButtons: Map<boolean, HTMLButtonElement>;
}

function pressedButton(label: string, pressed: boolean): HTMLButtonElement {
  return element('button', { className: 'analysis-chip', text: label, attrs: { type: 'button', 'aria-pressed': String(pressed) } });
}

function renderCounts(layer: LayerSummary): HTMLElement {
  const counts = element('span', { className: 'analysis-layer-counts' });
  const titles = { added: t('{0} added', layer.added), modified: t('{0} modified', layer.modified), removed: t('{0} removed', layer.removed) };
  for (const change of ['added', 'modified', 'removed'] as const) {
    const count = element('span', { className: 'file-change-count', text: `${CHANGE_SIGN[change]}${layer[change]}` }, [visuallyHidden(` ${CHANGE_WORD[change]}`)]);
    count.title = titles[change];
    count.setAttribute('data-change', change);
    counts.append(count);
  }
  return counts;
}

function renderToggleLabel(layer: LayerSummary): HTMLElement[] {
  const command = layer.command || t('(no build step recorded)');
  return [
    element('span', { className: 'chevron', attrs: { 'aria-hidden': 'true' } }),
    element('span', { className: 'analysis-layer-index', text: t('Layer {0}', layer.index) }),
    element('code', { className: 'analysis-layer-command', text: command }),
    element('span', { className: 'analysis-layer-size', text: formatBytes(layer.contentBytes) }),
    renderCounts(layer),
  ];
}

export function renderAnalysisLayers(layers: readonly LayerSummary[], choices: AnalysisChoices, post: (message: WebviewToHost) => void): AnalysisLayers {
  const panels = new Map<number, LayerPanel>();

  const request = (index: number, panel: LayerPanel): void => {
    panel.tree = undefined;
    panel.treeSlot.replaceChildren();
    panel.status.textContent = t('Reading the layer’s files…');
    post({ type: 'layerFiles', layer: index, aggregate: panel.aggregate });
  };

  /** The filters are shared by every open tree; each layer draws its own bar of them. */
  const applyFilters = (): void => {
    for (const panel of panels.values()) {
      panel.tree?.setFilters(choices.filters);
      for (const button of panel.body.querySelectorAll<HTMLButtonElement>('button[data-filter]')) {
        const change = FILE_CHANGES.find((candidate) => candidate === button.getAttribute('data-filter'));
        button.setAttribute('aria-pressed', String(change !== undefined && choices.filters.has(change)));
      }
    }
  };

  const renderFilters = (): HTMLElement => {
    const bar = element('div', { className: 'analysis-filters', attrs: { role: 'group', 'aria-label': t('Show changes') } });
    for (const change of FILE_CHANGES) {
      const button = pressedButton(`${CHANGE_SIGN[change]} ${CHANGE_WORD[change]}`, choices.filters.has(change));
      button.setAttribute('data-filter', change);
      button.addEventListener('click', () => {
        if (choices.filters.has(change)) choices.filters.delete(change);
        else choices.filters.add(change);
        applyFilters();
        choices.onChange();
      });
      bar.append(button);
    }
    return bar;
  };

  const renderLayer = (layer: LayerSummary): HTMLElement => {
    const bodyId = uniqueId('analysis-layer');
    const toggle = element('button', { className: 'analysis-layer-toggle', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': bodyId } }, renderToggleLabel(layer));
    const modes = element('div', { className: 'analysis-modes', attrs: { role: 'group', 'aria-label': t('Files shown') } });
    const panel: LayerPanel = {
      open: false,
      aggregate: false,
      body: element('div', { className: 'analysis-layer-body', attrs: { id: bodyId } }),
      status: element('p', { className: 'analysis-note analysis-files-status', attrs: { role: 'status' } }),
      treeSlot: element('div', { className: 'analysis-tree-slot' }),
      modeButtons: new Map(),
    };
    panels.set(layer.index, panel);
    for (const [aggregate, label] of [[false, t('This layer')], [true, t('All layers up to here')]] as const) {
      const button = pressedButton(label, aggregate === panel.aggregate);
      button.setAttribute('data-aggregate', String(aggregate));
      button.addEventListener('click', () => {
        if (panel.aggregate === aggregate) return;
        panel.aggregate = aggregate;
        for (const [mode, other] of panel.modeButtons) other.setAttribute('aria-pressed', String(mode === aggregate));
        request(layer.index, panel);
      });
      panel.modeButtons.set(aggregate, button);
      modes.append(button);
    }
    panel.body.hidden = true;
    panel.body.append(element('div', { className: 'analysis-tree-tools' }, [modes, renderFilters()]), panel.status, panel.treeSlot);

    const setOpen = (open: boolean): void => {
      panel.open = open;
      toggle.setAttribute('aria-expanded', String(open));
      panel.body.hidden = !open;
      if (open) request(layer.index, panel);
      else {
        // A closed layer keeps no rows: they are asked for again when it opens.
        panel.tree = undefined;
        panel.treeSlot.replaceChildren();
      }
    };
    // A native button: click, Enter and Space all open it, and aria-expanded says its state.
    toggle.addEventListener('click', () => {
      setOpen(!panel.open);
      if (panel.open) choices.openLayers.add(layer.index);
      else choices.openLayers.delete(layer.index);
      choices.onChange();
    });
    // Opened before (a redraw of the same image, or a reload): asked for again.
    if (choices.openLayers.has(layer.index)) setOpen(true);
    const item = element('li', { className: 'analysis-layer' }, [toggle]);
    if (layer.error !== undefined) item.append(element('p', { className: 'analysis-layer-error', text: layer.error }));
    item.append(panel.body);
    item.setAttribute('data-analysis-layer', String(layer.index));
    return item;
  };

  const list = element('ol', { className: 'analysis-layer-list' }, [...layers].reverse().map(renderLayer));
  return {
    element: list,
    showFiles(files) {
      const panel = panels.get(files.layer);
      if (!panel || !panel.open || panel.aggregate !== files.aggregate) return;
      panel.tree = renderLayerFileTree(files, choices.filters);
      panel.treeSlot.replaceChildren(panel.tree.element);
      const count = files.rows.length + files.omitted;
      panel.status.textContent = files.omitted > 0 ? t('{0} paths, the first {1} shown', count, files.rows.length) : t('{0} paths', count);
    },
  };
}
