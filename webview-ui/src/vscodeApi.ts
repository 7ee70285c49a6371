// The webview side of VS Code's messaging API, typed with our protocol.
import type { ComparePanelState, PanelState, WebviewToHost } from '../../src/shared/protocol';

/** What the panel persists: the host's PanelState (its serializer reads it) plus view state. */
export interface PersistedState extends PanelState {
  /** Bands whose detail is open, by layer kind. */
  openBands: string[];
  /** Fact groups the user opened (true) or closed (false), keyed `<layer kind>/<group>`. */
  groupsOpen: Record<string, boolean>;
  showSources: boolean;
  /** The changes the image analysis's file trees show (absent: all). */
  analysisFilters?: string[];
  /** The analysed layers whose files are open, of the image they were opened on. */
  analysisOpen?: { imageId: string; layers: number[] };
}

export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PersistedState | ComparePanelState): void;
}

/** Left by the page's first script (stackPageHtml.ts): the API it acquired and the messages it held. */
export interface EarlyStart {
  api: VsCodeApi;
  /** Stops holding messages and hands over those held, oldest first. */
  take(): MessageEvent<unknown>[];
}

declare global {
  /** Provided by VS Code inside webviews; may be called only once. */
  function acquireVsCodeApi(): VsCodeApi;
  interface Window {
    wsEarly?: EarlyStart;
  }
}
