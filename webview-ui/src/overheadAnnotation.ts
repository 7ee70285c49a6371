// The measured cost drawn beside the band that causes it (isolation for a container, hypervisor
// for a VM): a headline, the per-metric ratios as a compact list, and when it was measured.
import type { OverheadAnnotation } from '../../src/shared/overhead';
import { element, uniqueId } from './dom';
import { formatDateTime } from './format';
import { t } from './l10n';

export function renderOverheadAnnotation(annotation: OverheadAnnotation): HTMLElement {
  const headingId = uniqueId('overhead-annotation');
  const aside = element('aside', { className: 'overhead-annotation', attrs: { 'aria-labelledby': headingId } }, [
    element('h3', { className: 'overhead-annotation-headline', text: annotation.headline, attrs: { id: headingId } }),
    element('ul', { className: 'overhead-annotation-lines' }, annotation.lines.map((line) => element('li', { text: line }))),
    element('p', { className: 'overhead-annotation-time', text: t('measured {0}', formatDateTime(annotation.measuredAt)), attrs: { title: annotation.measuredAt } }),
  ]);
  aside.setAttribute('data-layer-kind', annotation.layerKind);
  return aside;
}
