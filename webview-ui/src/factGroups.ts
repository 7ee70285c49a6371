// Less important facts (environment, labels, mounts...) in collapsible sub-sections, so a band
// leads with its headline facts instead of a wall of text.
import type { Fact } from '../../src/shared/model';
import { element, uniqueId } from './dom';
import { renderFactGrid } from './facts';
import { t } from './l10n';

const GROUP_TITLES: Record<string, string> = {
  env: t('Environment'),
  label: t('Labels'),
  labels: t('Labels'),
  mount: t('Mounts'),
  port: t('Ports'),
  network: t('Networks'),
  cap: t('Capabilities'),
  here: t('On this machine'),
};

/** Groups this small start open; bigger ones start closed until the user opens them. */
const OPEN_BY_DEFAULT_MAX = 6;

export interface GroupOptions {
  secretsRevealed: boolean;
  /** The user's earlier open/closed choice for this group, if any. */
  userChoice: boolean | undefined;
  onToggle(open: boolean): void;
}

export function renderFactGroup(group: string, facts: readonly Fact[], options: GroupOptions): HTMLElement {
  const open = options.userChoice ?? facts.length <= OPEN_BY_DEFAULT_MAX;
  const grid = renderFactGrid(facts, options.secretsRevealed);
  grid.id = uniqueId('group');
  grid.classList.toggle('is-hidden', !open);

  const toggle = element('button', {
    className: 'group-toggle',
    attrs: { type: 'button', 'aria-expanded': String(open), 'aria-controls': grid.id },
  }, [
    element('span', { className: 'chevron', attrs: { 'aria-hidden': 'true' } }),
    element('span', { className: 'group-title', text: GROUP_TITLES[group] ?? group }),
    element('span', { className: 'count', text: String(facts.length) }),
  ]);
  toggle.addEventListener('click', () => {
    const nowOpen = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(nowOpen));
    grid.classList.toggle('is-hidden', !nowOpen);
    options.onToggle(nowOpen);
  });

  const section = element('div', { className: 'fact-group' }, [element('h3', {}, [toggle]), grid]);
  section.setAttribute('data-group', group);
  return section;
}
