// Usage over time in the app band: CPU, memory, network and disk as sparklines over the history the
// host keeps (the last minutes). Each chart is an inline SVG built with DOM calls, hidden from
// assistive technology; the text beside it says the same: the latest value, and min and max over the window.
import { sparklineRuns, valueRange } from '../../src/shared/sparklineGeometry';
import type { StatsRing } from '../../src/shared/statsRing';
import { formatCpu, formatRate } from '../../src/shared/usageFormat';
import type { UsageMetric, UsageSample } from '../../src/shared/usageRates';
import { formatBytes } from '../../src/shared/units';
import { element } from './dom';
import { t } from './l10n';

const SVG_NS = 'http://www.w3.org/2000/svg';
const BOX = { width: 120, height: 28 };

interface Series {
  metric: UsageMetric;
  /** Names the series in the text, for charts of two series ("in …", "out …"). */
  named?(figures: string): string;
}

interface ChartSpec {
  key: string;
  label: string;
  series: Series[];
  format(value: number): string;
}

const CHARTS: ChartSpec[] = [
  { key: 'cpu', label: t('CPU'), series: [{ metric: 'cpuPercent' }], format: formatCpu },
  { key: 'memory', label: t('Memory'), series: [{ metric: 'memoryBytes' }], format: formatBytes },
  { key: 'network', label: t('Network'), series: [{ metric: 'netRxPerSec', named: (figures) => t('in {0}', figures) }, { metric: 'netTxPerSec', named: (figures) => t('out {0}', figures) }], format: formatRate },
  { key: 'disk', label: t('Disk'), series: [{ metric: 'blockReadPerSec', named: (figures) => t('read {0}', figures) }, { metric: 'blockWritePerSec', named: (figures) => t('write {0}', figures) }], format: formatRate },
];

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

/** The figures with the window they were taken over: "… over the last 2 min". */
function overWindow(figures: string, samples: readonly UsageSample[]): string {
  const first = samples[0];
  const last = samples.at(-1);
  const seconds = first && last ? Math.round((last.atMs - first.atMs) / 1000) : 0;
  return seconds >= 120 ? t('{0} over the last {1} min', figures, Math.round(seconds / 60)) : t('{0} over the last {1} s', figures, seconds);
}

/** The chart's words: "12.5 % now, min 3.0 %, max 80.0 % over the last 2 min", per series. */
function describe(spec: ChartSpec, samples: readonly UsageSample[]): string {
  const parts = spec.series.map((series) => {
    const range = valueRange(samples.map((sample) => sample[series.metric]));
    const named = series.named ?? ((figures: string) => figures);
    if (!range) return named(t('not reported'));
    const latest = range.latest === null ? t('no reading now') : t('{0} now', spec.format(range.latest));
    return named(t('{0}, min {1}, max {2}', latest, spec.format(range.min), spec.format(range.max)));
  });
  return samples.length < 2 ? parts.join('; ') : overWindow(parts.join('; '), samples);
}

interface Chart {
  root: HTMLElement;
  draw(samples: readonly UsageSample[]): void;
}

function createChart(spec: ChartSpec): Chart {
  const svg = svgElement('svg', { viewBox: `0 0 ${BOX.width} ${BOX.height}`, preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false', class: 'spark-svg' });
  const text = element('span', { className: 'spark-text', text: t('waiting for samples') });
  const root = element('div', { className: 'spark', attrs: { 'data-spark': spec.key } }, [element('span', { className: 'spark-label', text: spec.label }), text]);
  root.insertBefore(svg, text);
  return {
    root,
    draw(samples) {
      const times = samples.map((sample) => sample.atMs);
      // One top for the chart's series, so in and out are drawn to the same scale.
      const top = Math.max(0, ...spec.series.map((series) => valueRange(samples.map((sample) => sample[series.metric]))?.max ?? 0));
      const lines = spec.series.flatMap((series, index) =>
        sparklineRuns(times, samples.map((sample) => sample[series.metric]), top, BOX).map((points) =>
          svgElement('polyline', { points, class: `spark-line spark-line-${index === 0 ? 'a' : 'b'}` }),
        ),
      );
      svg.replaceChildren(...lines);
      text.textContent = samples.length === 0 ? t('waiting for samples') : describe(spec, samples);
    },
  };
}

export interface UsageTrendView {
  element: HTMLElement;
  /** Draws the ring's samples again (after a push or a whole new history). */
  redraw(): void;
}

export function createUsageTrend(history: StatsRing): UsageTrendView {
  const charts = CHARTS.map(createChart);
  const view = element('div', { className: 'usage-trend', attrs: { 'aria-label': t('Usage over time') } }, charts.map((chart) => chart.root));
  view.setAttribute('role', 'group');
  const redraw = (): void => {
    const samples = history.toArray();
    for (const chart of charts) chart.draw(samples);
  };
  redraw();
  return { element: view, redraw };
}
