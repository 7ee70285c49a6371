// What an image's layers hold, as read from the engine's image archive: the entries of each
// layer's tar, in archive order. Plain data shared by the reader (providers), the analysis (waste,
// efficiency, per-layer changes) and the webview that draws the file trees.

export type LayerEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

/** One tar entry of a layer, its path made relative to the root ("etc/passwd", no leading "./" or "/"). */
export interface LayerEntry {
  path: string;
  type: LayerEntryType;
  /** Bytes of content (0 for anything but a regular file). */
  size: number;
  /** Permission and special bits (the tar header's mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** A regular file's content digest (the reader's choice, base64; absent where not read): tells a same-size rewrite. */
  contentHash?: string;
  /** A symlink's or hardlink's target, as text. */
  linkTarget?: string;
  /** `.wh.NAME`: NAME is removed by this layer (`path` is NAME's path, the marker stripped). */
  whiteout?: boolean;
  /** `.wh..wh..opq`: the directory at `path` hides everything lower layers put in it. */
  opaque?: boolean;
}

export interface ImageLayerContents {
  /** The layer's digest (diff ID) or the archive's name for it. */
  id: string;
  /** Bytes of the layer's tar as stored in the archive (compressed where it is). */
  archiveSize: number;
  entries: LayerEntry[];
  /** Why this layer could not be read (its entries are then empty): a corrupt zstd stream, a hostile name. */
  error?: string;
}
