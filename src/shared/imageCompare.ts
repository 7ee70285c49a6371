// Two images side by side: the layers they share at the bottom (one base, by diff ID), the layers
// each has from where they part, and the files in which their final filesystems differ. Built by
// the host from two analyses, drawn by the webview; plain data, no vscode, no DOM.
import { type ImageAnalysis, layerCommands, layerSummaries } from './imageAnalysis';
import type { LayerEntryType } from './imageContents';
import { layerContentSize } from './imageEfficiency';
import { type HashedLayerEntry, type StackNode, compareNames, joinPath, stackNodeSize, stackedTree } from './layerTree';

/** Rows of differing files a model carries at most: bounds the message and the page's table. */
export const MAX_IMAGE_COMPARE_ROWS = 5_000;

export type NamedImageAnalysis = ImageAnalysis & { name: string };

/**
 * How the two images relate: the same image (same ID); the same layers under another ID (only the
 * configuration differs); one built on the other (its layers are the other's bottom ones); a
 * shared base they part from; or no layer in common.
 */
export type ImageRelation = 'identical' | 'same-layers' | 'a-under-b' | 'b-under-a' | 'parted' | 'unrelated';

export interface ImageCompareSummary {
  name: string;
  imageId: string;
  readAt: string;
  layers: number;
  /** Bytes of all layers' entries (dive's image size). */
  sizeBytes: number;
  /** Bytes of the layers' tars in the archive. */
  archiveBytes: number;
  efficiency: number;
  wastedBytes: number;
  /** Layers that could not be read: their files are missing from the comparison. */
  unreadableLayers: number;
}

/** A layer both images have at the same place from the bottom. */
export interface SharedImageLayer {
  id: string;
  /** The command that made it, as image A's history says ('' where it does not). */
  command: string;
  /** Image B's command where its history says something else for the same layer. */
  commandB?: string;
  sizeBytes: number;
}

/** A layer of one image above the shared base. */
export interface PartedImageLayer {
  /** Its index in that image, bottom first. */
  index: number;
  id: string;
  command: string;
  sizeBytes: number;
  /** What the layer did to the filesystem below it (paths). */
  added: number;
  modified: number;
  removed: number;
}

export type FileDifferenceKind = 'only-a' | 'only-b' | 'changed';

/** What can differ between the two images' entries at one path. */
export type FileAttribute = 'type' | 'size' | 'content' | 'mode' | 'owner' | 'target';

/** A path as one image has it. */
export interface FileSide {
  /** 'dir' for a directory only implied by what is in it. */
  type: LayerEntryType;
  /** The entry's bytes; for a directory listed whole (only on this side), the bytes under it. */
  size: number;
  /** For a directory listed whole: the regular files under it. */
  files?: number;
  /** Absent for an implied directory (no entry of its own). */
  mode?: number;
  uid?: number;
  gid?: number;
  linkTarget?: string;
}

export interface FileDifference {
  /** Relative to the root, no leading "/"; parents come before their children. */
  path: string;
  kind: FileDifferenceKind;
  a?: FileSide;
  b?: FileSide;
  /** For 'changed': what differs. */
  changed?: FileAttribute[];
}

export interface DifferenceTotal {
  /** Rows (a directory only on one side is one path). */
  paths: number;
  /** Regular files, those under a directory listed whole included. */
  files: number;
  bytes: number;
}

export interface FileDifferences {
  /** At most MAX_IMAGE_COMPARE_ROWS, in path order. */
  rows: FileDifference[];
  /** Rows left out beyond the cap. */
  omitted: number;
  /** Over all differences, those left out included. */
  totals: {
    onlyA: DifferenceTotal;
    onlyB: DifferenceTotal;
    changed: { paths: number; bytesA: number; bytesB: number };
  };
}

export interface ImageCompareModel {
  images: [ImageCompareSummary, ImageCompareSummary];
  relation: ImageRelation;
  /** The layers both have at the bottom, bottom first. */
  base: { layers: SharedImageLayer[]; sizeBytes: number };
  /** The first layer index where their diff IDs differ (or one image ends); null where their layer lists are the same. */
  partAt: number | null;
  /** Each image's layers from partAt up, bottom first. */
  parted: [PartedImageLayer[], PartedImageLayer[]];
  files: FileDifferences;
}

function summarise(image: NamedImageAnalysis): ImageCompareSummary {
  return {
    name: image.name,
    imageId: image.imageId,
    readAt: image.readAt,
    layers: image.layers.length,
    sizeBytes: image.efficiency.sizeBytes,
    archiveBytes: image.layers.reduce((sum, layer) => sum + layer.archiveSize, 0),
    efficiency: image.efficiency.efficiency,
    wastedBytes: image.efficiency.wastedBytes,
    unreadableLayers: image.layers.filter((layer) => layer.error !== undefined).length,
  };
}

function sharedCount(a: ImageAnalysis, b: ImageAnalysis): number {
  let count = 0;
  while (count < a.layers.length && count < b.layers.length && a.layers[count].id === b.layers[count].id) count++;
  return count;
}

function relationOf(a: ImageAnalysis, b: ImageAnalysis, shared: number): ImageRelation {
  if (a.imageId === b.imageId) return 'identical';
  const lengthA = a.layers.length;
  const lengthB = b.layers.length;
  if (shared === lengthA && shared === lengthB) return 'same-layers';
  if (shared === 0) return 'unrelated';
  if (shared === lengthA) return 'a-under-b';
  if (shared === lengthB) return 'b-under-a';
  return 'parted';
}

function partedLayers(image: ImageAnalysis, from: number): PartedImageLayer[] {
  return layerSummaries(image)
    .slice(from)
    .map(({ index, id, command, contentBytes, added, modified, removed }) => ({ index, id, command, sizeBytes: contentBytes, added, modified, removed }));
}

function isDirectory(node: StackNode): boolean {
  return node.entry === undefined || node.entry.type === 'dir';
}

/** A path as one side has it; `whole`: a directory the other side lacks, counted with all under it. */
function sideOf(node: StackNode, whole: boolean): FileSide {
  const entry = node.entry;
  const side: FileSide = { type: entry?.type ?? 'dir', size: entry?.size ?? 0 };
  if (whole && isDirectory(node)) {
    const below = stackNodeSize(node);
    side.size = below.size;
    side.files = below.files;
  }
  if (entry) {
    side.mode = entry.mode;
    side.uid = entry.uid;
    side.gid = entry.gid;
    if (entry.linkTarget !== undefined) side.linkTarget = entry.linkTarget;
  }
  return side;
}

/**
 * What differs between the entries at one path. Not layerTree's entryDifferences: that follows
 * dive (size stands in for content, link targets are not compared); here each is its own finding,
 * and the content only counts where both entries carry a hash.
 */
function attributeDifferences(a: HashedLayerEntry | undefined, b: HashedLayerEntry | undefined): FileAttribute[] {
  // An implied directory has no mode or owner to compare; it only differs from a non-directory.
  if (!a || !b) return (a?.type ?? 'dir') === (b?.type ?? 'dir') ? [] : ['type'];
  const changed: FileAttribute[] = [];
  if (a.type !== b.type) changed.push('type');
  if (a.size !== b.size) changed.push('size');
  if (a.contentHash !== undefined && b.contentHash !== undefined && a.contentHash !== b.contentHash) changed.push('content');
  if (a.mode !== b.mode) changed.push('mode');
  if (a.uid !== b.uid || a.gid !== b.gid) changed.push('owner');
  if ((a.linkTarget ?? '') !== (b.linkTarget ?? '')) changed.push('target');
  return changed;
}

function emptyTotal(): DifferenceTotal {
  return { paths: 0, files: 0, bytes: 0 };
}

function regularFiles(side: FileSide): number {
  return side.files ?? (side.type === 'file' ? 1 : 0);
}

/** Collects the rows up to the cap and the totals over all of them. */
class DifferenceCollector {
  readonly result: FileDifferences = {
    rows: [],
    omitted: 0,
    totals: { onlyA: emptyTotal(), onlyB: emptyTotal(), changed: { paths: 0, bytesA: 0, bytesB: 0 } },
  };

  add(row: FileDifference): void {
    const { totals } = this.result;
    if (row.kind === 'changed') {
      totals.changed.paths += 1;
      totals.changed.bytesA += row.a?.size ?? 0;
      totals.changed.bytesB += row.b?.size ?? 0;
    } else {
      const total = row.kind === 'only-a' ? totals.onlyA : totals.onlyB;
      const side = (row.kind === 'only-a' ? row.a : row.b) as FileSide;
      total.paths += 1;
      total.files += regularFiles(side);
      total.bytes += side.size;
    }
    if (this.result.rows.length < MAX_IMAGE_COMPARE_ROWS) this.result.rows.push(row);
    else this.result.omitted += 1;
  }
}


/** Walks both trees together in name order; a subtree on one side only is one row. */
function compareChildren(a: StackNode, b: StackNode, path: string, collector: DifferenceCollector): void {
  const names = [...new Set([...a.children.keys(), ...b.children.keys()])].sort(compareNames);
  for (const name of names) {
    const childPath = joinPath(path, name);
    const inA = a.children.get(name);
    const inB = b.children.get(name);
    if (!inB) {
      collector.add({ path: childPath, kind: 'only-a', a: sideOf(inA as StackNode, true) });
      continue;
    }
    if (!inA) {
      collector.add({ path: childPath, kind: 'only-b', b: sideOf(inB, true) });
      continue;
    }
    const bothDirectories = isDirectory(inA) && isDirectory(inB);
    const changed = attributeDifferences(inA.entry, inB.entry);
    // A directory against a non-directory: the directory is counted whole, its children not listed.
    if (changed.length > 0) collector.add({ path: childPath, kind: 'changed', a: sideOf(inA, !bothDirectories), b: sideOf(inB, !bothDirectories), changed });
    if (bothDirectories) compareChildren(inA, inB, childPath, collector);
  }
}

/** The files in which the two images' final filesystems differ. */
export function fileDifferences(a: ImageAnalysis, b: ImageAnalysis): FileDifferences {
  const collector = new DifferenceCollector();
  // The same image has the same files: no need to stack hundreds of thousands of entries twice.
  if (a.imageId !== b.imageId) {
    compareChildren(stackedTree(a.layers, a.layers.length - 1), stackedTree(b.layers, b.layers.length - 1), '', collector);
  }
  return collector.result;
}

export function compareImages(a: NamedImageAnalysis, b: NamedImageAnalysis): ImageCompareModel {
  const shared = sharedCount(a, b);
  const commandsA = layerCommands(a);
  const commandsB = layerCommands(b);
  const baseLayers = a.layers.slice(0, shared).map((layer, index): SharedImageLayer => {
    const sharedLayer: SharedImageLayer = { id: layer.id, command: commandsA[index], sizeBytes: layerContentSize(layer) };
    if (commandsB[index] !== commandsA[index]) sharedLayer.commandB = commandsB[index];
    return sharedLayer;
  });
  const sameLayers = shared === a.layers.length && shared === b.layers.length;
  return {
    images: [summarise(a), summarise(b)],
    relation: relationOf(a, b, shared),
    base: { layers: baseLayers, sizeBytes: baseLayers.reduce((sum, layer) => sum + layer.sizeBytes, 0) },
    partAt: sameLayers ? null : shared,
    parted: [partedLayers(a, shared), partedLayers(b, shared)],
    files: fileDifferences(a, b),
  };
}
