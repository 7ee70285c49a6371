// The shapes endpoint resolution reads and produces. Everything from outside (settings, the
// environment, the file system) arrives through EndpointInput, so resolution is a pure function.
import type { Diagnosis } from '../provider';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** False only where the user asked for it (DOCKER_TLS without DOCKER_TLS_VERIFY, SkipTLSVerify). */
  verify: boolean;
}

/** Where the engine listens, in terms the Docker library can dial. */
export type EndpointAddress =
  | { kind: 'socket'; socketPath: string }
  | { kind: 'npipe'; pipePath: string }
  | { kind: 'tcp'; host: string; port: number; tls?: TlsMaterial }
  /**
   * `identityFile`: the key a Podman connection names; `remoteCommand`: what the host runs to carry
   * the API on its stdio (default `docker system dial-stdio`).
   */
  | { kind: 'ssh'; host: string; port: number; username?: string; identityFile?: string; remoteCommand?: readonly string[] };

export interface EndpointSource {
  /** `found`: a socket a known tool (Podman, Colima...) leaves where it always does. */
  from: 'setting' | 'env' | 'context' | 'default' | 'found';
  /** Shown to the user, e.g. "Docker context 'remote' (~/.docker/contexts/meta/…/meta.json)". */
  description: string;
}

export type DockerEndpoint = EndpointAddress & {
  source: EndpointSource;
  /** URL-like and free of secrets, e.g. `unix:///var/run/docker.sock`. */
  display: string;
};

export type EndpointResolution =
  | { ok: true; endpoint: DockerEndpoint }
  /** `display` names what was tried (a redacted host, a context), for the error row. */
  | { ok: false; diagnosis: Diagnosis; display: string };

export interface EndpointFs {
  /** The file's bytes, or undefined when it does not exist; throws for anything else (EACCES...). */
  readFile(path: string): Buffer | undefined;
  exists(path: string): boolean;
  /** The names in a folder, or [] when it does not exist (engine discovery reads the contexts folder). */
  listDir?(path: string): string[];
}

export interface EndpointInput {
  /** The setting `workloadStacks.docker.host`; empty means unset. */
  settingHost?: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  homeDir: string;
  /** The local login name: the SSH user when an ssh:// host names none, as `ssh` itself does. */
  userName?: string;
  fs: EndpointFs;
}
