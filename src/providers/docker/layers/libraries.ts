// Band 6: the image the container runs from: what it is, how big, and the layers it was built in.
import type { Fact, Layer } from '../../../shared/model';
import type { ContainerInspect, ImageHistoryEntry, ImageInspect, Parsed } from '../contracts';
import { formatBytes, shortId } from '../format';
import { describeBase, toImageLayers } from './imageHistory';
import { fact, source, UNKNOWN, unavailableReason } from './facts';

export function librariesLayer(
  container: ContainerInspect,
  imageResult: Parsed<ImageInspect>,
  historyResult: Parsed<ImageHistoryEntry[]>,
): Layer {
  const image = imageResult.ok ? imageResult.value : undefined;
  const history = historyResult.ok ? historyResult.value : undefined;
  const base = describeBase(image, history);
  const layer: Layer = {
    kind: 'libraries',
    title: 'Image & libraries',
    facts: [
      fact('image', 'Image', container.Config.Image || container.Image || UNKNOWN, source.container('Config.Image')),
      imageId(container, image),
      fact('image-tags', 'Tags', image ? image.RepoTags.join(', ') || 'none (untagged)' : UNKNOWN, source.image('RepoTags')),
      fact('image-size', 'Image size', image?.Size !== undefined ? formatBytes(image.Size) : UNKNOWN, source.image('Size')),
      fact('image-os', 'Image OS/arch', image ? imagePlatform(image) : UNKNOWN, source.image('Os, Architecture, Variant')),
      fact('image-created', 'Image created', image?.Created || UNKNOWN, source.image('Created')),
      layerCount(image, history),
      fact('base', 'Base', base?.value ?? UNKNOWN, base?.source ?? source.history('oldest entry')),
    ],
  };
  const problems = [
    ...(imageResult.ok ? [] : [unavailableReason('The image', 'GET /images/{id}/json', imageResult.error)]),
    ...(historyResult.ok ? [] : [unavailableReason('The image history', 'GET /images/{id}/history', historyResult.error)]),
  ];
  if (problems.length > 0) layer.unavailable = problems.join(' ');
  if (history) layer.imageLayers = toImageLayers(history);
  return layer;
}

function imageId(container: ContainerInspect, image: ImageInspect | undefined): Fact {
  if (container.Image) return fact('image-id', 'Image ID', shortId(container.Image), source.container('Image'));
  return fact('image-id', 'Image ID', image ? shortId(image.Id) : UNKNOWN, source.image('Id'));
}

function imagePlatform(image: ImageInspect): string {
  const parts = [image.Os, image.Architecture, image.Variant].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('/') : UNKNOWN;
}

/** Filesystem layers come from RootFS; history also lists metadata-only steps (size 0). */
function layerCount(image: ImageInspect | undefined, history: readonly ImageHistoryEntry[] | undefined): Fact {
  if (image?.RootFSLayers) {
    const steps = history ? ` (${historyEntries(history.length)})` : '';
    return fact('image-layers', 'Layers', `${image.RootFSLayers.length}${steps}`, source.image('RootFS.Layers'));
  }
  return fact('image-layers', 'Layers', history ? historyEntries(history.length) : UNKNOWN, source.history('entries'));
}

function historyEntries(count: number): string {
  return `${count} history ${count === 1 ? 'entry' : 'entries'}`;
}
