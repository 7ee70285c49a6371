// Pure view state (what is collapsed or open, whether sources are shown): it survives stack
// re-renders in memory and panel reloads through vscode.setState.
import { isPanelState, type PanelState } from '../../src/shared/protocol';
import type { PersistedState } from './vscodeApi';

export interface ViewState {
  /** Bands whose detail the user opened; the panel opens on the glance, every detail closed. */
  openBands: Set<string>;
  /** Explicit open/closed choices for fact groups, keyed `<layer kind>/<group>`. */
  groupsOpen: Map<string, boolean>;
  /** Image layer lists showing all entries, keyed by layer kind. */
  expandedLists: Set<string>;
  showSources: boolean;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function booleanEntries(value: unknown): [string, boolean][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean');
}

/** Reads what a previous session stored; anything unexpected falls back to defaults. */
export function restoreViewState(saved: unknown): { view: ViewState; panel?: PanelState } {
  const record: Partial<Record<keyof PersistedState, unknown>> =
    typeof saved === 'object' && saved !== null ? saved : {};
  return {
    view: {
      openBands: new Set(stringArray(record.openBands)),
      groupsOpen: new Map(booleanEntries(record.groupsOpen)),
      expandedLists: new Set(),
      showSources: record.showSources === true,
    },
    panel: isPanelState(saved) ? { workload: saved.workload, name: saved.name } : undefined,
  };
}

export function toPersistedState(panel: PanelState, view: ViewState): PersistedState {
  return {
    workload: panel.workload,
    name: panel.name,
    openBands: [...view.openBands],
    groupsOpen: Object.fromEntries(view.groupsOpen),
    showSources: view.showSources,
  };
}
