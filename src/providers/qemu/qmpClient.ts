// A short-lived QMP client: connect, read the greeting, negotiate capabilities, run a few commands,
// close. A QMP socket serves one client at a time (others wait unanswered), so sessions are brief.
import { DEFAULT_LIMITS, JsonLineSocket, type JsonLineLimits, type Result } from './jsonLineSocket';
import { isRecord, type MonitorSession, monitorSession } from './monitorSession';

export interface QmpLimits extends JsonLineLimits {
  commandTimeoutMs: number;
}

export const DEFAULT_QMP_LIMITS: QmpLimits = { ...DEFAULT_LIMITS, commandTimeoutMs: 2_000 };

export interface QmpSession extends MonitorSession {
  /** The greeting's `QMP.version` object, as QEMU sent it. */
  readonly greetingVersion: unknown;
}

export async function openQmp(socketPath: string, limits: QmpLimits = DEFAULT_QMP_LIMITS): Promise<Result<QmpSession>> {
  const connected = await JsonLineSocket.connect(socketPath, limits);
  if (!connected.ok) return connected;
  const socket = connected.value;
  const greeting = await socket.next(Date.now() + limits.commandTimeoutMs);
  const greetingValue = greeting.ok && greeting.value.ok ? greeting.value.value : undefined;
  if (!isRecord(greetingValue) || !isRecord(greetingValue.QMP)) {
    socket.close();
    const why = !greeting.ok ? greeting.error : greeting.value.ok ? 'the first message was not a QMP greeting' : greeting.value.error;
    return { ok: false, error: `${socketPath} is not answering as a QMP monitor (${why}); another client may be holding it` };
  }
  const session = monitorSession(socket, limits.commandTimeoutMs, false);
  const negotiated = await session.execute('qmp_capabilities');
  if (!negotiated.ok) {
    session.close();
    return negotiated;
  }
  return { ok: true, value: { ...session, greetingVersion: greetingValue.QMP.version } };
}

/** Opens a session, runs `use`, and always closes it. */
export async function withQmp<T>(socketPath: string, use: (qmp: QmpSession) => Promise<T>, limits: QmpLimits = DEFAULT_QMP_LIMITS): Promise<Result<T>> {
  const opened = await openQmp(socketPath, limits);
  if (!opened.ok) return opened;
  try {
    return { ok: true, value: await use(opened.value) };
  } finally {
    opened.value.close();
  }
}
