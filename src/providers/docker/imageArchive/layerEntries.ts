// A layer's tar stream (plain, gzip, or zstd which is refused for now) turned into LayerEntry[]:
// safe relative paths, mode & 0o7777, entry types, link targets as text (never followed), and
// whiteouts and opaque markers read. Contents are skipped as they stream past, never held.
import type { LayerEntry, LayerEntryType } from '../../../shared/imageContents';
import { gunzipChunks } from './gunzipStream';
import { ImageArchiveError } from './imageArchiveError';
import { normaliseLayerPath, ROOT, whiteoutOf } from './layerPath';
import { sniff } from './sniff';
import { readTar, type TarEntry, type TarStreamOptions } from './tarStream';

export interface LayerReadOptions extends Pick<TarStreamOptions, 'signal' | 'maxEntrySize'> {
  /** Names the layer in errors ("layer 3 (abc/layer.tar)"). */
  label?: string;
  /** The layer's stored length where known: a header claiming more is refused at once (plain tars only). */
  storedSize?: number;
  /** Entries beyond this many are refused (default 2 million): a bound on what is kept. */
  maxEntries?: number;
}

const TYPES: Record<string, LayerEntryType> = { '0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '5': 'dir' };
const DEFAULT_MAX_ENTRIES = 2_000_000;

function toLayerEntry(entry: TarEntry, label: string): LayerEntry | undefined {
  const path = normaliseLayerPath(entry.name, label);
  const type = TYPES[entry.typeFlag] ?? 'other';
  const base = { type, size: type === 'file' ? entry.size : 0, mode: entry.mode & 0o7777, uid: entry.uid, gid: entry.gid };
  const mark = whiteoutOf(path, label);
  if (mark.kind === 'metadata') return undefined;
  if (mark.kind === 'opaque') return { ...base, path: mark.path, type: 'dir', size: 0, opaque: true };
  if (mark.kind === 'whiteout') return { ...base, path: mark.path, size: 0, whiteout: true };
  // The layer's root directory ("./") is not an entry of it.
  if (path === ROOT) return undefined;
  const result: LayerEntry = { ...base, path };
  if (type === 'symlink') result.linkTarget = entry.linkName;
  else if (type === 'hardlink') result.linkTarget = normaliseLayerPath(entry.linkName, `${label} (hard link ${JSON.stringify(path)})`);
  return result;
}

/** The tar bytes of a layer, decompressed where they are gzip; zstd and anything else is refused. */
async function tarBytesOf(source: AsyncIterable<Buffer>, label: string): Promise<{ stream: AsyncIterable<Buffer>; compressed: boolean }> {
  const sniffed = await sniff(source);
  switch (sniffed.format) {
    case 'tar':
      return { stream: sniffed.stream, compressed: false };
    case 'gzip':
      return { stream: gunzipChunks(sniffed.stream, label), compressed: true };
    case 'zstd':
      await sniffed.stream.return(undefined);
      throw new ImageArchiveError('unsupported', `${label}: zstd layer: not supported yet.`);
    default:
      await sniffed.stream.return(undefined);
      throw new ImageArchiveError('not-a-tar', `${label} is not a tar archive (nor gzip or zstd compressed).`);
  }
}

export async function readLayerEntries(source: AsyncIterable<Buffer>, options: LayerReadOptions = {}): Promise<LayerEntry[]> {
  const label = options.label ?? 'layer';
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const { stream, compressed } = await tarBytesOf(source, label);
  const entries: LayerEntry[] = [];
  const tar = readTar(stream, { label, signal: options.signal, maxEntrySize: options.maxEntrySize, totalSize: compressed ? undefined : options.storedSize });
  for await (const entry of tar) {
    const layerEntry = toLayerEntry(entry, label);
    if (!layerEntry) continue;
    if (entries.length >= maxEntries) throw new ImageArchiveError('too-large', `${label} has more than ${maxEntries} entries.`);
    entries.push(layerEntry);
  }
  return entries;
}
