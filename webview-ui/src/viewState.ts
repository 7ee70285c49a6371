// Pure view state (what is collapsed or open, whether sources are shown): it survives stack
// re-renders in memory and panel reloads through vscode.setState.
import { isPanelState, type PanelState } from '../../src/shared/protocol';
import type { FileChange } from '../../src/shared/imageAnalysisProtocol';
import { FILE_CHANGES } from './fileChange';
import type { PersistedState } from './vscodeApi';

export interface ViewState {
  /** Bands whose detail the user opened; the panel opens on the glance, every detail closed. */
  openBands: Set<string>;
  /** Explicit open/closed choices for fact groups, keyed `<layer kind>/<group>`. */
  groupsOpen: Map<string, boolean>;
  /** Image layer lists showing all entries, keyed by layer kind. */
  expandedLists: Set<string>;
  showSources: boolean;
  /** Changes the image analysis's file trees show. */
  analysisFilters: Set<FileChange>;
  /** The analysed layers whose files are open, of the image they were opened on. */
  analysisOpen: { imageId: string; layers: Set<number> };
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function booleanEntries(value: unknown): [string, boolean][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean');
}

function analysisFilters(value: unknown): Set<FileChange> {
  if (!Array.isArray(value)) return new Set(FILE_CHANGES);
  return new Set(FILE_CHANGES.filter((change) => value.includes(change)));
}

function analysisOpen(value: unknown): ViewState['analysisOpen'] {
  if (typeof value !== 'object' || value === null || !('imageId' in value) || !('layers' in value)) return { imageId: '', layers: new Set() };
  const { imageId, layers } = value;
  const indices = Array.isArray(layers) ? layers.filter((layer): layer is number => Number.isInteger(layer) && layer >= 0) : [];
  return { imageId: typeof imageId === 'string' ? imageId : '', layers: new Set(indices) };
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
      analysisFilters: analysisFilters(record.analysisFilters),
      analysisOpen: analysisOpen(record.analysisOpen),
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
    analysisFilters: FILE_CHANGES.filter((change) => view.analysisFilters.has(change)),
    analysisOpen: { imageId: view.analysisOpen.imageId, layers: [...view.analysisOpen.layers] },
  };
}
