// Turns an endpoint into options for `new Dockerode()` (docker-modem 5 option names).
import type * as http from 'http';
import * as https from 'https';
import type { DockerEndpoint } from './endpointTypes';
import { SshDialAgent } from './sshDial';

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
  /**
   * docker-modem passes it to http(s).request: for TLS the only way to turn certificate checks off;
   * for ssh:// the system ssh carrying the connection (docker-modem's own ssh2 path checks no host key).
   */
  agent: http.Agent | undefined;
  /** Only docker-modem's own ssh2 transport reads these; never used, kept unset over its env defaults. */
  username: undefined;
  sshOptions: undefined;
}

export interface DockerodeExtras {
  /** Bounds the SSH connect and handshake. Requests are bounded by the caller's abort signal instead:
   *  docker-modem's own `timeout` is an idle timeout that would cut quiet event streams and slow stops. */
  timeoutMs: number;
  /** More `ssh` options for an ssh:// endpoint (tests pass their own config file). */
  sshArgs?: readonly string[];
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
        agent: new SshDialAgent({
          host: endpoint.host,
          port: endpoint.port,
          username: endpoint.username,
          identityFile: endpoint.identityFile,
          remoteCommand: endpoint.remoteCommand,
          extraArgs: extra.sshArgs,
          connectTimeoutMs: extra.timeoutMs,
        }),
      };
  }
}
