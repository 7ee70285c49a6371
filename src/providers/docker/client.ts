// The only module that imports dockerode. Every engine call goes through `call()`: a timeout
// (abort signal), a debug log line with its duration, and errors kept as they are for
// `diagnoseDockerError` to turn into sentences. Results are `unknown`: the mappers validate them.
import type Dockerode from 'dockerode';
import { Writable, type Readable } from 'stream';
import type { Logger } from '../provider';
import { capBodies, type DialingModem } from './cappedBodies';
import type { DockerEndpoint } from './endpoint';
import { type DockerodeExtras, toDockerodeOptions } from './endpointDockerode';

/**
 * The largest answer read from the engine for a call that is not a stream. A list of a thousand
 * containers is about 1 MB; labels of a megabyte each can make it tens.
 */
export const MAX_BODY_MIB = 64;
/** How long an engine may take to start sending an image's export (a 50 GB image at dockerd's pace). */
const IMAGE_EXPORT_ANSWER_MS = 10 * 60_000;

export interface DockerClientOptions {
  endpoint: DockerEndpoint;
  /** Options for `new Dockerode()`, from `toDockerodeOptions`. */
  dockerodeOptions: Dockerode.DockerOptions;
  timeoutMs: number;
  log: Logger;
}

/** A client for `endpoint`, its dockerode options made from it: the provider, the CLI and the tests build theirs so. */
export function clientForEndpoint(endpoint: DockerEndpoint, options: DockerodeExtras & { log: Logger }): DockerClient {
  return new DockerClient({ endpoint, dockerodeOptions: toDockerodeOptions(endpoint, options), timeoutMs: options.timeoutMs, log: options.log });
}

export class EngineTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(what: string, timeoutMs: number) {
    super(`${what} did not answer within ${timeoutMs} ms`);
    this.name = 'EngineTimeoutError';
  }
}

export interface InteractiveExec {
  stream: NodeJS.ReadWriteStream;
  resize(columns: number, rows: number): Promise<void>;
  exitCode(): Promise<number | undefined>;
}

export interface CapturedExec {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  ended: 'ended' | 'timeout' | 'cancelled';
}

/** Collects a stream's text up to a cap; what comes beyond it is dropped, not buffered. */
class CappedText {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly maxBytes: number) {}
  writable(): NodeJS.WritableStream {
    return new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (this.size < this.maxBytes) {
          const kept = chunk.subarray(0, this.maxBytes - this.size);
          this.chunks.push(kept);
          this.size += kept.length;
        }
        done();
      },
    });
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

type ContainerVerb = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'remove';

export class DockerClient {
  private readonly docker: Dockerode;

  constructor(private readonly options: DockerClientOptions) {
    // Loaded on the first connection, not at activation: dockerode brings gRPC, protobuf and ssh2
    // (about 650 KB of the bundle) whose start-up would otherwise delay every VS Code window.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const DockerodeClass = require('dockerode') as typeof Dockerode;
    this.docker = new DockerodeClass(options.dockerodeOptions);
    capBodies(this.docker.modem as unknown as DialingModem, MAX_BODY_MIB * 1024 * 1024);
  }

  info(): Promise<unknown> {
    return this.call('GET /info', (abortSignal) => withOptions(this.docker.info.bind(this.docker))({ abortSignal }));
  }

  version(): Promise<unknown> {
    return this.call('GET /version', (abortSignal) => withOptions(this.docker.version.bind(this.docker))({ abortSignal }));
  }

  listContainers(): Promise<unknown> {
    return this.call('GET /containers/json?all=1', (abortSignal) => this.docker.listContainers({ all: true, abortSignal }));
  }

  listImages(): Promise<unknown> {
    return this.call('GET /images/json', (abortSignal) => this.docker.listImages({ abortSignal } as Dockerode.ListImagesOptions));
  }

  inspectContainer(id: string): Promise<unknown> {
    return this.call(`GET /containers/${id}/json`, (abortSignal) => this.docker.getContainer(id).inspect({ abortSignal }));
  }

  inspectImage(id: string): Promise<unknown> {
    return this.call(`GET /images/${id}/json`, (abortSignal) =>
      withOptions(this.docker.getImage(id).inspect.bind(this.docker.getImage(id)))({ abortSignal }),
    );
  }

  imageHistory(id: string): Promise<unknown> {
    return this.call(`GET /images/${id}/history`, (abortSignal) =>
      this.dial({ path: `/images/${encodeURIComponent(id)}/history`, method: 'GET', abortSignal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } }),
    );
  }

  /**
   * Podman's own API (GET only), for what the compatible one does not say: pods, the OCI runtime,
   * rootless mappings. v4.0.0 is the oldest libpod API Podman 4 and 5 both serve.
   */
  libpod(path: '/pods/json' | '/info' | `/pods/${string}/json` | `/containers/${string}/json`): Promise<unknown> {
    return this.call(`GET /libpod${path}`, (abortSignal) =>
      this.dial({ path: `/v4.0.0/libpod${path}`, method: 'GET', abortSignal, statusCodes: { 200: true, 404: 'no such object', 500: 'server error' } }),
    );
  }

  top(id: string): Promise<unknown> {
    return this.call(`GET /containers/${id}/top`, (abortSignal) =>
      this.docker.getContainer(id).top({ ps_args: '-ef', abortSignal } as object),
    );
  }

  containerAction(id: string, verb: ContainerVerb): Promise<unknown> {
    const container = this.docker.getContainer(id);
    // Stopping waits for the container's own grace period; give it room beyond the engine's 10 s.
    const timeoutMs = verb === 'stop' || verb === 'restart' || verb === 'remove' ? this.options.timeoutMs + 15_000 : this.options.timeoutMs;
    return this.call(
      `POST /containers/${id}/${verb}`,
      (abortSignal) => {
        switch (verb) {
          case 'start':
            return container.start({ abortSignal });
          case 'stop':
            return container.stop({ abortSignal });
          case 'restart':
            return container.restart({ abortSignal });
          case 'pause':
            return container.pause({ abortSignal });
          case 'unpause':
            return container.unpause({ abortSignal });
          case 'remove':
            return container.remove({ force: true, abortSignal });
        }
      },
      timeoutMs,
    );
  }

  /** Removes a container of the extension's own (the lab's), its anonymous volumes with it. */
  removeOwnContainer(id: string): Promise<unknown> {
    return this.call(`DELETE /containers/${id}?v=1&force=1`, (abortSignal) => this.docker.getContainer(id).remove({ force: true, v: true, abortSignal }), this.options.timeoutMs + 15_000);
  }

  /** The engine's event stream, filtered to containers; closed by aborting the returned controller. */
  events(): Promise<{ stream: Readable; abort: AbortController }> {
    return this.openStream('GET /events', (abortSignal) =>
      this.docker.getEvents({ filters: { type: ['container'] }, abortSignal } as object) as Promise<unknown>,
    );
  }

  /** One streaming stats connection (a JSON frame a second) until aborted. */
  stats(id: string): Promise<{ stream: Readable; abort: AbortController }> {
    return this.openStream(`GET /containers/${id}/stats`, (abortSignal) =>
      this.docker.getContainer(id).stats({ stream: true, abortSignal } as object) as Promise<unknown>,
    );
  }

  /**
   * The image as the engine exports it (a tar of its config and layer tars), streamed until read or
   * aborted. The engine may prepare the whole export before its first byte (dockerd writes it to a
   * directory of its own: some 6 s a GB here), so the usual request timeout does not apply to the
   * answer; `signal` (the user's cancel) stops it before the engine answers too.
   */
  imageArchive(name: string, signal?: AbortSignal): Promise<{ stream: Readable; abort: AbortController }> {
    return this.openStream(
      `GET /images/${name}/get`,
      (abortSignal) => this.dial({ path: `/images/${encodeURIComponent(name)}/get`, method: 'GET', abortSignal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' }, isStream: true }),
      signal,
      IMAGE_EXPORT_ANSWER_MS,
    );
  }

  /** Follows a container's log stream; `tty` says whether frames are multiplexed. */
  logs(id: string, since: number): Promise<{ stream: Readable; abort: AbortController }> {
    return this.openStream(`GET /containers/${id}/logs`, (abortSignal) =>
      this.docker.getContainer(id).logs({ follow: true, stdout: true, stderr: true, timestamps: false, since, abortSignal } as object) as Promise<unknown>,
    );
  }

  /** An interactive exec session with a TTY: the hijacked stream carries raw terminal bytes both ways. */
  async execInteractive(id: string, cmd: string[]): Promise<InteractiveExec> {
    const exec = await this.call(`POST /containers/${id}/exec`, (abortSignal) =>
      this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, abortSignal } as Dockerode.ExecCreateOptions),
    );
    const stream = await this.call(`POST /exec/${exec.id}/start`, () => exec.start({ hijack: true, stdin: true, Tty: true }));
    return {
      stream,
      resize: (columns, rows) => this.call(`POST /exec/${exec.id}/resize`, () => exec.resize({ w: columns, h: rows })).then(() => undefined),
      exitCode: async () => {
        const state = (await this.call(`GET /exec/${exec.id}/json`, () => exec.inspect())) as { ExitCode?: number | null };
        return typeof state.ExitCode === 'number' ? state.ExitCode : undefined;
      },
    };
  }

  /** Unpacks a tar archive into the container at `path` (which must exist). */
  putArchive(id: string, path: string, tar: Buffer): Promise<unknown> {
    return this.call(`PUT /containers/${id}/archive`, (abortSignal) =>
      this.docker.getContainer(id).putArchive(tar, { path, abortSignal } as object),
    );
  }

  /**
   * Runs `cmd` in the container without a TTY and collects its output (capped at `maxBytes` each).
   * Ends at `timeoutMs` or when `signal` aborts: then the stream is closed and the exit code is
   * unknown (the process inside runs on until it ends by itself).
   */
  async execCapture(id: string, cmd: readonly string[], options: { workingDir?: string; timeoutMs: number; maxBytes: number; signal?: AbortSignal }): Promise<CapturedExec> {
    const exec = await this.call(`POST /containers/${id}/exec`, (abortSignal) =>
      this.docker.getContainer(id).exec({ Cmd: [...cmd], WorkingDir: options.workingDir, AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false, abortSignal } as Dockerode.ExecCreateOptions),
    );
    const stream = (await this.call(`POST /exec/${exec.id}/start`, () => exec.start({ hijack: true, stdin: false }))) as Readable;
    const out = new CappedText(options.maxBytes);
    const err = new CappedText(options.maxBytes);
    const ended = await new Promise<'ended' | 'timeout' | 'cancelled'>((resolve) => {
      const finish = (how: 'ended' | 'timeout' | 'cancelled') => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (how !== 'ended') stream.destroy();
        resolve(how);
      };
      const onAbort = () => finish('cancelled');
      const timer = setTimeout(() => finish('timeout'), options.timeoutMs);
      if (options.signal?.aborted) return finish('cancelled');
      options.signal?.addEventListener('abort', onAbort);
      this.demultiplex(stream, out.writable(), err.writable());
      stream.on('end', () => finish('ended'));
      stream.on('close', () => finish('ended'));
      stream.on('error', () => finish('ended'));
    });
    let exitCode: number | undefined;
    if (ended === 'ended') {
      const state = (await this.call(`GET /exec/${exec.id}/json`, () => exec.inspect())) as { ExitCode?: number | null };
      exitCode = typeof state.ExitCode === 'number' ? state.ExitCode : undefined;
    }
    return { exitCode, stdout: out.text(), stderr: err.text(), ended };
  }

  createContainer(options: Dockerode.ContainerCreateOptions): Promise<string> {
    return this.call('POST /containers/create', async (abortSignal) => (await this.docker.createContainer({ ...options, abortSignal } as Dockerode.ContainerCreateOptions)).id);
  }

  /** Waits for the container to exit; resolves with its exit code. */
  waitContainer(id: string, timeoutMs: number): Promise<unknown> {
    return this.call(`POST /containers/${id}/wait`, (abortSignal) => this.docker.getContainer(id).wait({ abortSignal } as object), timeoutMs);
  }

  /** Splits a multiplexed (non-TTY) log stream into stdout and stderr. */
  demultiplex(stream: Readable, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): void {
    this.docker.modem.demuxStream(stream, stdout, stderr);
  }

  /** For calls whose dockerode wrapper takes no options (so no abort signal). */
  private dial(options: { path: string; method: string; abortSignal: AbortSignal; statusCodes: Record<number, boolean | string>; isStream?: boolean }): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(options as never, (error: unknown, data: unknown) => (error ? reject(error) : resolve(data)));
    });
  }

  private async call<T>(what: string, run: (abortSignal: AbortSignal) => Promise<T>, timeoutMs = this.options.timeoutMs): Promise<T> {
    const abort = new AbortController();
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new EngineTimeoutError(what, timeoutMs));
      }, timeoutMs);
    });
    try {
      const result = await Promise.race([run(abort.signal), timeout]);
      this.options.log.debug(`${what} ${Date.now() - started} ms`);
      return result;
    } catch (error) {
      this.options.log.debug(`${what} failed after ${Date.now() - started} ms: ${describeError(error)}`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Streams get the timeout only until the engine answers; after that they live until aborted. */
  private async openStream(what: string, open: (abortSignal: AbortSignal) => Promise<unknown>, signal?: AbortSignal, timeoutMs?: number): Promise<{ stream: Readable; abort: AbortController }> {
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    if (signal?.aborted) stop();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const stream = await this.call(what, () => open(abort.signal), timeoutMs);
      return { stream: stream as Readable, abort };
    } catch (error) {
      abort.abort();
      throw error;
    } finally {
      // From here the caller stops the stream with the returned controller.
      signal?.removeEventListener('abort', stop);
    }
  }
}

/** dockerode accepts an options object (with `abortSignal`) on these calls; its typings omit it. */
function withOptions(method: (...args: never[]) => unknown): (options: { abortSignal: AbortSignal }) => Promise<unknown> {
  return method as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const status = (error as { statusCode?: unknown }).statusCode;
    return [typeof code === 'string' ? code : undefined, typeof status === 'number' ? `HTTP ${status}` : undefined, error.message]
      .filter(Boolean)
      .join(' ');
  }
  return String(error);
}
