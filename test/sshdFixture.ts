// A private sshd of the test's own on a loopback port: its own host key, one authorized client
// key, no password, and a log of every command a session asked to run (so a test can prove that
// nothing reached the host). Never the machine's own sshd or the user's keys and known_hosts.
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface PrivateSshd {
  port: number;
  dir: string;
  /** `user@127.0.0.1` for the user running the tests. */
  destination: string;
  clientKey: string;
  /** A known_hosts line for this server's real host key, and one for a key it does not have. */
  knownHostsLine: string;
  wrongKnownHostsLine: string;
  /** Every command sessions asked to run, in order. */
  commandsRun(): string[];
  /**
   * An ssh config file: this key (the authorized one unless told), this known_hosts file, nothing
   * of the user's, and `StrictHostKeyChecking accept-new` as many users have it: what the
   * extension runs must refuse an unknown host even so.
   */
  sshConfig(knownHostsFile: string, identityFile?: string): string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, sshd: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (sshd.exitCode !== null) throw new Error(`sshd exited with ${sshd.exitCode} before listening on 127.0.0.1:${port}`);
    if (Date.now() > deadline) throw new Error(`sshd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function keygen(file: string): void {
  const made = spawnSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  if (made.status !== 0) throw new Error(`ssh-keygen failed: ${made.stderr.toString()}`);
}

/** `env`: variables sshd sets in every session (e.g. DOCKER_HOST for a private engine). */
export async function startPrivateSshd(env: Record<string, string> = {}): Promise<PrivateSshd> {
  for (const tool of ['/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/ssh-keygen']) {
    if (!existsSync(tool)) throw new Error(`${tool} is missing: the test stages that need it install openssh-server and openssh-client.`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-sshd-'));
  for (const key of ['host_key', 'client_key', 'other_key']) keygen(path.join(dir, key));
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')), { mode: 0o600 });
  const commandLog = path.join(dir, 'commands.log');
  // Records the command, then runs it as sshd would have (through the user's shell).
  const recorder = path.join(dir, 'record-command.sh');
  writeFileSync(recorder, `#!/bin/sh\nprintf '%s\\n' "$SSH_ORIGINAL_COMMAND" >> ${commandLog}\nexec /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n`);
  chmodSync(recorder, 0o755);
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'UsePAM no',
    `ForceCommand ${recorder}`,
    ...Object.entries(env).map(([name, value]) => `SetEnv ${name}=${value}`),
    `PidFile ${path.join(dir, 'sshd.pid')}`,
  ];
  writeFileSync(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation directory
  const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await waitForPort(port, 10_000, sshd);
  } catch (error) {
    sshd.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const publicKey = (name: string) => readFileSync(path.join(dir, `${name}.pub`), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const clientKey = path.join(dir, 'client_key');
  return {
    port,
    dir,
    destination: `${os.userInfo().username}@127.0.0.1`,
    clientKey,
    knownHostsLine: `[127.0.0.1]:${port} ${publicKey('host_key')}\n`,
    wrongKnownHostsLine: `[127.0.0.1]:${port} ${publicKey('other_key')}\n`,
    commandsRun: () => (existsSync(commandLog) ? readFileSync(commandLog, 'utf8').split('\n').filter(Boolean) : []),
    sshConfig: (knownHostsFile, identityFile = clientKey) => {
      const file = path.join(dir, `ssh_config-${path.basename(knownHostsFile)}-${path.basename(identityFile)}`);
      writeFileSync(file, `Host *\n  IdentityFile ${identityFile}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${knownHostsFile}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking accept-new\n`);
      return file;
    },
    stop: () => {
      sshd.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
