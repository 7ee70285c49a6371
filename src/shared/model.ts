// The stack model: what both bundles (extension host and webview) agree a workload looks like.
// No `vscode`, no DOM, no engine types here: plain data that survives postMessage and JSON.

/** Band kinds, bottom to top in the order the real stack has them (see DESIGN.md). */
export const LAYER_KINDS = [
  'hardware',
  'hypervisor',
  'host-os',
  'engine',
  'isolation',
  'virtual-hardware',
  'guest-os',
  'libraries',
  'app',
] as const;

export type LayerKind = (typeof LAYER_KINDS)[number];

export type WorkloadKind = 'container' | 'vm' | 'host' | 'pod';

/** Where a fact was read: an API call, a file or a command, shown to the user on hover. */
export type FactSource = string;

export interface Fact {
  /** Stable key, rendered as `data-fact`; tests and the compare view match on it. */
  key: string;
  label: string;
  /** Always display text: untrusted engine data, never interpreted as markup. */
  value: string;
  source: FactSource;
  /** Values such as environment variables are hidden until the user asks to reveal them. */
  secret?: boolean;
  /** Long values (health output, labels) are rendered as preformatted blocks. */
  multiline?: boolean;
}

/** One row of the image history: one layer of the image's filesystem. */
export interface ImageLayer {
  id: string;
  createdBy: string;
  sizeBytes: number;
  created: string;
  comment?: string;
}

/** A process row from the engine's `top`. */
export interface ProcessRow {
  cells: string[];
}

export interface Layer {
  kind: LayerKind;
  title: string;
  facts: Fact[];
  /** Present when the band could not be read: says why and, where possible, how to fix it. */
  unavailable?: string;
  /** Only on `libraries`: the image layers, newest first as the engine reports them. */
  imageLayers?: ImageLayer[];
  /** Only on `app`: processes from `top`. */
  processes?: { titles: string[]; rows: ProcessRow[] };
}

export interface Stack {
  workload: WorkloadRef;
  /** Display name, e.g. the container name without its leading slash. */
  name: string;
  /** Bottom first. */
  layers: Layer[];
  /** When the data was read (ISO 8601). */
  readAt: string;
  /** Short state words for the header, e.g. `running`, `healthy`. */
  state: string;
}

/** Identifies a workload across the host/webview boundary and across reloads. */
export interface WorkloadRef {
  kind: WorkloadKind;
  /** Provider instance, e.g. `docker`. */
  providerId: string;
  /** Engine-side id (full container id, domain UUID...). */
  id: string;
}

/** A workload as a command or a panel names it to the user: its reference and its name. */
export interface WorkloadTarget {
  ref: WorkloadRef;
  name: string;
}

/** Live usage, sampled only while a panel is visible. */
export interface LiveStats {
  readAt: string;
  cpuPercent: number | null;
  memoryBytes: number | null;
  memoryLimitBytes: number | null;
  pids: number | null;
  /** Counters since the workload started (bytes); null where the source has none. Rates come
   * from their deltas (usageRates.ts), so a counter reset reads as a gap, not a negative rate. */
  netRxBytes: number | null;
  netTxBytes: number | null;
  blockReadBytes: number | null;
  blockWriteBytes: number | null;
}

/** For a source that reads no network or block counters (the metrics API, this machine's totals). */
export const NO_IO_COUNTERS = { netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null } as const;
