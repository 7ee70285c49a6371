// A layer entry's name made safe and relative to the image root: "./" and leading "/" stripped,
// "." segments and repeated slashes dropped; a name with NUL, nothing in it, or a ".." segment is
// refused with an error that names it. Also reads the whiteout markers in a name.
import { ImageArchiveError } from './imageArchiveError';

/** What the name at the root normalises to: the root itself, not an entry of it. */
export const ROOT = '';

function shown(name: string): string {
  return JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}...` : name);
}

export function normaliseLayerPath(name: string, label: string): string {
  if (name === '') throw new ImageArchiveError('unsafe-path', `${label}: an entry has an empty name.`);
  if (name.includes('\0')) throw new ImageArchiveError('unsafe-path', `${label}: the entry ${shown(name.replace(/\0/g, '\\0'))} has a NUL byte in its name.`);
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw new ImageArchiveError('unsafe-path', `${label}: the entry ${shown(name)} climbs out of the layer with "..".`);
  return segments.join('/');
}

export type WhiteoutMark = { kind: 'none' } | { kind: 'whiteout'; path: string } | { kind: 'opaque'; path: string } | { kind: 'metadata' };

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** `.wh.NAME` removes NAME; `.wh..wh..opq` makes its directory opaque; other `.wh..wh.` names are the storage driver's own. */
export function whiteoutOf(path: string, label: string): WhiteoutMark {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (!base.startsWith(WHITEOUT)) return { kind: 'none' };
  const dir = slash === -1 ? ROOT : path.slice(0, slash);
  if (base === OPAQUE) return { kind: 'opaque', path: dir };
  if (base.startsWith(`${WHITEOUT}${WHITEOUT}`)) return { kind: 'metadata' };
  const name = base.slice(WHITEOUT.length);
  if (name === '' || name === '.' || name === '..') throw new ImageArchiveError('unsafe-path', `${label}: the whiteout ${shown(path)} names nothing it could remove.`);
  return { kind: 'whiteout', path: dir === ROOT ? name : `${dir}/${name}` };
}
