// The image compare page: the two images' summaries side by side, each image's own layers above
// the base they share (one block across both, like the stack compare figure), then the files
// their final filesystems differ in. Everything from the model goes in as text.
import type { ImageCompareModel, ImageCompareSummary, PartedImageLayer, SharedImageLayer } from '../../src/shared/imageCompare';
import { element } from './dom';
import { formatBytes, formatClock, formatPercent } from './format';
import { renderFileDifferences } from './imageCompareFiles';
import { shortImageId } from './imageCompareFormat';
import { t } from './l10n';

export interface ImageCompareView {
  element: HTMLElement;
  render(model: ImageCompareModel): void;
}

/** One sentence on how the two relate: the same image, one on the other, a shared base, nothing shared. */
function relationSentence(model: ImageCompareModel): string {
  const [a, b] = model.images.map((image) => image.name);
  const shared = model.base.layers.length;
  switch (model.relation) {
    case 'identical':
      return t('{0} and {1} are the same image (same ID).', a, b);
    case 'same-layers':
      return t('{0} and {1} have the same layers; only their configuration differs.', a, b);
    case 'a-under-b':
      return t('{1} is built on {0}: all {2} layers of {0} are its base.', a, b, shared);
    case 'b-under-a':
      return t('{1} is built on {0}: all {2} layers of {0} are its base.', b, a, shared);
    case 'parted':
      return t('They share their bottom {0} layers ({1}), then part.', shared, formatBytes(model.base.sizeBytes));
    case 'unrelated':
      return t('These images share no layer: they are built from different bases.');
  }
}

function fact(label: string, value: string, title?: string): HTMLElement[] {
  return [element('dt', { text: label }), element('dd', { text: value, attrs: title === undefined ? {} : { title } })];
}

function renderSummary(image: ImageCompareSummary, side: 'a' | 'b'): HTMLElement {
  const facts = element('dl', { className: 'image-compare-facts' }, [
    ...fact(t('Image ID'), shortImageId(image.imageId), image.imageId),
    ...fact(t('Layers'), String(image.layers)),
    ...fact(t('Size'), formatBytes(image.sizeBytes), t('{0} bytes', image.sizeBytes)),
    ...fact(t('Efficiency'), formatPercent(image.efficiency)),
    ...fact(t('Wasted'), formatBytes(image.wastedBytes), t('{0} bytes', image.wastedBytes)),
    ...fact(t('Read'), formatClock(image.readAt), image.readAt),
  ]);
  const node = element('section', { className: 'image-compare-summary', attrs: { 'aria-label': image.name } }, [
    element('h2', { className: 'compare-name', text: image.name }),
    facts,
  ]);
  if (image.unreadableLayers > 0) {
    node.append(element('p', { className: 'image-compare-warning', text: t('{0} layers could not be read: their files are not compared.', image.unreadableLayers) }));
  }
  node.setAttribute('data-image', side);
  return node;
}

function renderCommand(command: string): HTMLElement {
  return command ? element('code', { className: 'image-compare-command', text: command, attrs: { title: command } }) : element('code', { className: 'image-compare-command is-comment', text: t('(no build step recorded)') });
}

/** A layer of one image above the base: its command, its bytes, what it did to the files below. */
function renderOwnLayer(layer: PartedImageLayer): HTMLLIElement {
  const row = element('li', { className: 'image-compare-layer', attrs: { title: layer.id } }, [
    renderCommand(layer.command),
    element('span', { className: 'image-compare-layer-meta', text: t('{0} · {1} added, {2} modified, {3} removed', formatBytes(layer.sizeBytes), layer.added, layer.modified, layer.removed) }),
  ]);
  row.setAttribute('data-layer-index', String(layer.index));
  return row;
}

function renderSharedLayer(layer: SharedImageLayer, nameB: string, index: number): HTMLLIElement {
  const row = element('li', { className: 'image-compare-layer', attrs: { title: layer.id } }, [
    renderCommand(layer.command),
    element('span', { className: 'image-compare-layer-meta', text: formatBytes(layer.sizeBytes) }),
  ]);
  // The same layer made by another command in B's history: both are true, both are shown.
  if (layer.commandB !== undefined) row.append(element('span', { className: 'image-compare-layer-meta', text: t('in {0}: {1}', nameB, layer.commandB || t('(no build step recorded)')) }));
  row.setAttribute('data-layer-index', String(index));
  return row;
}

/** Layers top first, as a stack is drawn. */
function layerList(items: HTMLLIElement[], label: string): HTMLElement {
  return element('ol', { className: 'image-compare-layers', attrs: { 'aria-label': label } }, [...items].reverse());
}

function renderOwnColumn(model: ImageCompareModel, side: 0 | 1): HTMLElement {
  const image = model.images[side];
  const layers = model.parted[side];
  const column = element('section', { className: 'image-compare-own', attrs: { 'aria-label': t('Own layers of {0}', image.name) } });
  column.setAttribute('data-image', side === 0 ? 'a' : 'b');
  if (layers.length === 0) {
    column.append(element('p', { className: 'placeholder', text: t('No layers of its own above the shared base.') }));
    return column;
  }
  const bytes = layers.reduce((sum, layer) => sum + layer.sizeBytes, 0);
  column.append(
    element('h3', { className: 'sub-heading', text: t('Own layers: {0} ({1})', layers.length, formatBytes(bytes)) }),
    layerList(layers.map(renderOwnLayer), t('Own layers of {0}', image.name)),
  );
  return column;
}

function renderBase(model: ImageCompareModel): HTMLElement {
  const { layers, sizeBytes } = model.base;
  const block = element('section', { className: 'image-compare-base', attrs: { id: 'image-compare-base', 'aria-label': t('Shared base') } });
  block.setAttribute('data-shared', layers.length > 0 ? 'true' : 'none');
  if (layers.length === 0) {
    block.append(element('p', { className: 'placeholder', text: t('No shared layer.') }));
    return block;
  }
  block.append(
    element('h3', { className: 'sub-heading', text: t('Shared base: {0} layers ({1})', layers.length, formatBytes(sizeBytes)) }),
    layerList(
      layers.map((layer, index) => renderSharedLayer(layer, model.images[1].name, index)),
      t('Shared base'),
    ),
  );
  return block;
}

export function createImageCompareView(): ImageCompareView {
  const container = element('div', { className: 'image-compare', attrs: { id: 'image-compare' } });
  return {
    element: container,
    render(model) {
      container.setAttribute('data-relation', model.relation);
      const figure = element('div', { className: 'image-compare-figure', attrs: { role: 'group', 'aria-label': t('Layers of both images') } }, [
        renderSummary(model.images[0], 'a'),
        renderSummary(model.images[1], 'b'),
        renderOwnColumn(model, 0),
        renderOwnColumn(model, 1),
        renderBase(model),
      ]);
      container.replaceChildren(element('p', { className: 'image-compare-relation', attrs: { id: 'image-compare-relation' }, text: relationSentence(model) }), figure, renderFileDifferences(model));
    },
  };
}
