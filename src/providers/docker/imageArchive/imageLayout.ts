// Which members of an image archive are its layers, in order, and what made them: read from the
// small JSON members kept while streaming. Docker's layout (manifest.json, a config with history and
// rootfs.diff_ids) is preferred; the OCI layout (index.json, a manifest blob, perhaps through a
// nested index) is the fallback. Every field is checked: the JSON comes from the archive.
import { array, isRecord, type JsonRecord, record, records, string, stringArray } from '../jsonFields';
import { ImageArchiveError } from './imageArchiveError';
import { normaliseLayerPath } from './layerPath';

export interface HistoryStep {
  createdBy: string;
  emptyLayer: boolean;
}

export interface LayoutLayer {
  /** The archive member that holds the layer's tar (before any symlink in the archive is followed). */
  member: string;
  /** The diff ID where the config gives one for every layer, else the member's name. */
  id: string;
}

export interface ImageLayout {
  layers: LayoutLayer[];
  history: HistoryStep[];
}

const LABEL = 'image archive';
const MAX_INDEX_DEPTH = 3;

function memberPath(reference: string): string {
  return normaliseLayerPath(reference, `${LABEL} (a path in its manifest)`);
}

function blobPath(digest: string | undefined): string {
  const match = /^([a-z0-9]+):([a-f0-9]{32,128})$/.exec(digest ?? '');
  if (!match) throw new ImageArchiveError('layout', `${LABEL}: the OCI index names an invalid digest ${JSON.stringify(digest ?? null)}.`);
  return `blobs/${match[1]}/${match[2]}`;
}

function jsonMember(json: ReadonlyMap<string, unknown>, path: string, what: string): JsonRecord {
  const value = json.get(path);
  if (!isRecord(value)) throw new ImageArchiveError('layout', `${LABEL}: its ${what} (${path}) is missing or not a JSON object.`);
  return value;
}

function historyOf(config: JsonRecord): HistoryStep[] {
  return records(config, 'history').map((step) => ({ createdBy: string(step, 'created_by') ?? '', emptyLayer: step.empty_layer === true }));
}

function withIds(members: string[], config: JsonRecord): LayoutLayer[] {
  const diffIds = stringArray(record(config, 'rootfs') ?? {}, 'diff_ids');
  const useDiffIds = diffIds !== undefined && diffIds.length === members.length;
  return members.map((member, index) => ({ member, id: useDiffIds ? diffIds[index] : member }));
}

function dockerLayout(json: ReadonlyMap<string, unknown>): ImageLayout {
  const manifests = json.get('manifest.json');
  const first = Array.isArray(manifests) ? manifests[0] : undefined;
  if (!isRecord(first)) throw new ImageArchiveError('layout', `${LABEL}: manifest.json lists no image.`);
  const configName = string(first, 'Config');
  const layers = stringArray(first, 'Layers');
  if (configName === undefined || layers === undefined) throw new ImageArchiveError('layout', `${LABEL}: manifest.json has no Config or no Layers.`);
  const config = jsonMember(json, memberPath(configName), 'image config');
  return { layers: withIds(layers.map(memberPath), config), history: historyOf(config) };
}

function ociManifest(json: ReadonlyMap<string, unknown>, index: JsonRecord, depth: number): JsonRecord {
  const descriptor = records(index, 'manifests')[0];
  if (!descriptor) throw new ImageArchiveError('layout', `${LABEL}: its OCI index lists no manifest.`);
  const manifest = jsonMember(json, blobPath(string(descriptor, 'digest')), 'OCI manifest');
  if (!Array.isArray(manifest.manifests)) return manifest;
  if (depth >= MAX_INDEX_DEPTH) throw new ImageArchiveError('layout', `${LABEL}: its OCI indexes nest too deep.`);
  return ociManifest(json, manifest, depth + 1);
}

function ociLayout(json: ReadonlyMap<string, unknown>): ImageLayout {
  const manifest = ociManifest(json, jsonMember(json, 'index.json', 'index.json'), 0);
  const config = jsonMember(json, blobPath(string(record(manifest, 'config') ?? {}, 'digest')), 'image config');
  const layers = array(manifest, 'layers').map((layer) => blobPath(isRecord(layer) ? string(layer, 'digest') : undefined));
  return { layers: withIds(layers, config), history: historyOf(config) };
}

export function resolveLayout(json: ReadonlyMap<string, unknown>): ImageLayout {
  if (json.has('manifest.json')) return dockerLayout(json);
  if (json.has('index.json')) return ociLayout(json);
  throw new ImageArchiveError('layout', `${LABEL}: neither manifest.json nor index.json was found; this is not an image archive.`);
}
