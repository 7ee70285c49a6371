// The diagram itself: all bands, drawn top (app) to bottom (hardware) like the classic layered
// picture, in that DOM order too so reading order matches what is seen. Owns focus across
// re-renders, the secrets button and the live stats of the current render.
import type { LiveStats, Stack } from '../../src/shared/model';
import type { OverheadAnnotation } from '../../src/shared/overhead';
import type { WebviewToHost } from '../../src/shared/protocol';
import { isBandOpen, renderBand, setBandAside, setBandOpen, setExtraHeadlines } from './bands';
import { element } from './dom';
import { installBandKeyboard, makeTabStop } from './keyboard';
import { renderOverheadAnnotation } from './overheadAnnotation';
import { createLiveStats, type LiveStatsView } from './stats';
import { StatsRing, USAGE_HISTORY_CAPACITY } from '../../src/shared/statsRing';
import type { UsageSample } from '../../src/shared/usageRates';
import { createButton, createProgressRing } from './toolkit';
import { createImageAnalysisView } from './imageAnalysisView';
import type { ImageAnalysisState, LayerFiles } from '../../src/shared/imageAnalysisProtocol';
import type { ViewState } from './viewState';
import { t } from './l10n';

export interface StackView {
  element: HTMLElement;
  render(stack: Stack, secretsRevealed: boolean): void;
  /** `sample`: the point the reading adds to the usage history. */
  updateStats(stats: LiveStats, sample?: UsageSample): void;
  /** The host's whole usage history (after a reload; empty for another workload). */
  setUsageHistory(samples: readonly UsageSample[]): void;
  /** No more samples will come: the live tiles say why. */
  statsEnded(reason: string): void;
  /** The overhead lab's cost beside its band; kept across re-renders of the same workload. */
  setAnnotation(annotation: OverheadAnnotation | null): void;
  /** The image analysis's state, drawn in the libraries band. */
  setImageAnalysis(state: ImageAnalysisState): void;
  /** The host's answer to a layer's files. */
  showLayerFiles(files: LayerFiles): void;
}

function cpuCountOf(stack: Stack): number | undefined {
  const fact = stack.layers.find((layer) => layer.kind === 'hardware')?.facts.find((candidate) => candidate.key === 'cpus');
  const count = fact ? Number.parseInt(fact.value, 10) : Number.NaN;
  return count > 0 ? count : undefined;
}

function createRevealButton(secretsRevealed: boolean, post: (message: WebviewToHost) => void): HTMLElement {
  const button = createButton(secretsRevealed ? t('Hide values') : t('Reveal values'));
  button.setAttribute('id', 'reveal-secrets');
  button.setAttribute('aria-pressed', String(secretsRevealed));
  button.addEventListener('click', () => post({ type: 'revealSecrets', reveal: !secretsRevealed }));
  return button;
}

export function createStackView(view: ViewState, post: (message: WebviewToHost) => void, onViewChange: () => void): StackView {
  const container = element('div', { className: 'stack', attrs: { id: 'stack', 'aria-label': t('Layers, top to bottom') } }, [
    element('p', { className: 'placeholder' }, [createProgressRing(t('Loading')), document.createTextNode(t('Reading the stack…'))]),
  ]);
  let liveStats: LiveStatsView | undefined;
  let lastStats: LiveStats | undefined;
  /** The sparklines' samples: kept across re-renders, as the host keeps them across reloads. */
  const usageHistory = new StatsRing(USAGE_HISTORY_CAPACITY);
  let statsEndedReason: string | undefined;
  let shownWorkload: string | undefined;
  let annotation: OverheadAnnotation | undefined;
  const imageAnalysis = createImageAnalysisView(view, post, onViewChange);

  const drawAnnotation = (): void => {
    for (const band of container.querySelectorAll<HTMLElement>('section[data-layer][data-aside]')) setBandAside(band, undefined);
    if (!annotation) return;
    // Bands are in the DOM top first: the first of the kind is the one drawn highest (the guest's
    // hypervisor, not the one under a host that is itself a VM). Compared as text, not a selector.
    const kind = annotation.layerKind;
    const band = [...container.querySelectorAll<HTMLElement>('section[data-layer]')].find((candidate) => candidate.getAttribute('data-layer') === kind);
    if (band) setBandAside(band, renderOverheadAnnotation(annotation));
  };

  /** The analysis's figures in the libraries block, once it is done. */
  const drawAnalysisHeadline = (): void => {
    const band = [...container.querySelectorAll<HTMLElement>('section[data-layer]')].find((candidate) => candidate.getAttribute('data-layer') === 'libraries');
    if (band) setExtraHeadlines(band, imageAnalysis.glanceFacts());
  };

  const toggle = (band: HTMLElement): void => {
    const open = !isBandOpen(band);
    setBandOpen(band, open);
    const kind = band.getAttribute('data-layer') ?? '';
    if (open) view.openBands.add(kind);
    else view.openBands.delete(kind);
    onViewChange();
  };
  installBandKeyboard(container, toggle);
  container.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const head = target?.closest('.band-head');
    const band = head?.closest<HTMLElement>('section[data-layer]');
    // A click that selected text (to copy a value) is not a toggle.
    if (!head || !band || target?.closest('.band-actions') || !(window.getSelection()?.isCollapsed ?? true)) return;
    toggle(band);
    band.focus();
  });

  return {
    element: container,
    render(stack, secretsRevealed) {
      const active = document.activeElement;
      const hadFocus = active instanceof HTMLElement && active.matches('section[data-layer]') && container.contains(active);
      const tabStopKind = container.querySelector('section[data-layer][tabindex="0"]')?.getAttribute('data-layer');

      // A reused tab shows another workload now: the last usage figures were not its own.
      const workload = `${stack.workload.providerId}/${stack.workload.id}`;
      if (workload !== shownWorkload) {
        lastStats = undefined;
        statsEndedReason = undefined;
        if (shownWorkload !== undefined) usageHistory.clear();
      }
      // Another workload's measured cost must not stay beside this one's bands.
      if (shownWorkload !== undefined && workload !== shownWorkload) annotation = undefined;
      shownWorkload = workload;
      liveStats = stack.layers.some((layer) => layer.kind === 'app') ? createLiveStats(cpuCountOf(stack), usageHistory) : undefined;
      if (liveStats && lastStats) liveStats.update(lastStats);
      if (liveStats && statsEndedReason !== undefined) liveStats.ended(statsEndedReason);
      const firstSecretLayer = stack.layers.find((layer) => layer.facts.some((fact) => fact.secret === true));
      const bands = [...stack.layers].reverse().map((layer) =>
        renderBand(layer, {
          secretsRevealed,
          view,
          liveStats: liveStats?.element,
          imageAnalysis: imageAnalysis.element,
          revealButton: layer === firstSecretLayer ? createRevealButton(secretsRevealed, post) : undefined,
          onViewChange,
        }),
      );
      container.replaceChildren(...bands);
      if (bands.length === 0) container.append(element('p', { className: 'placeholder', text: t('No layers reported.') }));
      drawAnnotation();
      drawAnalysisHeadline();

      const tabStop = bands.find((band) => band.getAttribute('data-layer') === tabStopKind) ?? bands[0];
      makeTabStop(container, tabStop);
      // Only while this page holds the focus: the webview keeps its active element when the user
      // moves to the palette or a QuickPick, and focusing it then would take the focus back and close them.
      if (hadFocus && document.hasFocus()) tabStop?.focus();
    },
    updateStats(stats, sample) {
      if (sample) usageHistory.push(sample);
      lastStats = stats;
      statsEndedReason = undefined;
      liveStats?.update(stats);
    },
    setUsageHistory(samples) {
      usageHistory.clear();
      for (const sample of samples) usageHistory.push(sample);
      liveStats?.redrawTrend();
    },
    statsEnded(reason) {
      statsEndedReason = reason;
      liveStats?.ended(reason);
    },
    setAnnotation(next) {
      annotation = next ?? undefined;
      drawAnnotation();
    },
    setImageAnalysis(state) {
      imageAnalysis.setState(state);
      drawAnalysisHeadline();
    },
    showLayerFiles(files) {
      imageAnalysis.showLayerFiles(files);
    },
  };
}
