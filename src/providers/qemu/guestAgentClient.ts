// A short-lived QEMU guest agent client. The agent has no greeting, and replies an earlier client
// did not read may still be queued in the virtio port: `guest-sync` with a fresh id first, and
// everything before its answer is discarded.
import { DEFAULT_LIMITS, JsonLineSocket, type Result } from './jsonLineSocket';
import { isRecord, type MonitorSession, monitorSession } from './monitorSession';
import type { QmpLimits } from './qmpClient';

export const DEFAULT_AGENT_LIMITS: QmpLimits = { ...DEFAULT_LIMITS, commandTimeoutMs: 1_500 };

async function synchronise(socket: JsonLineSocket, timeoutMs: number): Promise<Result<void>> {
  const syncId = Math.floor(Math.random() * 2 ** 31);
  const sent = socket.send({ execute: 'guest-sync', arguments: { id: syncId } });
  if (!sent.ok) return sent;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = await socket.next(deadline);
    if (!line.ok) return { ok: false, error: `the guest agent did not answer guest-sync (${line.error}); is it running in the guest?` };
    if (line.value.ok && isRecord(line.value.value) && line.value.value.return === syncId) return { ok: true, value: undefined };
  }
}

/** Opens a session, synchronises, runs `use`, and always closes it. */
export async function withGuestAgent<T>(socketPath: string, use: (agent: MonitorSession) => Promise<T>, limits: QmpLimits = DEFAULT_AGENT_LIMITS): Promise<Result<T>> {
  const connected = await JsonLineSocket.connect(socketPath, limits);
  if (!connected.ok) return connected;
  const socket = connected.value;
  try {
    const synced = await synchronise(socket, limits.commandTimeoutMs);
    if (!synced.ok) return synced;
    return { ok: true, value: await use(monitorSession(socket, limits.commandTimeoutMs, true)) };
  } finally {
    socket.close();
  }
}
