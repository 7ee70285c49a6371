// Whether an engine runs on this machine, so that this machine's own evidence (what it runs on)
// is drawn under its containers and no other engine's. A local socket is not enough: Colima,
// Lima, Docker Desktop and Podman machines put a socket here for an engine in a VM. The kernel
// the engine reports says where it really runs.
import type { EngineInfo } from './contracts';

export function runsOnThisMachine(endpointKind: string, info: EngineInfo | undefined, localKernel: string): boolean {
  if (endpointKind !== 'socket' && endpointKind !== 'npipe') return false;
  // Windows containers report the host's kernel in another format than os.release(); they do run here.
  if (info?.OSType === 'windows') return true;
  const kernel = info?.KernelVersion?.trim();
  return !kernel || kernel === localKernel.trim();
}
