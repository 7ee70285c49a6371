// The words of the image comparison: what differs at a path ("mode 0644 → 0755"), a path's kind,
// an image ID short enough for a column. Text only: the page puts it in through textContent.
import type { FileAttribute, FileDifference, FileSide } from '../../src/shared/imageCompare';
import type { LayerEntryType } from '../../src/shared/imageContents';
import { formatBytes } from './format';
import { t } from './l10n';

export function entryTypeWord(type: LayerEntryType): string {
  switch (type) {
    case 'file':
      return t('file');
    case 'dir':
      return t('directory');
    case 'symlink':
      return t('symlink');
    case 'hardlink':
      return t('hard link');
    case 'other':
      return t('special file');
  }
}

/** Permission bits as `ls` and Dockerfiles write them: 0644, 4755. */
export function formatMode(mode: number | undefined): string {
  return mode === undefined ? '?' : mode.toString(8).padStart(4, '0');
}

function formatOwner(side: FileSide): string {
  return side.uid === undefined ? '?' : `${side.uid}:${side.gid ?? '?'}`;
}

/** A path on one side only: what it is ("directory, 3 files", "symlink → ../lib"). */
function describeSide(side: FileSide): string {
  if (side.files !== undefined) return t('directory, {0} files', side.files);
  if (side.linkTarget !== undefined) return t('{0} → {1}', entryTypeWord(side.type), side.linkTarget);
  return entryTypeWord(side.type);
}

function describeAttribute(attribute: FileAttribute, a: FileSide, b: FileSide): string {
  switch (attribute) {
    case 'type':
      return t('type {0} → {1}', entryTypeWord(a.type), entryTypeWord(b.type));
    case 'size':
      return t('size {0} → {1}', formatBytes(a.size), formatBytes(b.size));
    case 'content':
      return t('content');
    case 'mode':
      return t('mode {0} → {1}', formatMode(a.mode), formatMode(b.mode));
    case 'owner':
      return t('owner {0} → {1}', formatOwner(a), formatOwner(b));
    case 'target':
      return t('link target {0} → {1}', a.linkTarget ?? '', b.linkTarget ?? '');
  }
}

/** The "what differs" cell of a row. */
export function describeDifference(row: FileDifference): string {
  if (row.kind === 'changed' && row.a && row.b) {
    const { a, b } = row;
    return (row.changed ?? []).map((attribute) => describeAttribute(attribute, a, b)).join('; ');
  }
  const side = row.a ?? row.b;
  return side ? describeSide(side) : '';
}

/** "sha256:0123456789ab" from a full image ID: enough to tell two apart at a glance. */
export function shortImageId(id: string): string {
  const match = /^(sha256:)?([0-9a-f]{12})[0-9a-f]*$/.exec(id);
  return match ? `${match[1] ?? ''}${match[2]}` : id;
}
