// The image analysis under the libraries band's layer list: the button that starts it (reading
// the whole image is the user's choice), its progress with Cancel, and once done dive's figures
// and the layers whose files open as trees. One element, kept across redraws of the stack, so an
// open layer stays open when the stack is refreshed.
import type { ImageAnalysisState, LayerFiles } from '../../src/shared/imageAnalysisProtocol';
import type { ImageAnalysisSummary } from '../../src/shared/imageAnalysis';
import type { Fact } from '../../src/shared/model';
import type { WebviewToHost } from '../../src/shared/protocol';
import { type AnalysisChoices, type AnalysisLayers, renderAnalysisLayers } from './analysisLayers';
import { renderAnalysisFigures, renderWarnings, renderWasted } from './analysisSummary';
import { element } from './dom';
import { formatBytes, formatDateTime, formatPercent } from './format';
import { createButton, createProgressRing } from './toolkit';
import type { ViewState } from './viewState';
import { t } from './l10n';

export interface ImageAnalysisView {
  element: HTMLElement;
  setState(state: ImageAnalysisState): void;
  showLayerFiles(files: LayerFiles): void;
  /** The figures for the libraries block's glance: efficiency and waste once done, else none. */
  glanceFacts(): Fact[];
}

export function createImageAnalysisView(view: ViewState, post: (message: WebviewToHost) => void, onViewChange: () => void): ImageAnalysisView {
  const section = element('div', { className: 'image-analysis' });
  section.hidden = true;
  let layers: AnalysisLayers | undefined;
  /** The analysis drawn (image and reading time): the same one again keeps what is open. */
  let shownAnalysis: string | undefined;
  let progress: HTMLElement | undefined;
  let doneSummary: ImageAnalysisSummary | undefined;

  const heading = (): HTMLElement => element('h3', { className: 'sub-heading', text: t('Layer analysis') });

  const actionButton = (label: string, message: WebviewToHost, action: string): HTMLElement => {
    const button = createButton(label);
    button.setAttribute('data-analysis-action', action);
    button.addEventListener('click', () => post(message));
    return button;
  };
  const startButton = (label: string): HTMLElement => actionButton(label, { type: 'analyseImage' }, 'analyse');

  const show = (kind: string, children: Node[]): void => {
    section.hidden = false;
    section.setAttribute('data-analysis', kind);
    section.removeAttribute('data-from-cache');
    section.replaceChildren(heading(), ...children);
  };

  return {
    element: section,
    setState(state) {
      if (state.kind === 'reading' && progress) {
        // Progress comes often: only its figure changes.
        progress.textContent = t('Reading the image… {0}', formatBytes(state.bytesRead));
        return;
      }
      progress = undefined;
      doneSummary = state.kind === 'done' ? state.summary : undefined;
      if (state.kind !== 'done') {
        shownAnalysis = undefined;
        layers = undefined;
      }
      switch (state.kind) {
        case 'none':
          section.hidden = true;
          section.setAttribute('data-analysis', 'none');
          section.replaceChildren();
          break;
        case 'idle':
          show('idle', [
            element('p', { className: 'analysis-note', text: t('Reads the whole image from the engine to find what each layer added, changed and removed, and the space wasted.') }),
            startButton(t('Analyse layers')),
          ]);
          break;
        case 'reading':
          progress = element('span', { className: 'analysis-progress', text: t('Reading the image… {0}', formatBytes(state.bytesRead)) });
          show('reading', [
            element('p', { className: 'analysis-reading', attrs: { role: 'status' } }, [createProgressRing(t('Reading the image')), progress]),
            actionButton(t('Cancel'), { type: 'cancelImageAnalysis' }, 'cancel'),
          ]);
          break;
        case 'failed':
          show('failed', [element('p', { className: 'analysis-failed', text: state.message }), startButton(t('Try again'))]);
          break;
        case 'cancelled':
          show('cancelled', [element('p', { className: 'analysis-note', text: t('The analysis was cancelled.') }), startButton(t('Analyse layers'))]);
          break;
        case 'done': {
          const { summary } = state;
          const key = `${summary.imageId}\n${summary.readAt}`;
          if (key === shownAnalysis && layers) break;
          shownAnalysis = key;
          // The layers opened are those of one image: another image starts with all closed.
          if (view.analysisOpen.imageId !== summary.imageId) view.analysisOpen = { imageId: summary.imageId, layers: new Set() };
          const choices: AnalysisChoices = { filters: view.analysisFilters, openLayers: view.analysisOpen.layers, onChange: onViewChange };
          layers = renderAnalysisLayers(summary.layers, choices, post);
          const origin = summary.fromCache ? t('Read from the cache (read from the engine at {0}).', formatDateTime(summary.readAt)) : t('Read from the engine at {0}.', formatDateTime(summary.readAt));
          show('done', [
            renderAnalysisFigures(summary),
            element('p', { className: 'analysis-note analysis-origin', text: origin, attrs: { title: summary.imageId } }),
            ...renderWasted(summary),
            ...renderWarnings(summary),
            element('h4', { className: 'analysis-heading', text: t('Layers, newest first') }),
            layers.element,
          ]);
          section.toggleAttribute('data-from-cache', summary.fromCache);
          break;
        }
      }
    },
    showLayerFiles(files) {
      // An answer meant for the image shown before (the tab moved on meanwhile) is dropped.
      if (doneSummary?.imageId === files.imageId) layers?.showFiles(files);
    },
    glanceFacts() {
      if (!doneSummary) return [];
      const source = t('Layer analysis of the image archive, read at {0}', formatDateTime(doneSummary.readAt));
      return [
        { key: 'analysis-efficiency', label: t('Efficiency'), value: formatPercent(doneSummary.efficiency), source },
        { key: 'analysis-wasted', label: t('Wasted'), value: formatBytes(doneSummary.wastedBytes), source },
      ];
    },
  };
}
