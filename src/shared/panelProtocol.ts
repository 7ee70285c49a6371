// What every panel's webview and host say to each other, whatever the panel shows: the header's
// status, `ready` when the page has loaded, and the toolbar's actions.
import { isRecord, isString } from './protocolGuards';

/** Panel state shown in the header: live data, data that may be old, or a workload that is gone. */
export type PanelStatus =
  | { kind: 'loading' }
  | { kind: 'live' }
  | { kind: 'stale'; message: string }
  | { kind: 'removed'; message: string }
  | { kind: 'error'; message: string };

export type StatusMessage = { type: 'status'; status: PanelStatus };

/** The page has loaded and listens: the host sends what it holds. */
export type ReadyMessage = { type: 'ready' };

/** Actions the panel toolbar may ask for; the host runs each as the palette would, through a typed service. */
export const PANEL_ACTIONS = ['refresh', 'inspect', 'logs', 'shell', 'start', 'stop', 'restart'] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

export type ActionMessage = { type: 'action'; action: PanelAction };

export function isReadyMessage(value: Record<string, unknown>): boolean {
  return value.type === 'ready' && Object.keys(value).length === 1;
}

export function isActionMessage(value: Record<string, unknown>): boolean {
  return value.type === 'action' && typeof value.action === 'string' && (PANEL_ACTIONS as readonly string[]).includes(value.action);
}

export function isPanelStatus(value: unknown): value is PanelStatus {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'loading':
    case 'live':
      return true;
    case 'stale':
    case 'removed':
    case 'error':
      return isString(value.message);
    default:
      return false;
  }
}
