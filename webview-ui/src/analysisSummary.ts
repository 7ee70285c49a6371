// The figures of a finished image analysis, dive's numbers: efficiency, wasted bytes and the share
// of the user's layers they take, then the largest wasted paths with the layers that added and
// removed them, and the warnings of the reading. Paths come from the image: text only.
import type { ImageAnalysisSummary, WastedPath } from '../../src/shared/imageAnalysis';
import { element } from './dom';
import { formatBytes, formatPercent } from './format';
import { t } from './l10n';

function figure(key: string, label: string, value: string, title?: string): HTMLElement {
  const item = element('div', { className: 'analysis-figure', attrs: title ? { title } : {} }, [
    element('dt', { text: label }),
    element('dd', { text: value }),
  ]);
  item.setAttribute('data-figure', key);
  return item;
}

export function renderAnalysisFigures(summary: ImageAnalysisSummary): HTMLElement {
  const userWasted = summary.wastedUserPercent === null ? t('no figure') : formatPercent(summary.wastedUserPercent);
  return element('dl', { className: 'analysis-figures' }, [
    figure('efficiency', t('Efficiency'), formatPercent(summary.efficiency)),
    figure('wasted', t('Wasted'), formatBytes(summary.wastedBytes)),
    figure('user-wasted', t('Wasted of the user layers'), userWasted, t('Wasted bytes over the bytes of every layer but the first ({0})', formatBytes(summary.userSizeBytes))),
    figure('size', t('Image size'), formatBytes(summary.sizeBytes)),
  ]);
}

/** "1, 3" for a list of layer numbers; a dash for none. */
function layerList(layers: readonly number[]): string {
  return layers.length > 0 ? layers.join(', ') : '–';
}

function renderWastedRow(item: WastedPath): HTMLTableRowElement {
  return element('tr', {}, [
    element('td', {}, [element('code', { className: 'wasted-path', text: item.path })]),
    element('td', { className: 'numeric', text: formatBytes(item.wastedBytes) }),
    element('td', { className: 'numeric', text: String(item.count) }),
    element('td', { text: layerList(item.addedIn) }),
    element('td', { text: layerList(item.removedIn) }),
  ]);
}

export function renderWasted(summary: ImageAnalysisSummary): HTMLElement[] {
  if (summary.wasted.length === 0) return [element('p', { className: 'analysis-note', text: t('No wasted files.') })];
  const header = element('tr', {}, [t('Path'), t('Wasted'), t('Copies'), t('Added in layer'), t('Removed in layer')].map((text) => element('th', { text, attrs: { scope: 'col' } })));
  const table = element('table', { className: 'wasted-table' }, [
    element('caption', { text: t('Largest wasted files') }),
    element('thead', {}, [header]),
    element('tbody', {}, summary.wasted.map(renderWastedRow)),
  ]);
  const parts: HTMLElement[] = [table];
  const more = summary.wastedPaths - summary.wasted.length;
  if (more > 0) parts.push(element('p', { className: 'analysis-note', text: t('and {0} more wasted paths', more) }));
  return parts;
}

export function renderWarnings(summary: ImageAnalysisSummary): HTMLElement[] {
  if (summary.warnings.length === 0) return [];
  return [
    element('h4', { className: 'analysis-heading', text: t('Warnings') }),
    element('ul', { className: 'analysis-warnings' }, summary.warnings.map((warning) => element('li', { text: warning }))),
  ];
}
