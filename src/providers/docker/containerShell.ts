// An interactive shell inside a container through the Engine API (exec with a TTY), so it needs no
// docker CLI and never builds a command line from engine data.
import type { ShellCallbacks, ShellSession } from '../provider';
import type { DockerClient } from './client';

/** Prefer bash, fall back to sh; a fixed script, the container id travels as an API path only. */
const SHELL_COMMAND = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

export async function openContainerShell(client: DockerClient, containerId: string, callbacks: ShellCallbacks): Promise<ShellSession> {
  const exec = await client.execInteractive(containerId, SHELL_COMMAND);
  let closed = false;
  exec.stream.setEncoding('utf8');
  exec.stream.on('data', (chunk: string) => callbacks.onOutput(chunk));
  const finish = () => {
    if (closed) return;
    closed = true;
    exec.exitCode().then(callbacks.onExit, () => callbacks.onExit(undefined));
  };
  exec.stream.on('end', finish);
  exec.stream.on('close', finish);
  exec.stream.on('error', finish);
  return {
    write: (data) => {
      if (!closed) exec.stream.write(data);
    },
    resize: (columns, rows) => {
      if (!closed) exec.resize(columns, rows).catch(() => undefined); // a resize racing the exit is harmless
    },
    close: () => {
      closed = true;
      exec.stream.end();
    },
  };
}
