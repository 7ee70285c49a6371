// ssh:// endpoints: docker-modem logs in with ssh2 and runs `docker system dial-stdio` on the remote,
// so failures come from the login, the agent, the SSH server, or the remote docker CLI.
import type { Diagnosis } from '../provider';
import type { ErrorFacts } from './diagnoseFacts';

export function diagnoseSsh(facts: ErrorFacts, display: string): Diagnosis | undefined {
  if (facts.sshLevel === 'client-authentication' || /All configured authentication methods failed/i.test(facts.message)) {
    return {
      kind: 'permission-denied',
      message: `SSH refused the login to ${display}: no key or agent identity was accepted.`,
      hint: 'Load your key into ssh-agent (ssh-add) so SSH_AUTH_SOCK offers it, or authorize an unencrypted ~/.ssh/id_ed25519 on the host; `ssh USER@HOST docker version` must work without a prompt.',
    };
  }
  if (/Cannot parse privateKey|does not contain a \(valid\) private key/.test(facts.message)) {
    return {
      kind: 'permission-denied',
      message: `The SSH private key for ${display} cannot be used (${facts.message}).`,
      hint: 'Load the key into ssh-agent (ssh-add) and make sure SSH_AUTH_SOCK reaches VS Code.',
    };
  }
  if (facts.sshLevel === 'agent' || (facts.path !== undefined && (facts.code === 'ENOENT' || facts.code === 'EACCES' || facts.code === 'ECONNREFUSED'))) {
    return {
      kind: 'permission-denied',
      message: `The SSH agent${facts.path ? ` at ${facts.path}` : ''} could not be used (${facts.code ?? facts.message}).`,
      hint: 'Start ssh-agent, or correct or unset SSH_AUTH_SOCK where VS Code is started.',
    };
  }
  if (facts.message === 'Invalid username') {
    return {
      kind: 'wrong-host',
      message: `The host ${display} names no SSH user, and the local user name is unknown.`,
      hint: 'Write the user into the host URL: ssh://USER@HOST.',
    };
  }
  if (facts.sshLevel === 'client-timeout') {
    return {
      kind: 'timeout',
      message: `The SSH handshake with ${display} timed out (${facts.message}).`,
      hint: 'Check the host and port, and that an SSH server answers there (ssh -v USER@HOST).',
    };
  }
  if (facts.code === 'ECONNREFUSED') {
    return {
      kind: 'wrong-host',
      message: `Nothing accepts SSH connections at ${display} (ECONNREFUSED).`,
      hint: 'Check the host and port in the ssh:// URL and that an SSH server runs there.',
    };
  }
  if (facts.code === 'ECONNRESET' || facts.code === 'EPIPE' || /No response from server|socket hang up/i.test(facts.message)) {
    return {
      kind: 'not-running',
      message: `The SSH session to ${display} closed before a Docker engine answered.`,
      hint: 'On that host, `docker system dial-stdio` must work for this user: install the docker CLI there and give the user access to the engine (the docker group).',
    };
  }
  return undefined;
}
