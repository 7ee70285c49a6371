// The host <-> webview protocol of all panels, imported by both bundles: one webview app serves
// every panel kind, so it reads the union; each panel's host side reads only its own kind
// (stackProtocol.ts, compareProtocol.ts, overheadProtocol.ts, imageCompareProtocol.ts). Every
// message received on either side goes through a guard first; anything that does not match is
// dropped by the receiver.
import { type CompareFromWebview, type CompareToWebview, isCompareFromWebview, isCompareToWebview } from './compareProtocol';
import { type ImageCompareFromWebview, type ImageCompareToWebview, isImageCompareFromWebview, isImageCompareToWebview } from './imageCompareProtocol';
import { type OverheadFromWebview, type OverheadToWebview, isOverheadFromWebview, isOverheadToWebview } from './overheadProtocol';
import { type StackFromWebview, type StackToWebview, isStackFromWebview, isStackToWebview } from './stackProtocol';

export { PANEL_ACTIONS, type PanelAction, type PanelStatus } from './panelProtocol';
export { type ComparePanelState, isComparePanelState } from './compareProtocol';
export { isOverheadResults } from './overheadProtocol';
export { type PanelState, isPanelState, isStack } from './stackProtocol';

export type HostToWebview = StackToWebview | CompareToWebview | OverheadToWebview | ImageCompareToWebview;
export type WebviewToHost = StackFromWebview | CompareFromWebview | OverheadFromWebview | ImageCompareFromWebview;

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  return isStackFromWebview(value) || isCompareFromWebview(value) || isOverheadFromWebview(value) || isImageCompareFromWebview(value);
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  return isStackToWebview(value) || isCompareToWebview(value) || isOverheadToWebview(value) || isImageCompareToWebview(value);
}
