// The engine's usual place when nothing names one: the system socket, rootless Docker's socket, or
// Docker Desktop's per-user socket on Linux and macOS; the named pipe on Windows.
import { pathApi } from './endpointPaths';
import type { DockerEndpoint, EndpointInput } from './endpointTypes';
import { displayAddress } from './endpointHostUrl';

const SYSTEM_SOCKET = '/var/run/docker.sock';
const WINDOWS_PIPE = '//./pipe/docker_engine';

export function defaultEndpoint(input: EndpointInput): DockerEndpoint {
  if (input.platform === 'win32') {
    const address = { kind: 'npipe' as const, pipePath: WINDOWS_PIPE };
    return { ...address, display: displayAddress(address), source: { from: 'default', description: "the platform default (Docker Desktop's named pipe)" } };
  }
  const { socketPath, description } = defaultSocket(input);
  const address = { kind: 'socket' as const, socketPath };
  return { ...address, display: displayAddress(address), source: { from: 'default', description } };
}

function defaultSocket(input: EndpointInput): { socketPath: string; description: string } {
  if (input.fs.exists(SYSTEM_SOCKET)) return { socketPath: SYSTEM_SOCKET, description: 'the platform default (the system socket)' };
  const paths = pathApi(input.platform);
  const runtimeDir = input.env.XDG_RUNTIME_DIR;
  const rootless = runtimeDir ? paths.join(runtimeDir, 'docker.sock') : undefined;
  if (rootless && input.fs.exists(rootless)) return { socketPath: rootless, description: "the platform default (rootless Docker's socket in $XDG_RUNTIME_DIR)" };
  const desktop = paths.join(input.homeDir, '.docker', 'run', 'docker.sock');
  if (input.fs.exists(desktop)) return { socketPath: desktop, description: "the platform default (Docker Desktop's socket in ~/.docker/run)" };
  // Nothing found: name the usual place, so the diagnosis says where the engine was expected.
  return { socketPath: SYSTEM_SOCKET, description: 'the platform default (no engine socket found)' };
}
