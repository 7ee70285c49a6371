// The Export… control of the stack toolbar and the compare view: it asks the host to export what
// is shown; the host asks for the format and where to save, and asks back for a drawn picture.
import type { WebviewToHost } from '../../src/shared/protocol';
import { element } from './dom';
import { createButton } from './toolkit';
import { t } from './l10n';

export function createExportButton(post: (message: WebviewToHost) => void): HTMLElement {
  const button = createButton(t('Export…'));
  button.setAttribute('data-action', 'export');
  button.setAttribute('title', t('Save this diagram as SVG, PNG, Markdown or Mermaid'));
  button.addEventListener('click', () => post({ type: 'exportDiagram' }));
  return button;
}

/** The compare view's own toolbar: it has no workload actions, only the export. */
export function createCompareToolbar(post: (message: WebviewToHost) => void): HTMLElement {
  return element('div', { className: 'toolbar', attrs: { id: 'compare-toolbar', role: 'group', 'aria-label': t('Comparison actions') } }, [
    element('span', { className: 'toolbar-spacer' }),
    createExportButton(post),
  ]);
}
