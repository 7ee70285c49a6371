// Commands with ids over a JSON-lines socket, as QMP and the guest agent both speak them:
// `{"execute", "arguments", "id"}` answered by `{"return"|"error", "id"}`; events and stale replies
// (left by an earlier client) are skipped. One command at a time; a timeout ends the session.
import { JsonLineSocket, type Result } from './jsonLineSocket';

export interface MonitorSession {
  execute(command: string, args?: Record<string, unknown>): Promise<Result<unknown>>;
  close(): void;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorText(reply: Record<string, unknown>): string {
  const error = reply.error;
  if (isRecord(error) && typeof error.desc === 'string') return `${typeof error.class === 'string' ? `${error.class}: ` : ''}${error.desc}`;
  return 'the monitor answered with an error';
}

export function monitorSession(socket: JsonLineSocket, commandTimeoutMs: number, tolerateGarbage: boolean): MonitorSession {
  let counter = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const run = async (command: string, args?: Record<string, unknown>): Promise<Result<unknown>> => {
    const id = `ws-${++counter}`;
    const sent = socket.send(args ? { execute: command, arguments: args, id } : { execute: command, id });
    if (!sent.ok) return { ok: false, error: `${command}: ${sent.error}` };
    const deadline = Date.now() + commandTimeoutMs;
    for (;;) {
      const line = await socket.next(deadline);
      if (!line.ok) {
        socket.close();
        return { ok: false, error: `${command}: ${line.error}` };
      }
      if (!line.value.ok) {
        if (tolerateGarbage) continue;
        socket.close();
        return { ok: false, error: `${command}: ${line.value.error}` };
      }
      const reply = line.value.value;
      if (!isRecord(reply) || reply.id !== id) continue; // an event, or a reply meant for someone else
      if ('return' in reply) return { ok: true, value: reply.return };
      return { ok: false, error: `${command}: ${errorText(reply)}` };
    }
  };
  return {
    execute(command, args) {
      const result = queue.then(() => run(command, args));
      queue = result;
      return result;
    },
    close: () => socket.close(),
  };
}
