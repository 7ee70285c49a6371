// How a file's change is named and marked, the same in the trees, their filters and the layers'
// counts: a sign beside a colour, and a word for screen readers.
import type { FileChange } from '../../src/shared/imageAnalysisProtocol';
import { t } from './l10n';

export const FILE_CHANGES: readonly FileChange[] = ['added', 'modified', 'removed', 'unchanged'];

/** The sign shown for a change (the counts of a layer use the same), and its word for screen readers. */
export const CHANGE_SIGN: Record<FileChange, string> = { added: '+', modified: '~', removed: '-', unchanged: '·' };
export const CHANGE_WORD: Record<FileChange, string> = {
  added: t('added'),
  modified: t('modified'),
  removed: t('removed'),
  unchanged: t('unchanged'),
};
