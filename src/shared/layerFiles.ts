// The rows of one layer's file tree as the webview draws it when the user opens that layer: what
// the layer itself holds (its entries, the directories they imply, and what it removes), or the
// filesystem of layers 0..n stacked, marked with what layer n did. Computed on request from the
// analysis the host keeps; capped, since an image can hold hundreds of thousands of paths.
import type { ImageAnalysis } from './imageAnalysis';
import type { FileChange, LayerFileRow, LayerFiles } from './imageAnalysisProtocol';
import { MAX_LAYER_FILE_ROWS } from './imageAnalysisProtocol';
import type { LayerEntry } from './imageContents';
import { type LayerTreeNode, type RemovedPath, type StackNode, LayerStack, buildLayerTree, compareNames, joinPath, pathSegments } from './layerTree';

/** What the engine gives a directory it creates only because something is put in it. */
const IMPLIED_DIR = { mode: 0o755, uid: 0, gid: 0 };


function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function findNode(root: StackNode, path: string): StackNode | undefined {
  let node: StackNode | undefined = root;
  for (const name of pathSegments(path)) {
    node = node.children.get(name);
    if (!node) return undefined;
  }
  return node;
}

/** Collects rows in tree order up to the cap, counting the rest. */
class RowSink {
  readonly rows: LayerFileRow[] = [];
  omitted = 0;

  push(row: LayerFileRow): void {
    if (this.rows.length < MAX_LAYER_FILE_ROWS) this.rows.push(row);
    else this.omitted += 1;
  }
}

function entryRow(path: string, entry: LayerEntry | undefined, change: FileChange, layer: number): LayerFileRow {
  if (!entry) return { path, type: 'dir', size: 0, ...IMPLIED_DIR, change, layer };
  const row: LayerFileRow = { path, type: entry.type, size: entry.size, mode: entry.mode, uid: entry.uid, gid: entry.gid, change, layer };
  if (entry.linkTarget !== undefined) row.linkTarget = entry.linkTarget;
  return row;
}

/**
 * A path the layer removed, drawn as what was there: its type, mode and owner as the stack below
 * had them, its size the bytes removed at and under it. An unmatched whiteout removed nothing: 0 bytes.
 */
function removedRow(path: string, removed: RemovedPath | undefined, below: StackNode | undefined, layer: number): LayerFileRow {
  const row = entryRow(path, below?.entry, 'removed', layer);
  if (removed) {
    row.type = removed.type;
    row.size = removed.size;
  } else if (!below) {
    // Nothing of it: a plain file of no bytes and no permissions.
    Object.assign(row, { type: 'file', size: 0, mode: 0 });
  }
  return row;
}

/** What the selected layer did, by path: its added, modified and (topmost) removed paths. */
interface LayerDid {
  added: Set<string>;
  modified: Set<string>;
  removed: Map<string, RemovedPath>;
  /** Removed paths by their parent's path: the names a walk adds under a node it reaches. */
  removedUnder: Map<string, string[]>;
  /** The stack below the layer at its removed paths and implied directories (read before it is applied). */
  below: Map<string, StackNode>;
}

function changeOf(did: LayerDid, path: string): FileChange {
  if (did.added.has(path)) return 'added';
  if (did.modified.has(path)) return 'modified';
  return 'unchanged';
}

/** Names under `path` in `children`, plus the removed ones not among them, in compareNames order. */
function childNames(children: ReadonlyMap<string, unknown>, path: string, did: LayerDid): string[] {
  const names = new Set(children.keys());
  for (const name of did.removedUnder.get(path) ?? []) names.add(name);
  return [...names].sort(compareNames);
}

function walkLayer(node: LayerTreeNode, path: string, layer: number, did: LayerDid, sink: RowSink): void {
  for (const name of childNames(node.children, path, did)) {
    const childPath = joinPath(path, name);
    const child = node.children.get(name);
    const onlyRemoves = !child || (child.whiteout === true && !child.entry && !child.opaque && child.children.size === 0);
    if (onlyRemoves) {
      sink.push(removedRow(childPath, did.removed.get(childPath), did.below.get(childPath), layer));
      continue;
    }
    const change = changeOf(did, childPath);
    // An implied directory is drawn as the stack below has it, where it has one (not where a file becomes a directory).
    const below = did.below.get(childPath)?.entry;
    sink.push(entryRow(childPath, child.entry ?? (below?.type === 'dir' ? below : undefined), change, layer));
    walkLayer(child, childPath, layer, did, sink);
  }
}

function walkStack(node: StackNode, path: string, layer: number, did: LayerDid, sink: RowSink): void {
  for (const name of childNames(node.children, path, did)) {
    const childPath = joinPath(path, name);
    const child = node.children.get(name);
    if (!child) {
      sink.push(removedRow(childPath, did.removed.get(childPath), did.below.get(childPath), layer));
      continue;
    }
    const change = child.layer === layer ? changeOf(did, childPath) : 'unchanged';
    sink.push(entryRow(childPath, child.entry, change, child.layer));
    walkStack(child, childPath, layer, did, sink);
  }
}

/**
 * The rows of layer `layer`: its own tree (`aggregate` false) or layers 0..layer stacked (true).
 * Parents come before their children, siblings in compareNames order; beyond MAX_LAYER_FILE_ROWS
 * rows are counted in `omitted`. A layer index out of range gives no rows.
 */
export function layerFiles(analysis: ImageAnalysis, layer: number, aggregate: boolean): LayerFiles {
  const sink = new RowSink();
  const changes = analysis.changes[layer];
  if (!changes || layer >= analysis.layers.length) return { imageId: analysis.imageId, layer, aggregate, rows: [], omitted: 0 };

  const stack = new LayerStack();
  for (let index = 0; index < layer; index++) stack.apply(buildLayerTree(analysis.layers[index].entries));
  const did: LayerDid = {
    added: new Set(changes.added.map((item) => item.path)),
    modified: new Set(changes.modified.map((item) => item.path)),
    removed: new Map(changes.removed.map((item) => [item.path, item])),
    removedUnder: new Map(),
    below: new Map(),
  };
  for (const path of did.removed.keys()) {
    const parent = parentPath(path);
    const siblings = did.removedUnder.get(parent);
    if (siblings) siblings.push(baseName(path));
    else did.removedUnder.set(parent, [baseName(path)]);
    const below = findNode(stack.root, path);
    if (below) did.below.set(path, below);
  }
  const layerTree = buildLayerTree(analysis.layers[layer].entries);
  if (aggregate) {
    stack.apply(layerTree);
    walkStack(stack.root, '', layer, did, sink);
  } else {
    recordImpliedBelow(layerTree, '', stack.root, did);
    walkLayer(layerTree, '', layer, did, sink);
  }
  return { imageId: analysis.imageId, layer, aggregate, rows: sink.rows, omitted: sink.omitted };
}

/** Notes the stack's nodes at the layer's implied directories (no entry of their own in the layer). */
function recordImpliedBelow(node: LayerTreeNode, path: string, below: StackNode, did: LayerDid): void {
  for (const [name, child] of node.children) {
    const belowChild = below.children.get(name);
    if (!belowChild) continue;
    const childPath = joinPath(path, name);
    if (!child.entry && !child.whiteout) did.below.set(childPath, belowChild);
    recordImpliedBelow(child, childPath, belowChild, did);
  }
}
