// API answers for one pod -> its Stack, bottom band first: the node's machine, what is under the
// node, the node's OS, its runtime and kubelet, the pod sandbox (and a Kata pod's own VM and guest
// kernel), the images, the containers. Only an unusable pod throws; an unreadable node or
// RuntimeClass is shown in its bands as unknown, with the reason.
import type { Stack } from '../../shared/model';
import { type Parsed, parseUnlessFailed } from '../docker/jsonFields';
import { type KubeNode, type RuntimeClass, parseNode, parseRuntimeClass } from './contracts';
import { parsePod } from './podContracts';
import { engineLayer, hardwareLayer, hostOsLayer, hypervisorLayer } from './nodeLayers';
import { appLayer, isolationLayer, kataLayers, librariesLayer } from './podLayers';
import { podRuntime } from './podRuntime';
import type { LocalPod } from './localPod';
import { podRefId, podStatusText } from './podSummary';

export interface PodStackInput {
  providerId: string;
  /** GET /api/v1/namespaces/{ns}/pods/{name} */
  pod: unknown;
  /** GET /api/v1/nodes/{name}, the Error it failed with, or absent when the pod has no node. */
  node?: unknown | Error;
  /** GET /apis/node.k8s.io/v1/runtimeclasses/{name}, its Error, or absent when the pod names none. */
  runtimeClass?: unknown | Error;
  /** What this machine shows of the pod, when its node is this machine (localPod.ts). */
  local?: LocalPod;
  readAt: string;
}

export function buildPodStack(input: PodStackInput): Stack {
  const parsed = parsePod(input.pod);
  if (!parsed.ok) throw new Error(`The pod could not be read: ${parsed.error}`);
  const pod = parsed.value;
  const node: Parsed<KubeNode> = input.node === undefined ? { ok: false, error: 'not scheduled' } : parseUnlessFailed(input.node, parseNode);
  const runtimeClass: Parsed<RuntimeClass> | undefined = input.runtimeClass === undefined ? undefined : parseUnlessFailed(input.runtimeClass, parseRuntimeClass);
  const runtime = podRuntime(runtimeClass?.ok ? runtimeClass.value.handler : undefined);
  const nodeName = pod.nodeName;
  return {
    workload: { kind: 'pod', providerId: input.providerId, id: podRefId(pod) },
    name: pod.metadata.name,
    layers: [
      hardwareLayer(node, nodeName),
      hypervisorLayer(node, nodeName),
      hostOsLayer(node, nodeName),
      engineLayer(node, nodeName),
      isolationLayer(pod, runtime, runtimeClass, input.local),
      ...(runtime.kind === 'vm' ? kataLayers(runtime, runtimeClass) : []),
      librariesLayer(pod),
      appLayer(pod),
    ],
    readAt: input.readAt,
    state: podStatusText(pod),
  };
}
