// One fact = label, value and where it came from. The source is the hover title, and also text
// in the DOM (visually hidden unless "Show sources" is on) so keyboard and screen reader users get it.
import type { Fact } from '../../src/shared/model';
import { element } from './dom';
import { t } from './l10n';

export const SECRET_MASK = '••••••';

/**
 * The context VS Code passes to the "Copy Value" menu item (webview/context) when the fact is
 * right-clicked. A secret's value never goes there: the menu copies only what is shown unmasked.
 */
export function copyContext(fact: Fact): string {
  const context: Record<string, string> = { webviewSection: 'fact', factLabel: fact.label };
  if (fact.secret !== true) context.factValue = fact.value;
  return JSON.stringify(context);
}

export function renderFact(fact: Fact, secretsRevealed: boolean): HTMLDivElement {
  const masked = fact.secret === true && !secretsRevealed;
  const shown = masked ? SECRET_MASK : fact.value;
  const value = element('dd', { className: 'fact-value' });
  if (fact.multiline === true && !masked) value.append(element('pre', { text: shown }));
  else value.textContent = shown;

  const node = element('div', { className: 'fact', attrs: { title: fact.source } }, [
    element('dt', { className: 'fact-label', text: fact.label }),
    value,
    // A second <dd> of the same term: a list of definitions holds only terms and definitions.
    element('dd', { className: 'visually-hidden fact-source', text: masked ? t('Value hidden. Source: {0}', fact.source) : t('Source: {0}', fact.source) }),
  ]);
  node.setAttribute('data-fact', fact.key);
  if (fact.secret !== true) node.setAttribute('data-vscode-context', copyContext(fact));
  if (fact.secret === true) node.setAttribute('data-secret', masked ? 'masked' : 'revealed');
  if (fact.multiline === true) node.setAttribute('data-multiline', '');
  return node;
}

/** A value taller than its max-height scrolls: only then is it a tab stop, so the keyboard can scroll it too. */
function markScrollableValues(entries: readonly ResizeObserverEntry[]): void {
  for (const { target } of entries) {
    if (!(target instanceof HTMLElement)) continue;
    if (target.scrollHeight > target.clientHeight + 1) target.tabIndex = 0;
    else target.removeAttribute('tabindex');
  }
}

/** Facts as a responsive grid of label/value pairs. */
export function renderFactGrid(facts: readonly Fact[], secretsRevealed: boolean): HTMLDListElement {
  const grid = element(
    'dl',
    { className: 'fact-grid' },
    facts.map((fact) => renderFact(fact, secretsRevealed)),
  );
  // One observer per grid, dropped with it; a value is measured once it is laid out (its band opened).
  const observer = new ResizeObserver(markScrollableValues);
  for (const value of grid.querySelectorAll('.fact-value')) observer.observe(value);
  return grid;
}

export interface FactGroups {
  /** Facts with a plain key: the band's headline facts. */
  main: Fact[];
  /** Facts keyed `<group>:<name>` (e.g. `env:PATH`, `label:com.example`), in order of appearance. */
  groups: Map<string, Fact[]>;
}

export function groupFacts(facts: readonly Fact[]): FactGroups {
  const main: Fact[] = [];
  const groups = new Map<string, Fact[]>();
  for (const fact of facts) {
    const separator = fact.key.indexOf(':');
    if (separator <= 0) {
      main.push(fact);
      continue;
    }
    const group = fact.key.slice(0, separator);
    const members = groups.get(group) ?? [];
    members.push(fact);
    groups.set(group, members);
  }
  return { main, groups };
}
