// Turns an endpoint into options for `new Dockerode()` (docker-modem 5 option names).
import * as https from 'https';
import type { DockerEndpoint } from './endpointTypes';

/** What ssh2 receives: docker-modem opens one SSH session per request and runs `docker system dial-stdio`. */
export interface SshConnectOptions {
  /** Agent socket path (SSH_AUTH_SOCK) or Windows pipe; ssh2 tries it after the private key. */
  agent?: string;
  privateKey?: Buffer;
  /** How long the SSH handshake may take. */
  readyTimeout: number;
}

/**
 * Every key is present, undefined where unused: docker-modem lays our options over defaults it reads
 * from process.env (DOCKER_HOST, DOCKER_CERT_PATH...), and only an explicit key overrides them.
 */
export interface DockerodeOptions {
  socketPath: string | undefined;
  host: string | undefined;
  port: number | undefined;
  protocol: 'http' | 'https' | 'ssh';
  ca: Buffer | undefined;
  cert: Buffer | undefined;
  key: Buffer | undefined;
  /** docker-modem passes it to https.request: the only way to turn certificate checks off. */
  agent: https.Agent | undefined;
  username: string | undefined;
  sshOptions: SshConnectOptions | undefined;
}

export interface DockerodeExtras {
  /** Bounds the SSH handshake. Requests are bounded by the caller's abort signal instead: docker-modem's
   *  own `timeout` is an idle timeout that would cut quiet event streams and slow container stops. */
  timeoutMs: number;
  sshAgent?: string;
  sshKey?: Buffer;
}

export function toDockerodeOptions(endpoint: DockerEndpoint, extra: DockerodeExtras): DockerodeOptions {
  const none: DockerodeOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: 'http',
    ca: undefined,
    cert: undefined,
    key: undefined,
    agent: undefined,
    username: undefined,
    sshOptions: undefined,
  };
  switch (endpoint.kind) {
    case 'socket':
      return { ...none, socketPath: endpoint.socketPath };
    case 'npipe':
      return { ...none, socketPath: endpoint.pipePath };
    case 'tcp': {
      const tls = endpoint.tls;
      if (!tls) return { ...none, host: endpoint.host, port: endpoint.port };
      return {
        ...none,
        host: endpoint.host,
        port: endpoint.port,
        protocol: 'https',
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        agent: tls.verify ? undefined : new https.Agent({ rejectUnauthorized: false }),
      };
    }
    case 'ssh':
      return {
        ...none,
        host: endpoint.host,
        port: endpoint.port,
        protocol: 'ssh',
        username: endpoint.username,
        sshOptions: { agent: extra.sshAgent, privateKey: extra.sshKey, readyTimeout: extra.timeoutMs },
      };
  }
}
