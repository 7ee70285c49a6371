// The file trees of an image's layers as the engine applies them: one tree per layer (its entries,
// with the parent directories they imply), the stacked tree of layers 0..n (whiteouts remove,
// opaque directories hide what lower layers put in them, a non-directory replaces a directory),
// and what each layer added, modified and removed relative to the stack below it, with bytes.
// The dive-compatible trees behind the efficiency score live in imageEfficiency.ts: dive ignores
// opaque directories, so its numbers are computed on its own trees, not on these.
import type { ImageLayerContents, LayerEntry, LayerEntryType } from './imageContents';

/** An entry with the digest of its content where the reader gave one (dive compares one); now simply LayerEntry. */
export type HashedLayerEntry = LayerEntry;

/** A node of one layer's tree. */
export interface LayerTreeNode {
  name: string;
  /** The entry that put this path in the layer; absent for a directory only implied by its children. */
  entry?: HashedLayerEntry;
  /** The layer removes what lower layers have at this path (a `.wh.` marker). */
  whiteout?: boolean;
  /** The layer hides what lower layers put in this directory (`.wh..wh..opq`). */
  opaque?: boolean;
  children: Map<string, LayerTreeNode>;
}

/** A node of the stacked tree (the filesystem as seen after some layer). */
export interface StackNode {
  name: string;
  /** The entry that set this path last; absent for a directory that only exists because of its children. */
  entry?: HashedLayerEntry;
  /** Index of the layer that set this node last. */
  layer: number;
  children: Map<string, StackNode>;
}

export type ChangedAttribute = 'type' | 'content' | 'mode' | 'owner';

export interface ChangedPath {
  path: string;
  /** 'dir' for an implied directory. */
  type: LayerEntryType;
  /** The entry's own bytes (0 for directories; their files are listed on their own). */
  size: number;
  /** A directory the layer created only because it put something in it (no entry of its own). */
  implicit?: boolean;
  /** For a modified path: the size below and what differs. */
  previousSize?: number;
  changed?: ChangedAttribute[];
}

export interface RemovedPath {
  path: string;
  type: LayerEntryType;
  /** Bytes of everything removed at and under this path (regular files' sizes). */
  size: number;
  /** Regular files removed at and under this path. */
  files: number;
  reason: 'whiteout' | 'opaque' | 'replaced';
}

export interface LayerChanges {
  layer: number;
  added: ChangedPath[];
  modified: ChangedPath[];
  /** The topmost removed paths (a removed directory's children are counted in its size, not listed). */
  removed: RemovedPath[];
  addedBytes: number;
  modifiedBytes: number;
  removedBytes: number;
  /** Whiteouts of paths no lower layer has (they remove nothing). */
  unmatchedWhiteouts: string[];
}

/**
 * The segments of a layer path: "./a//b/" -> ["a", "b"]; "." segments dropped, ".." resolved
 * (never above the root: the reader rejects such names, a tree only keeps them inside).
 */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      segments.pop();
      continue;
    }
    segments.push(part);
  }
  return segments;
}

/** UTF-16 code units moved so that surrogates (astral characters) sort after U+E000..U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Byte order of the UTF-8 names (Go's sort.Strings), which is code point order, not UTF-16 order. */
export function compareNames(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return codePointRank(left) - codePointRank(right);
  }
  return a.length - b.length;
}

/** One layer's tree from its entries in archive order (a later entry for the same path wins). */
export function buildLayerTree(entries: readonly HashedLayerEntry[]): LayerTreeNode {
  const root: LayerTreeNode = { name: '', children: new Map() };
  for (const entry of entries) {
    const segments = pathSegments(entry.path);
    if (segments.length === 0) continue;
    let node = root;
    for (const name of segments) {
      let child = node.children.get(name);
      if (!child) {
        child = { name, children: new Map() };
        node.children.set(name, child);
      }
      node = child;
    }
    if (entry.whiteout) node.whiteout = true;
    else if (entry.opaque) node.opaque = true;
    else node.entry = entry;
  }
  return root;
}

function isDirectory(node: StackNode): boolean {
  return node.entry === undefined || node.entry.type === 'dir';
}

/** Bytes and regular files at and under a stacked node. */
export function stackNodeSize(node: StackNode): { size: number; files: number } {
  let size = node.entry?.size ?? 0;
  let files = node.entry?.type === 'file' ? 1 : 0;
  for (const child of node.children.values()) {
    const below = stackNodeSize(child);
    size += below.size;
    files += below.files;
  }
  return { size, files };
}

/**
 * What differs between an entry below and the layer's entry at the same path, on the fields dive's
 * FileInfo.Compare looks at: the tar type, the content (dive hashes it; here the content hash when
 * both have one, else the size), the mode and the owner. Like dive, a symlink's or hardlink's
 * target is not compared (its tar entry has no content, so dive's hashes are equal).
 */
export function entryDifferences(below: HashedLayerEntry, above: HashedLayerEntry): ChangedAttribute[] {
  const changed: ChangedAttribute[] = [];
  if (below.type !== above.type) changed.push('type');
  const content =
    below.contentHash !== undefined && above.contentHash !== undefined
      ? below.contentHash !== above.contentHash
      : below.size !== above.size;
  if (content) changed.push('content');
  if (below.mode !== above.mode) changed.push('mode');
  if (below.uid !== above.uid || below.gid !== above.gid) changed.push('owner');
  return changed;
}

/** "a/b" and "c" -> "a/b/c"; the root is "". */
export function joinPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** The filesystem as the layers applied so far leave it; apply() adds one layer on top. */
export class LayerStack {
  readonly root: StackNode = { name: '', layer: -1, children: new Map() };
  private applied = 0;

  /** Puts the next layer on top and says what it changed relative to the stack below it. */
  apply(layerTree: LayerTreeNode): LayerChanges {
    const changes: LayerChanges = {
      layer: this.applied,
      added: [],
      modified: [],
      removed: [],
      addedBytes: 0,
      modifiedBytes: 0,
      removedBytes: 0,
      unmatchedWhiteouts: [],
    };
    this.applyChildren(this.root, layerTree, '', false, changes);
    this.applied += 1;
    for (const item of changes.added) changes.addedBytes += item.size;
    for (const item of changes.modified) changes.modifiedBytes += item.size;
    for (const item of changes.removed) changes.removedBytes += item.size;
    return changes;
  }

  private remove(parent: StackNode, node: StackNode, path: string, reason: RemovedPath['reason'], changes: LayerChanges): void {
    const { size, files } = stackNodeSize(node);
    changes.removed.push({ path, type: node.entry?.type ?? 'dir', size, files, reason });
    parent.children.delete(node.name);
  }

  /** hideUnlisted: an opaque directory at or above hides every lower child the layer does not list. */
  private applyChildren(
    stackNode: StackNode,
    layerNode: LayerTreeNode,
    path: string,
    hideUnlisted: boolean,
    changes: LayerChanges,
  ): void {
    const hide = hideUnlisted || layerNode.opaque === true;
    if (hide) {
      for (const child of [...stackNode.children.values()]) {
        if (!layerNode.children.has(child.name)) this.remove(stackNode, child, joinPath(path, child.name), 'opaque', changes);
      }
    }
    const names = [...layerNode.children.keys()].sort(compareNames);
    for (const name of names) {
      const layerChild = layerNode.children.get(name) as LayerTreeNode;
      const childPath = joinPath(path, name);
      let existing = stackNode.children.get(name);
      if (layerChild.whiteout) {
        if (existing) {
          this.remove(stackNode, existing, childPath, 'whiteout', changes);
          existing = undefined;
        } else if (!hide) {
          changes.unmatchedWhiteouts.push(childPath);
        }
        // A whiteout and nothing else at this path: done.
        if (!layerChild.entry && !layerChild.opaque && layerChild.children.size === 0) continue;
      }
      const entry = layerChild.entry;
      let target: StackNode;
      if (existing) {
        target = existing;
        if (entry) {
          if (existing.children.size > 0 && entry.type !== 'dir') {
            // A non-directory replaces a directory: what was under it goes.
            for (const child of [...existing.children.values()]) {
              this.remove(existing, child, joinPath(childPath, child.name), 'replaced', changes);
            }
          }
          if (existing.entry) {
            const changed = entryDifferences(existing.entry, entry);
            if (changed.length > 0) {
              changes.modified.push({ path: childPath, type: entry.type, size: entry.size, previousSize: existing.entry.size, changed });
            }
          }
          existing.entry = entry;
          existing.layer = changes.layer;
        } else if (!isDirectory(existing)) {
          // Something is put under a path that was not a directory: it becomes one.
          changes.modified.push({
            path: childPath,
            type: 'dir',
            size: 0,
            implicit: true,
            previousSize: existing.entry?.size ?? 0,
            changed: ['type'],
          });
          existing.entry = undefined;
          existing.layer = changes.layer;
        }
      } else {
        target = { name, entry, layer: changes.layer, children: new Map() };
        stackNode.children.set(name, target);
        changes.added.push(
          entry ? { path: childPath, type: entry.type, size: entry.size } : { path: childPath, type: 'dir', size: 0, implicit: true },
        );
      }
      if (layerChild.children.size > 0 || layerChild.opaque || hide) {
        this.applyChildren(target, layerChild, childPath, hide, changes);
      }
    }
  }
}

/** Per layer: what it added, modified and removed relative to the stack of the layers below it. */
export function layerChanges(layers: readonly ImageLayerContents[]): LayerChanges[] {
  const stack = new LayerStack();
  return layers.map((layer) => stack.apply(buildLayerTree(layer.entries)));
}

/** The aggregate tree: layers 0..upTo stacked. */
export function stackedTree(layers: readonly ImageLayerContents[], upTo: number): StackNode {
  const stack = new LayerStack();
  for (let index = 0; index <= upTo && index < layers.length; index++) stack.apply(buildLayerTree(layers[index].entries));
  return stack.root;
}
