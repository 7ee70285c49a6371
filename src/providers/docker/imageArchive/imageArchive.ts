// Reads an engine's image archive (the output of GET /images/{name}/get) in one pass as it streams:
// every member that looks like a layer is read into its entries as it passes, small JSON members
// (manifest.json, index.json, configs) are kept, everything else is skipped unread. At the end the
// manifest says which layers, in which order, made the image. Nothing is written to disk.
import type { ImageLayerContents, LayerEntry } from '../../../shared/imageContents';
import { abortedError } from './byteReader';
import { asImageArchiveError, ImageArchiveError } from './imageArchiveError';
import { type HistoryStep, resolveLayout } from './imageLayout';
import { readLayerEntries } from './layerEntries';
import { normaliseLayerPath } from './layerPath';
import { sniff } from './sniff';
import { readTar, type TarEntry } from './tarStream';

export interface ImageArchiveOptions {
  signal?: AbortSignal;
  /** Bytes of the archive read so far, after each chunk. */
  onProgress?: (bytesRead: number) => void;
  /** The largest member or layer entry accepted (default 64 GiB). */
  maxEntrySize?: number;
}

export interface ImageArchiveContents {
  /** Bottom layer first. */
  layers: ImageLayerContents[];
  history: HistoryStep[];
}

interface ReadLayer {
  archiveSize: number;
  entries: LayerEntry[];
  error?: string;
}

const LABEL = 'image archive';
const MAX_JSON_MEMBER = 8 * 1024 * 1024;
const MAX_JSON_TOTAL = 64 * 1024 * 1024;
const MAX_ALIAS_HOPS = 8;
const LAYER_NAME = /(^|\/)layer\.tar$|^blobs\/[a-z0-9]+\/[a-f0-9]+$/;

/** A symlink or hard link member: where it points, as a member path (undefined if it leaves the archive). */
function aliasTarget(member: TarEntry, path: string): string | undefined {
  const base = member.typeFlag === '2' && !member.linkName.startsWith('/') ? path.split('/').slice(0, -1) : [];
  const resolved: string[] = [];
  for (const segment of [...base, ...member.linkName.split('/')]) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') resolved.push(segment);
    else if (resolved.pop() === undefined) return undefined;
  }
  return resolved.join('/');
}

async function collect(content: AsyncIterable<Buffer>, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of content) parts.push(chunk);
  return Buffer.concat(parts, size);
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export async function readImageArchive(source: AsyncIterable<Buffer | Uint8Array | string>, options: ImageArchiveOptions = {}): Promise<ImageArchiveContents> {
  const { signal, maxEntrySize } = options;
  const layers = new Map<string, ReadLayer>();
  const json = new Map<string, unknown>();
  const aliases = new Map<string, string | undefined>();
  let jsonBytes = 0;
  /** Set when the outer archive itself failed under a layer's reader: that ends the whole read. */
  let outerFailure: unknown;
  async function* watched(content: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
    try {
      yield* content;
    } catch (error) {
      outerFailure = error;
      throw error;
    }
  }

  try {
    for await (const member of readTar(source, { label: LABEL, signal, onBytes: options.onProgress, maxEntrySize })) {
      const path = normaliseLayerPath(member.name, LABEL);
      if (member.typeFlag === '1' || member.typeFlag === '2') {
        aliases.set(path, aliasTarget(member, path));
        continue;
      }
      if (member.typeFlag !== '0' && member.typeFlag !== '7') continue;
      const sniffed = await sniff(watched(member.content()));
      if (sniffed.format === 'json' && member.size <= MAX_JSON_MEMBER && jsonBytes + member.size <= MAX_JSON_TOTAL) {
        jsonBytes += member.size;
        json.set(path, parseJson(await collect(sniffed.stream, member.size)));
      } else if (sniffed.format === 'tar' || sniffed.format === 'gzip' || sniffed.format === 'zstd' || LAYER_NAME.test(path)) {
        const label = `layer ${path}`;
        try {
          layers.set(path, { archiveSize: member.size, entries: await readLayerEntries(sniffed.stream, { label, signal, maxEntrySize, storedSize: member.size }) });
        } catch (error) {
          if (outerFailure !== undefined || signal?.aborted || !(error instanceof ImageArchiveError)) throw outerFailure ?? error;
          layers.set(path, { archiveSize: member.size, entries: [], error: error.message });
        }
      } else {
        await sniffed.stream.return(undefined);
      }
    }
    signal?.throwIfAborted();
  } catch (error) {
    if (signal?.aborted) throw abortedError();
    throw asImageArchiveError(error, LABEL);
  }

  const layout = resolveLayout(json);
  return {
    layers: layout.layers.map(({ member, id }) => {
      let path: string | undefined = member;
      for (let hop = 0; path !== undefined && !layers.has(path) && aliases.has(path) && hop < MAX_ALIAS_HOPS; hop++) path = aliases.get(path);
      const layer = path === undefined ? undefined : layers.get(path);
      if (!layer) throw new ImageArchiveError('layout', `${LABEL}: the manifest lists the layer ${member}, but the archive holds no layer by that name.`);
      return { id, archiveSize: layer.archiveSize, entries: layer.entries, ...(layer.error === undefined ? {} : { error: layer.error }) };
    }),
    history: layout.history,
  };
}
