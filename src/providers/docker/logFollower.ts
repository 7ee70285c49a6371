// Follows a container's logs across restarts: when the log stream ends (the container stopped), it
// waits for the next start event and resumes from the moment it left off.
import { PassThrough } from 'stream';
import type { Closeable, LogCallbacks } from '../provider';
import type { DockerClient } from './client';
import type { SharedEventStream } from './eventStream';

export function followContainerLogs(
  client: DockerClient,
  events: SharedEventStream,
  containerId: string,
  tty: boolean,
  callbacks: LogCallbacks,
): Closeable {
  let closed = false;
  let abort: AbortController | undefined;
  let since = 0;

  const attach = async () => {
    try {
      const opened = await client.logs(containerId, since);
      if (closed) return opened.abort.abort();
      abort = opened.abort;
      const output = new PassThrough();
      output.setEncoding('utf8');
      output.on('data', (chunk: string) => callbacks.onOutput(chunk));
      if (tty) opened.stream.pipe(output);
      else client.demultiplex(opened.stream, output, output);
      opened.stream.on('end', () => {
        since = Math.floor(Date.now() / 1000);
        if (!closed) callbacks.onNotice('The container stopped; waiting for it to start again.');
      });
    } catch (error) {
      if (!closed) callbacks.onNotice(`Could not read the logs: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const subscription = events.subscribe({
    onEvent: (event) => {
      if (event.id !== containerId || event.action !== 'start' || closed) return;
      abort?.abort();
      callbacks.onNotice('The container started again; following its logs.');
      void attach();
    },
    onConnection: () => undefined,
  });
  void attach();

  return {
    close: () => {
      closed = true;
      abort?.abort();
      subscription.close();
    },
  };
}
