// A file's type and permission bits the way `ls -l` writes them ("drwxr-xr-x", "-rwsr-xr-x"), so
// the layer trees read like a listing of the image's filesystem.
import type { LayerEntryType } from '../../src/shared/imageContents';

/** A hard link is a regular file's second name; "other" (devices, FIFOs) is not told apart by the reader. */
const TYPE_LETTER: Record<LayerEntryType, string> = { file: '-', dir: 'd', symlink: 'l', hardlink: '-', other: '?' };

/** One rwx triplet; `special` (setuid, setgid or sticky) turns x into `lower` or, without x, `upper`. */
function triplet(bits: number, special: boolean, lower: string, upper: string): string {
  const execute = (bits & 1) !== 0;
  const x = special ? (execute ? lower : upper) : execute ? 'x' : '-';
  return `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${x}`;
}

export function formatMode(type: LayerEntryType, mode: number): string {
  return (
    TYPE_LETTER[type] +
    triplet(mode >> 6, (mode & 0o4000) !== 0, 's', 'S') +
    triplet(mode >> 3, (mode & 0o2000) !== 0, 's', 'S') +
    triplet(mode, (mode & 0o1000) !== 0, 't', 'T')
  );
}
