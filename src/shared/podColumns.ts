// A pod of several containers, drawn in a comparison as one column per container: each container's
// image and app above, the pod's sandbox and node below, so the figure stands them on one sandbox
// block. A pod's stack names each container's facts `<fact>.<container>` (podLayers.ts).
import type { Fact, Layer, Stack } from './model';

/** The containers a pod's app band speaks of, in its order (every container has a state fact). */
function containerNames(app: Layer): string[] {
  return app.facts.filter((fact) => fact.key.startsWith('state.')).map((fact) => fact.key.slice('state.'.length));
}

function factsOf(layer: Layer, container: string): Fact[] {
  return layer.facts.filter((fact) => fact.key.endsWith(`.${container}`) && fact.key.indexOf('.') === fact.key.length - container.length - 1);
}

/** The pod's stack for one of its containers: the same bands below, that container's image and app above. */
function containerStack(pod: Stack, container: string): Stack {
  const layers = pod.layers.map((layer): Layer => {
    if (layer.kind === 'app') return { kind: 'app', title: `Container ${container}`, facts: factsOf(layer, container) };
    if (layer.kind === 'libraries') return { kind: 'libraries', title: 'Image', facts: factsOf(layer, container) };
    return layer;
  });
  return { ...pod, name: `${pod.name}/${container}`, layers };
}

/** A pod of two or more containers becomes one stack per container; any other stack stays whole. */
export function splitPodContainers(stack: Stack): Stack[] {
  const app = stack.layers.find((layer) => layer.kind === 'app');
  if (stack.workload.kind !== 'pod' || !app) return [stack];
  const names = containerNames(app);
  return names.length < 2 ? [stack] : names.map((name) => containerStack(stack, name));
}
