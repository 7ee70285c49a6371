// ssh:// endpoints: the system ssh runs `docker system dial-stdio` on the host (sshDial.ts), so
// failures are in ssh's own words on its stderr: the host key, the login, the network, or the
// remote docker CLI and engine.
import type { Diagnosis } from '../provider';
import type { ErrorFacts } from './diagnoseFacts';

export function diagnoseSsh(facts: ErrorFacts, display: string): Diagnosis | undefined {
  if (facts.code === 'ENOENT' && facts.syscall?.startsWith('spawn')) {
    return {
      kind: 'not-running',
      message: `ssh is not installed or not on PATH, so ${display} cannot be reached.`,
      hint: 'Install the OpenSSH client (Debian/Ubuntu: openssh-client; Windows: the OpenSSH Client feature).',
    };
  }
  const text = facts.stderr ?? facts.message;
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(text)) {
    return {
      kind: 'host-key',
      message: `The SSH host key of ${display} is not the one your known_hosts holds: nothing was sent to it.`,
      hint: 'If the host was reinstalled, remove its old key (ssh-keygen -R HOST), then connect once with ssh in a terminal and check the new fingerprint. Otherwise someone may be in between: do not connect.',
    };
  }
  if (/host key is known for|Host key verification failed/i.test(text)) {
    return {
      kind: 'host-key',
      message: `The SSH host key of ${display} is not in your known_hosts, and an unknown key is never accepted: nothing was sent to it.`,
      hint: 'Connect once with ssh USER@HOST in a terminal, check the fingerprint it shows and accept it; then retry. Workload Stacks never writes known_hosts itself.',
    };
  }
  if (/Permission denied \(|Too many authentication failures/i.test(text)) {
    return {
      kind: 'permission-denied',
      message: `SSH refused the login to ${display} (${lastSshLine(text)}).`,
      hint: '`ssh -o BatchMode=yes USER@HOST docker version` must work without a prompt: load your key into ssh-agent (ssh-add), or name it in ~/.ssh/config.',
    };
  }
  if (/Could not resolve hostname/i.test(text)) {
    return { kind: 'wrong-host', message: `The SSH host of ${display} cannot be found (${lastSshLine(text)}).`, hint: 'Check the host name in the ssh:// URL, or your network and DNS.' };
  }
  if (/Connection refused/i.test(text)) {
    return { kind: 'wrong-host', message: `Nothing accepts SSH connections at ${display} (Connection refused).`, hint: 'Check the host and port in the ssh:// URL and that an SSH server runs there.' };
  }
  if (/timed out/i.test(text)) {
    return { kind: 'timeout', message: `The SSH connection to ${display} timed out (${lastSshLine(text)}).`, hint: 'Check the host and port, and that the network path to it (firewall, VPN) lets SSH through.' };
  }
  if (/docker: (command )?not found|docker: No such file|unknown command "dial-stdio"|not a docker command/i.test(text)) {
    return {
      kind: 'not-running',
      message: `${display} has no docker CLI that can dial its engine (${lastSshLine(text)}).`,
      hint: 'Install the docker CLI on that host: the connection runs `docker system dial-stdio` there, as the Docker CLI does.',
    };
  }
  if (/Cannot connect to the Docker daemon|permission denied while trying to connect|failed to open the raw stream connection/i.test(text)) {
    return {
      kind: 'not-running',
      message: `The docker CLI on ${display} cannot reach its engine (${lastSshLine(text)}).`,
      hint: 'On that host, start the engine and give the SSH user access to it (the docker group); `docker version` must work there.',
    };
  }
  if (facts.name === 'SshTransportError' || facts.code === 'ECONNRESET' || facts.code === 'EPIPE' || /socket hang up/i.test(facts.message)) {
    return {
      kind: 'not-running',
      message: `The SSH session to ${display} closed before a Docker engine answered${facts.stderr ? ` (${lastSshLine(text)})` : ''}.`,
      hint: 'Run `ssh USER@HOST docker system dial-stdio` in a terminal to see why.',
    };
  }
  return undefined;
}

function lastSshLine(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !/^@+$/.test(line));
  return (lines.at(-1) ?? text).replace(/^ssh: /, '').slice(0, 200);
}
