// Wasted bytes and the efficiency score of an image, computed exactly as dive does (wagoodman/dive:
// dive/filetree/efficiency.go, file_tree.go, file_node.go, file_info.go; dive/image/analysis.go;
// dive/image/docker/image_archive.go), so the same layers give the same numbers (the CI rules on
// them are in imageRules.ts). dive's trees differ
// from the engine's filesystem (no opaque directories, directories without entries have no
// "directory" flag), so this file builds its own trees the way dive builds them; the trees the
// user sees are in layerTree.ts.
import type { ImageLayerContents, LayerEntry, LayerEntryType } from './imageContents';
import { compareNames, pathSegments } from './layerTree';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_PREFIX = '.wh..wh..';

/** The FileInfo fields of dive's that the score depends on. */
interface DiveInfo {
  type: LayerEntryType | 'none';
  size: number;
  isDir: boolean;
}

/** dive gives a directory created only because a path runs through it an empty FileInfo: not a directory, size 0. */
const EMPTY_INFO: DiveInfo = { type: 'none', size: 0, isDir: false };

interface DiveNode {
  name: string;
  info: DiveInfo;
  parent?: DiveNode;
  children: Map<string, DiveNode>;
}

function newRoot(): DiveNode {
  return { name: '', info: EMPTY_INFO, children: new Map() };
}

/** dive's FileTree.AddPath: missing intermediate nodes get the empty FileInfo; the last node gets `info`. */
function addPath(root: DiveNode, segments: readonly string[], info: DiveInfo): void {
  let node = root;
  for (let index = 0; index < segments.length; index++) {
    const name = segments[index];
    let child = node.children.get(name);
    if (!child) {
      // dive never adds an opaque marker (`.wh..wh..opq`): the directory above it is created (if
      // missing) and that is all. So dive ignores opaque directories entirely.
      if (name.startsWith(OPAQUE_PREFIX)) return;
      child = { name, info: EMPTY_INFO, parent: node, children: new Map() };
      node.children.set(name, child);
    }
    node = child;
    if (index === segments.length - 1) node.info = info;
  }
}

function getNode(root: DiveNode, segments: readonly string[]): DiveNode | undefined {
  let node: DiveNode | undefined = root;
  for (const name of segments) {
    node = node.children.get(name);
    if (!node) return undefined;
  }
  return node;
}

/** A layer's tree as dive builds it from the tar (a whiteout is a node named `.wh.NAME`). */
function diveLayerTree(entries: readonly LayerEntry[]): DiveNode {
  const root = newRoot();
  for (const entry of entries) {
    const segments = pathSegments(entry.path);
    if (segments.length === 0) continue;
    if (entry.whiteout) segments[segments.length - 1] = WHITEOUT_PREFIX + segments[segments.length - 1];
    else if (entry.opaque) segments.push(`${OPAQUE_PREFIX}opq`);
    addPath(root, segments, { type: entry.type, size: entry.size, isDir: entry.type === 'dir' });
  }
  return root;
}

function copyTree(node: DiveNode, parent?: DiveNode): DiveNode {
  const copy: DiveNode = { name: node.name, info: node.info, parent, children: new Map() };
  for (const [name, child] of node.children) copy.children.set(name, copyTree(child, copy));
  return copy;
}

/**
 * dive's VisitDepthChildFirst: children in name order, then the node itself (never the root).
 * The visitor returns false to stop the whole walk (dive stops a walk on the visitor's error).
 */
function visitChildFirst(node: DiveNode, segments: string[], visitor: (node: DiveNode, segments: readonly string[]) => boolean): boolean {
  for (const name of [...node.children.keys()].sort(compareNames)) {
    segments.push(name);
    const going = visitChildFirst(node.children.get(name) as DiveNode, segments, visitor);
    segments.pop();
    if (!going) return false;
  }
  if (segments.length === 0) return true;
  return visitor(node, segments);
}

function isWhiteout(node: DiveNode): boolean {
  return node.name.startsWith(WHITEOUT_PREFIX);
}

/** The node's path with a whiteout's prefix taken off its last name (dive's FileNode.Path), relative to the root. */
function strippedSegments(node: DiveNode, segments: readonly string[]): string[] {
  const result = [...segments];
  if (isWhiteout(node)) result[result.length - 1] = node.name.slice(WHITEOUT_PREFIX.length);
  return result;
}

/** dive's FileTree.Stack: every node of the upper tree, children first; a whiteout removes, anything else sets its FileInfo. */
function stackOnto(lower: DiveNode, upper: DiveNode): void {
  visitChildFirst(upper, [], (node, segments) => {
    if (isWhiteout(node)) {
      // A whiteout of a path that is not there is a "path error" dive logs and goes on past.
      const target = getNode(lower, strippedSegments(node, segments));
      if (target?.parent) target.parent.children.delete(target.name);
    } else {
      addPath(lower, segments, node.info);
    }
    return true;
  });
}

export interface Inefficiency {
  /** Relative to the root, like LayerEntry.path (dive shows it with a leading "/"). */
  path: string;
  /** The bytes of every copy of this path in every layer; all of them count as wasted. */
  cumulativeSize: number;
  /** How many layer-tree nodes had this path (dive's "Count"). */
  count: number;
  /** Layers that put this path in (in visiting order; a layer appears once per node). */
  addedIn: number[];
  /** Layers that whited this path out. */
  removedIn: number[];
}

export interface ImageEfficiency {
  /** sum over paths of the smallest size seen / sum of all sizes seen; 1 when nothing was seen. */
  efficiency: number;
  wastedBytes: number;
  /** Bytes of all layers' entries (dive's SizeBytes). */
  sizeBytes: number;
  /** Bytes of all layers' entries but the first's (dive's UserSizeByes). */
  userSizeBytes: number;
  /**
   * wastedBytes / userSizeBytes as dive divides them, in floating point: NaN for a one-layer image
   * without waste (0/0), Infinity when only the first layer has waste. Kept so, to give dive's numbers.
   */
  wastedUserPercent: number;
  /** Paths seen at least twice, largest cumulative size first. */
  inefficiencies: Inefficiency[];
  /** Where dive's own walk stops early (a whiteout with nothing below it ends the layer's walk). */
  warnings: string[];
}

interface PathData {
  path: string;
  cumulativeSize: number;
  /** -1 until a size is found: dive starts it so, and a path whose walk stopped keeps -1 in the sum. */
  minDiscoveredSize: number;
  count: number;
  addedIn: number[];
  removedIn: number[];
}

/** Sum of the FileInfo sizes of a node and everything under it (dive's sizer on a whited-out directory). */
function recursiveSize(node: DiveNode): number {
  let size = node.info.size;
  for (const child of node.children.values()) size += recursiveSize(child);
  return size;
}

/** dive's layer size: the sizes of all the layer tar's entries added up (dive's FileTree.FileSize). */
export function layerContentSize(layer: ImageLayerContents): number {
  let size = 0;
  for (const entry of layer.entries) size += entry.size;
  return size;
}

/** dive's filetree.Efficiency and image.Analyze over the layers, bottom first. */
export function imageEfficiency(layers: readonly ImageLayerContents[]): ImageEfficiency {
  const trees = layers.map((layer) => diveLayerTree(layer.entries));
  const byPath = new Map<string, PathData>();
  const inefficient: PathData[] = [];
  const warnings: string[] = [];

  // For a whiteout in layer n dive stacks layers 0..n-1 onto a copy of layer 0, so layer 0 is in it
  // twice (harmless but for layer 0's own whiteouts), and for a whiteout in layer 0 the "stack
  // below" is layer 0 itself. Built here once, layer by layer, with the same result.
  const below = trees.length > 0 ? copyTree(trees[0]) : newRoot();

  trees.forEach((tree, layerIndex) => {
    if (layerIndex > 0) stackOnto(below, trees[layerIndex - 1]);
    // Only leaves are visited: a directory with anything in it in this layer is not counted, an
    // empty directory is (size 0), a whiteout is.
    visitChildFirst(tree, [], (node, segments) => {
      if (node.children.size > 0) return true;
      const stripped = strippedSegments(node, segments);
      const path = stripped.join('/');
      let data = byPath.get(path);
      if (!data) {
        data = { path, cumulativeSize: 0, minDiscoveredSize: -1, count: 0, addedIn: [], removedIn: [] };
        byPath.set(path, data);
      }
      let size = 0;
      if (isWhiteout(node)) {
        const removed = getNode(below, stripped);
        if (!removed) {
          // dive's visitor returns an error here, which ends the walk of this whole layer: the
          // leaves after this one (in name order) are not counted, and this path keeps its entry
          // with minDiscoveredSize -1, which lowers the sum of minimums by one. Matched as it is.
          warnings.push(`layer ${layerIndex}: the whiteout of ${path} has nothing below it; dive stops counting this layer there`);
          return false;
        }
        // A whited-out file counts 0 bytes; a whited-out directory counts the sizes of everything
        // under it in the stack below. "Directory" is dive's flag, which a directory holds only
        // while its last writer had an entry for it (an implied one, e.g. the parent of a later
        // file or whiteout, has none): then it counts 0 too.
        if (removed.info.isDir) size = recursiveSize(removed);
        data.removedIn.push(layerIndex);
      } else {
        size = node.info.size;
        data.addedIn.push(layerIndex);
      }
      data.cumulativeSize += size;
      if (data.minDiscoveredSize < 0 || size < data.minDiscoveredSize) data.minDiscoveredSize = size;
      data.count += 1;
      if (data.count === 2) inefficient.push(data);
      return true;
    });
  });

  let minimumSum = 0;
  let discoveredSum = 0;
  for (const data of byPath.values()) {
    minimumSum += data.minDiscoveredSize;
    discoveredSum += data.cumulativeSize;
  }
  const efficiency = discoveredSum === 0 ? 1 : minimumSum / discoveredSum;

  // Every byte of a path seen twice is "wasted", the smallest copy included (dive sums CumulativeSize).
  let wastedBytes = 0;
  for (const data of inefficient) wastedBytes += data.cumulativeSize;

  let sizeBytes = 0;
  let userSizeBytes = 0;
  layers.forEach((layer, index) => {
    const size = layerContentSize(layer);
    sizeBytes += size;
    if (index !== 0) userSizeBytes += size;
  });

  // dive sorts ascending with an unstable sort and lists it backwards; ties here go by path.
  const inefficiencies = inefficient
    .map((data) => ({
      path: data.path,
      cumulativeSize: data.cumulativeSize,
      count: data.count,
      addedIn: data.addedIn,
      removedIn: data.removedIn,
    }))
    .sort((a, b) => b.cumulativeSize - a.cumulativeSize || compareNames(a.path, b.path));

  return {
    efficiency,
    wastedBytes,
    sizeBytes,
    userSizeBytes,
    wastedUserPercent: wastedBytes / userSizeBytes,
    inefficiencies,
    warnings,
  };
}
