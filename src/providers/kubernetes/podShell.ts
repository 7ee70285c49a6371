// An interactive shell in a pod's container through the API server's exec (a WebSocket with a
// TTY): no kubectl, and the pod's names travel as parts of the request's path and query only.
import { PassThrough, Writable } from 'stream';
import type { ShellCallbacks, ShellSession } from '../provider';
import type { ExecStreams, KubeClient } from './client';

/** Prefer bash, fall back to sh: a fixed script, as for containers of an engine. */
const SHELL_COMMAND = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

/** The exit code in the server's last word: Success is 0, a NonZeroExitCode Failure names it. */
export function exitCodeOf(status: Parameters<ExecStreams['onStatus']>[0]): number | undefined {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((entry) => entry.reason === 'ExitCode');
  const code = cause?.message === undefined ? NaN : Number(cause.message);
  return Number.isInteger(code) ? code : undefined;
}

/** What the terminal writes to: the shell's output, with the size the client sends on 'resize'. */
class TerminalOutput extends Writable {
  columns = 80;
  rows = 24;
  constructor(private readonly onOutput: (text: string) => void) {
    super({ decodeStrings: false });
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.onOutput(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    done();
  }
}

export async function openPodShell(client: KubeClient, target: { namespace: string; pod: string; container: string }, callbacks: ShellCallbacks, size?: { columns: number; rows: number }): Promise<ShellSession> {
  const stdin = new PassThrough();
  const stdout = new TerminalOutput(callbacks.onOutput);
  if (size) Object.assign(stdout, size);
  let exitCode: number | undefined;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    callbacks.onExit(exitCode);
  };
  const connection = await client.exec(target, SHELL_COMMAND, {
    stdout,
    stderr: null,
    stdin,
    tty: true,
    onStatus: (status) => {
      exitCode = exitCodeOf(status);
      if (exitCode === undefined && status.status !== 'Success') callbacks.onOutput(`\r\n${status.message ?? 'The shell ended with an error.'}\r\n`);
    },
  });
  connection.on('close', finish);
  connection.on('error', finish);
  return {
    write: (data) => {
      if (!finished) stdin.write(data);
    },
    resize: (columns, rows) => {
      if (finished) return;
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    },
    close: () => {
      finished = true;
      stdin.end();
      connection.close();
    },
  };
}
