// ssh:// engines the way the Docker CLI reaches them: the system `ssh` runs `docker system
// dial-stdio` on the host, and its stdin and stdout carry the Engine API. So the user's ssh config,
// keys, agent and known_hosts apply, and ssh itself proves the host: StrictHostKeyChecking=yes
// refuses a host whose key is unknown or changed before anything is sent, and never writes
// known_hosts; BatchMode=yes means no password or passphrase prompt, ever. Each HTTP connection
// is one ssh process; the agent keeps idle ones for reuse and ends them after IDLE_MS.
import { type ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as http from 'http';
import { Duplex } from 'stream';

export interface SshDialTarget {
  host: string;
  port?: number;
  username?: string;
  /** More `ssh` options before the destination (tests pass `-F` with their own config). */
  extraArgs?: readonly string[];
  /** A key of the endpoint's own (a Podman connection's Identity). */
  identityFile?: string;
  /** Words the host runs to carry the API; only plain words from our own code, never engine data. */
  remoteCommand?: readonly string[];
  /** How long the TCP connect and the SSH handshake may take. */
  connectTimeoutMs: number;
}

/** What ssh printed when it could not open the channel (host key refused, login refused...). */
export class SshTransportError extends Error {
  readonly code = 'ESSHTRANSPORT';
  constructor(readonly stderr: string, readonly exitCode: number | null) {
    super(lastLines(stderr) || `ssh exited with ${exitCode ?? 'a signal'} before the engine answered`);
    this.name = 'SshTransportError';
  }
}

const IDLE_MS = 30_000;
/** Enough of what ssh prints to explain a failure; the rest is dropped. */
const STDERR_CAP = 16 * 1024;

/** ssh's argv; the host is after `--` so that no value can be read as an option. */
export function sshDialArgs(target: SshDialTarget): string[] {
  return [
    '-T',
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'UpdateHostKeys=no',
    '-o', `ConnectTimeout=${Math.max(1, Math.ceil(target.connectTimeoutMs / 1000))}`,
    // A silent network ends the session (and so the event stream, which reconnects) within a minute.
    '-o', 'ServerAliveInterval=15',
    '-o', 'ServerAliveCountMax=3',
    ...(target.port !== undefined ? ['-p', String(target.port)] : []),
    ...(target.username ? ['-l', target.username] : []),
    ...(target.identityFile ? ['-i', target.identityFile] : []),
    ...(target.extraArgs ?? []),
    '--',
    target.host,
    ...(target.remoteCommand ?? ['docker', 'system', 'dial-stdio']),
  ];
}

export class SshDialAgent extends http.Agent {
  constructor(private readonly target: SshDialTarget) {
    super({ keepAlive: true, timeout: IDLE_MS });
    if (target.host.startsWith('-') || target.username?.startsWith('-')) throw new Error(`Refusing the SSH destination "${target.host}": it begins with "-".`);
  }

  override createConnection(): Duplex {
    const child = spawn('ssh', sshDialArgs(this.target), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    return new SshStdioSocket(child);
  }
}

/**
 * The ssh process as the socket Node's HTTP client expects. End of output with a failed ssh and
 * nothing received becomes an SshTransportError carrying ssh's own words, not a bare "socket
 * hang up".
 */
class SshStdioSocket extends Duplex {
  private received = false;
  private stderr = '';
  private idleTimer: NodeJS.Timeout | undefined;
  private idleMs = 0;
  timeout: number | undefined;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    super();
    child.stdout.on('data', (chunk: Buffer) => {
      this.received = true;
      this.touch();
      if (!this.push(chunk)) child.stdout.pause();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_CAP) this.stderr += chunk.toString('utf8').slice(0, STDERR_CAP - this.stderr.length);
    });
    child.stdin.on('error', () => undefined); // an ssh that exits closes its stdin: 'close' says why
    child.on('error', (error) => this.destroy(error));
    child.on('close', (code) => {
      if (this.destroyed) return;
      if (code === 0 || this.received) this.push(null);
      else this.destroy(new SshTransportError(this.stderr, code));
    });
    // Node's HTTP client reads these off a net.Socket.
    setImmediate(() => !this.destroyed && this.emit('connect'));
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.touch();
    // An ssh that refused the host may have closed its stdin before all it said reached us: the
    // write is dropped, and 'close' (after the last of its stderr) ends the socket with its words.
    if (!this.child.stdin.writable) return done();
    this.child.stdin.write(chunk, () => done());
  }

  override _final(done: (error?: Error | null) => void): void {
    this.child.stdin.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    done(error);
  }

  /** The agent's idle timeout: 'timeout' after `ms` without traffic (0: none). */
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.timeout = ms;
    this.idleMs = ms;
    if (onTimeout) this.once('timeout', onTimeout);
    this.touch();
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = this.idleMs > 0 ? setTimeout(() => this.emit('timeout'), this.idleMs) : undefined;
  }
}

function lastLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !/^@+$/.test(line) && !/^@\s+WARNING/.test(line))
    .slice(-3)
    .join(' ');
}
