// SSH credentials for ssh:// endpoints, found where the `ssh` command finds them: the agent named by
// SSH_AUTH_SOCK (the OpenSSH agent pipe on Windows) and the first default key without a passphrase.
import { pathApi } from './endpointPaths';
import type { EndpointFs, EndpointInput } from './endpointTypes';

const DEFAULT_KEY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const WINDOWS_OPENSSH_AGENT = '\\\\.\\pipe\\openssh-ssh-agent';

export function sshAgentSocket(env: EndpointInput['env'], platform: NodeJS.Platform): string | undefined {
  const fromEnv = env.SSH_AUTH_SOCK?.trim();
  if (fromEnv) return fromEnv;
  return platform === 'win32' ? WINDOWS_OPENSSH_AGENT : undefined;
}

/**
 * The first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa that exists, is readable and needs no passphrase.
 * A key with a passphrase is skipped: ssh2 would fail on it before trying the agent, which holds it unlocked.
 */
export function readDefaultSshKey(fs: EndpointFs, homeDir: string, platform: NodeJS.Platform): { path: string; key: Buffer } | undefined {
  const paths = pathApi(platform);
  for (const name of DEFAULT_KEY_NAMES) {
    const keyPath = paths.join(homeDir, '.ssh', name);
    let key: Buffer | undefined;
    try {
      key = fs.readFile(keyPath);
    } catch {
      continue; // Unreadable: `ssh` skips it as well.
    }
    if (key !== undefined && !isPassphraseProtected(key)) return { path: keyPath, key };
  }
  return undefined;
}

/** The extras `toDockerodeOptions` needs for an ssh:// endpoint, read from this machine. */
export function sshConnectionExtras(input: EndpointInput): { sshAgent?: string; sshKey?: Buffer } {
  return { sshAgent: sshAgentSocket(input.env, input.platform), sshKey: readDefaultSshKey(input.fs, input.homeDir, input.platform)?.key };
}

const OPENSSH_KEY_MAGIC = 'openssh-key-v1\0';

export function isPassphraseProtected(key: Buffer): boolean {
  const text = key.toString('utf8');
  // Legacy PEM ("Proc-Type: 4,ENCRYPTED") and PKCS#8 ("BEGIN ENCRYPTED PRIVATE KEY").
  if (/ENCRYPTED/.test(text.slice(0, 200))) return true;
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text)?.[1];
  if (body === undefined) return false;
  // openssh-key-v1 format: magic, then the cipher name as a length-prefixed string ("none" when clear).
  const blob = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  const magicLength = OPENSSH_KEY_MAGIC.length;
  if (blob.length < magicLength + 4 || blob.toString('latin1', 0, magicLength) !== OPENSSH_KEY_MAGIC) return false;
  const cipherLength = blob.readUInt32BE(magicLength);
  const cipher = blob.toString('latin1', magicLength + 4, magicLength + 4 + cipherLength);
  return cipher !== 'none';
}
