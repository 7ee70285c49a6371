// What reading an image's archive gave, kept on disk per image ID (a content digest: the same ID
// is the same image on any engine), so a second look is instant and nothing is read twice. One
// JSON file per image, named by a hash of the ID (an ID is engine data: it never names a file);
// the least recently used go first once the files pass the size cap. A file that does not parse
// or does not hold what it says is dropped and read again from the engine.
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ImageContents } from '../shared/imageAnalysis';
import { isImageContents } from '../shared/imageContentsGuard';

const SUFFIX = '.image.json';

export interface ImageAnalysisCacheOptions {
  /** The directory the cache owns (the extension's global storage, a subfolder). */
  dir: string;
  /** The files' total size past which the least recently used go. */
  capBytes: () => number;
  warn?: (message: string) => void;
}

export class ImageAnalysisCache {
  constructor(private readonly options: ImageAnalysisCacheOptions) {}

  private fileOf(imageId: string): string {
    return path.join(this.options.dir, `${createHash('sha256').update(imageId).digest('hex')}${SUFFIX}`);
  }

  /** The stored contents of the image, or undefined (never stored, evicted, unreadable). */
  async get(imageId: string): Promise<ImageContents | undefined> {
    const file = this.fileOf(imageId);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (!isImageContents(value) || value.imageId !== imageId) {
      this.options.warn?.(`image cache: ${path.basename(file)} does not hold ${imageId}; it is dropped`);
      await fs.rm(file, { force: true });
      return undefined;
    }
    // Its modification time is its last use: eviction takes the oldest.
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => undefined);
    return value;
  }

  /**
   * Stores the contents (written whole to a temporary file, then renamed: a reader never sees half
   * a file), then evicts the least recently used beyond the cap. Contents larger than the cap on
   * their own are not stored. Returns whether they were.
   */
  async put(contents: ImageContents): Promise<boolean> {
    const text = JSON.stringify(contents);
    const bytes = Buffer.byteLength(text);
    if (bytes > this.options.capBytes()) {
      this.options.warn?.(`image cache: ${contents.imageId} takes ${bytes} bytes, more than the cache may hold; not kept`);
      return false;
    }
    await fs.mkdir(this.options.dir, { recursive: true });
    const file = this.fileOf(contents.imageId);
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await fs.writeFile(temporary, text, { mode: 0o600 });
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    await this.evict(file);
    return true;
  }

  /** The files kept, and their total size. */
  async usage(): Promise<{ files: number; bytes: number }> {
    const files = await this.files();
    return { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0) };
  }

  /** Removes every file of the cache (the command that clears it). */
  async clear(): Promise<void> {
    for (const file of await this.files()) await fs.rm(file.path, { force: true });
  }

  private async files(): Promise<{ path: string; size: number; usedMs: number }[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.options.dir);
    } catch {
      return [];
    }
    const files: { path: string; size: number; usedMs: number }[] = [];
    for (const name of names.filter((entry) => entry.endsWith(SUFFIX))) {
      const file = path.join(this.options.dir, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat?.isFile()) files.push({ path: file, size: stat.size, usedMs: stat.mtimeMs });
    }
    return files;
  }

  /** Removes the least recently used files until the rest fit the cap; `keep` (just written) goes last. */
  private async evict(keep: string): Promise<void> {
    const files = (await this.files()).sort((a, b) => (a.path === keep ? 1 : b.path === keep ? -1 : a.usedMs - b.usedMs));
    let total = files.reduce((sum, file) => sum + file.size, 0);
    for (const file of files) {
      if (total <= this.options.capBytes() || file.path === keep) break;
      await fs.rm(file.path, { force: true });
      total -= file.size;
    }
  }
}
