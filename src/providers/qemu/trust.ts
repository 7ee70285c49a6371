// Which QEMU processes and sockets this extension deals with. Any user can start a process named
// qemu-system-* and write any socket path into its argv; as root, talking to such a socket hands
// commands to whoever listens there. So a process is listed only when it runs as a trusted user
// (the extension host's own, or one the user named), and a socket from its argv is spoken to only
// when it is a socket, owned by a trusted user, and reached through no symbolic link.
import * as fs from 'fs';
import * as path from 'path';
import type { QemuCommandLine } from './commandLine';

/** The extension host's user, plus the users named in the setting (names or numeric ids). */
export function trustedUids(named: readonly string[], passwd = readPasswd()): Set<number> {
  const uids = new Set<number>([process.getuid?.() ?? -1]);
  for (const entry of named.map((name) => name.trim()).filter(Boolean)) {
    if (/^\d+$/.test(entry)) uids.add(Number(entry));
    else {
      const uid = passwd.get(entry);
      if (uid !== undefined) uids.add(uid);
    }
  }
  return uids;
}

/** /etc/passwd as name → uid (no tool run); empty where there is none (Windows, macOS users in a directory). */
function readPasswd(): Map<string, number> {
  const byName = new Map<string, number>();
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , uid] = line.split(':');
      if (name && uid && /^\d+$/.test(uid)) byName.set(name, Number(uid));
    }
  } catch {
    // no passwd file: only numeric ids and the extension host's own user count
  }
  return byName;
}

/** The owner of /proc/PID: the process's real user. */
export function processOwner(procRoot: string, pid: number): number | undefined {
  try {
    return fs.statSync(path.join(procRoot, String(pid))).uid;
  } catch {
    return undefined;
  }
}

/**
 * Why this socket path must not be spoken to, or undefined when it may. A path that does not
 * exist (yet, or any more) may: connecting to it fails, as it would have.
 */
export function untrustedSocketReason(socketPath: string, uids: ReadonlySet<number>): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : `${socketPath} cannot be read`;
  }
  if (stat.isSymbolicLink()) return `${socketPath} is a symbolic link`;
  if (!stat.isSocket()) return `${socketPath} is not a socket`;
  if (!uids.has(stat.uid)) return `${socketPath} belongs to user ${stat.uid}, not a trusted user`;
  try {
    // A link in a directory above it would lead somewhere else just the same.
    if (fs.realpathSync(socketPath) !== path.resolve(socketPath)) return `${socketPath} is reached through a symbolic link`;
  } catch {
    return `${socketPath} cannot be resolved`;
  }
  return undefined;
}

/** The command line with only the sockets that may be spoken to; `refused` says why each other one is not. */
export function withTrustedSockets(commandLine: QemuCommandLine, uids: ReadonlySet<number>): { commandLine: QemuCommandLine; refused: string[] } {
  const refused: string[] = [];
  const keep = (socketPath: string) => {
    const reason = untrustedSocketReason(socketPath, uids);
    if (reason) refused.push(reason);
    return reason === undefined;
  };
  const qmpSockets = commandLine.qmpSockets.filter(keep);
  const agentSocket = commandLine.agentSocket !== undefined && keep(commandLine.agentSocket) ? commandLine.agentSocket : undefined;
  return { commandLine: { ...commandLine, qmpSockets, agentSocket }, refused };
}
