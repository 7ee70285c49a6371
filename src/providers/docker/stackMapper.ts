// Engine answers for one container -> its Stack, bottom band first. Only an unusable container
// inspect throws; every other missing answer is shown in its band as unknown, with the reason.
import type { Layer, Stack } from '../../shared/model';
import {
  parseContainerInspect,
  parseContainerTop,
  parseEngineInfo,
  parseEngineVersion,
  parseImageHistory,
  parseImageInspect,
  type ContainerInspect,
  type ContainerTop,
  type EngineInfo,
  type EngineVersion,
  type ImageHistoryEntry,
  type ImageInspect,
  type Parsed,
} from './contracts';
import { shortId } from './format';
import { parseUnlessFailed } from './jsonFields';
import { appLayer } from './layers/app';
import { detectEngineVm } from './layers/engineVm';
import { engineLayer } from './layers/engine';
import { hardwareLayer } from './layers/hardware';
import { hostOsLayer } from './layers/hostOs';
import { hypervisorLayer } from './layers/hypervisor';
import { isolationLayer } from './layers/isolation';
import { librariesLayer } from './layers/libraries';
import { withPodmanIsolation } from './podman/isolationFacts';
import type { PodmanInspection } from './podman/inspection';

export interface ContainerStackInput {
  providerId: string;
  /** GET /info */
  info: unknown;
  /** GET /version */
  version: unknown;
  /** GET /containers/{id}/json */
  container: unknown;
  /** GET /images/{id}/json, or the Error the call failed with. */
  image: unknown | Error;
  /** GET /images/{id}/history, or the Error the call failed with. */
  history: unknown | Error;
  /**
   * GET /containers/{id}/top, or the Error (the engine refuses it when the container is not
   * running); absent when the caller did not ask for processes (then the band lists none).
   */
  top?: unknown | Error;
  /** On a Podman engine, its libpod answers about this container. */
  podman?: PodmanInspection;
  /** ISO 8601 time the answers were read; uptime is measured to it. */
  readAt: string;
}

/** Everything one container's stack is drawn from; only the container inspect is certain. */
interface StackSources {
  info: Parsed<EngineInfo>;
  version: Parsed<EngineVersion>;
  container: ContainerInspect;
  image: Parsed<ImageInspect>;
  history: Parsed<ImageHistoryEntry[]>;
  top: Parsed<ContainerTop> | undefined;
  podman: PodmanInspection | undefined;
  readAt: string;
}

export function buildContainerStack(input: ContainerStackInput): Stack {
  const container = parseContainerInspect(input.container);
  if (!container.ok) throw new Error(`Cannot draw the container's stack: ${container.error}.`);
  const sources: StackSources = {
    info: parseUnlessFailed(input.info, parseEngineInfo),
    version: parseUnlessFailed(input.version, parseEngineVersion),
    container: container.value,
    image: parseUnlessFailed(input.image, parseImageInspect),
    history: parseUnlessFailed(input.history, parseImageHistory),
    top: input.top === undefined ? undefined : parseUnlessFailed(input.top, parseContainerTop),
    podman: input.podman,
    readAt: input.readAt,
  };
  return {
    workload: { kind: 'container', providerId: input.providerId, id: container.value.Id },
    name: containerName(container.value),
    layers: layersBottomUp(sources),
    readAt: input.readAt,
    state: stateWords(container.value),
  };
}

function layersBottomUp(sources: StackSources): Layer[] {
  const vm = sources.info.ok ? detectEngineVm(sources.info.value, sources.version.ok ? sources.version.value : undefined) : undefined;
  return [
    hardwareLayer(sources.info, vm),
    ...(vm ? [hypervisorLayer(vm)] : []),
    hostOsLayer(sources.info, vm),
    engineLayer(sources.info, sources.version),
    podmanAware(isolationLayer(sources.container, sources.info), sources),
    librariesLayer(sources.container, sources.image, sources.history),
    appLayer(sources.container, sources.top, sources.readAt),
  ];
}

function podmanAware(isolation: Layer, sources: StackSources): Layer {
  return sources.podman ? { ...isolation, facts: withPodmanIsolation(isolation.facts, sources.container, sources.podman) } : isolation;
}

function containerName(container: ContainerInspect): string {
  return container.Name.replace(/^\//, '') || shortId(container.Id);
}

/** "running (healthy)", "exited (3)", "paused". */
function stateWords(container: ContainerInspect): string {
  const state = container.State;
  const status = state.Status ?? 'unknown';
  if (status === 'exited' || status === 'dead') return state.ExitCode !== undefined ? `${status} (${state.ExitCode})` : status;
  return state.Health?.Status && status === 'running' ? `${status} (${state.Health.Status})` : status;
}
