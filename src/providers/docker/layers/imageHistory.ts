// The image history as the diagram shows it: one row per layer, and where the image started.
import type { ImageLayer } from '../../../shared/model';
import type { ImageHistoryEntry, ImageInspect } from '../contracts';
import { unixSecondsToIso } from '../format';
import { source } from './facts';

const BASE_NAME_LABEL = 'org.opencontainers.image.base.name';
const REF_NAME_LABEL = 'org.opencontainers.image.ref.name';
const VERSION_LABEL = 'org.opencontainers.image.version';
const IMPORTED_COMMENT = /^Imported from /;
const BUILDKIT_SUFFIX = '# buildkit';

/** Every entry, newest first as the engine gives them; nothing is capped. */
export function toImageLayers(history: readonly ImageHistoryEntry[]): ImageLayer[] {
  return history.map((entry) => {
    const layer: ImageLayer = {
      id: digestId(entry.Id),
      createdBy: describeCreatedBy(entry.CreatedBy),
      sizeBytes: entry.Size ?? 0,
      created: unixSecondsToIso(entry.Created),
    };
    if (entry.Comment) layer.comment = entry.Comment;
    return layer;
  });
}

/** Podman's history gives bare hex ids; as `sha256:<hex>` they read, and compare, like Docker's. */
function digestId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
}

/**
 * The legacy builder records metadata steps as `/bin/sh -c #(nop) CMD ...` and RUN steps as
 * `/bin/sh -c <command>`; BuildKit writes `RUN /bin/sh -c <command> # buildkit`. Shown as the
 * Dockerfile instruction a reader would recognise.
 */
export function describeCreatedBy(createdBy: string): string {
  // endsWith + trimEnd, not /\s*# buildkit$/: that regex backtracks quadratically on long whitespace runs.
  const trimmed = createdBy.trim();
  const text = trimmed.endsWith(BUILDKIT_SUFFIX) ? trimmed.slice(0, -BUILDKIT_SUFFIX.length).trimEnd() : trimmed;
  const metadata = /^(?:\/bin\/sh -c|cmd \/S \/C) #\(nop\)\s*/.exec(text);
  if (metadata) return text.slice(metadata[0].length).trim();
  const run = /^(?:RUN )?(?:\/bin\/sh -c|\/bin\/bash -c|cmd \/S \/C) /.exec(text);
  if (run) return `RUN ${text.slice(run[0].length).trim()}`;
  return text;
}

export interface BaseImage {
  value: string;
  source: string;
}

/** Labels say it when the builder recorded it; otherwise the oldest history entry is the start. */
export function describeBase(image: ImageInspect | undefined, history: readonly ImageHistoryEntry[] | undefined): BaseImage | undefined {
  const labels = image?.Labels ?? {};
  if (labels[BASE_NAME_LABEL]) return { value: labels[BASE_NAME_LABEL], source: source.image(`Config.Labels["${BASE_NAME_LABEL}"]`) };
  if (labels[REF_NAME_LABEL]) {
    const version = labels[VERSION_LABEL] ? `:${labels[VERSION_LABEL]}` : '';
    return { value: `${labels[REF_NAME_LABEL]}${version}`, source: source.image(`Config.Labels["${REF_NAME_LABEL}"]`) };
  }
  const oldest = history?.[history.length - 1];
  if (!oldest) return undefined;
  const origin = IMPORTED_COMMENT.test(oldest.Comment) ? 'imported from a tarball' : describeCreatedBy(oldest.CreatedBy);
  const tagged = oldest.Tags.filter((tag) => tag !== '<none>:<none>');
  const value = tagged.length > 0 ? `${tagged.join(', ')} (${origin})` : origin || 'unknown';
  return { value, source: source.history('oldest entry: Tags, Comment, CreatedBy') };
}
