// Band 7: the application itself.
import type { Layer } from '../../../shared/model';
import type { ContainerInspect, ContainerTop, Parsed } from '../contracts';
import { configFacts } from './appConfig';
import { connectionFacts } from './appConnections';
import { lifecycleFacts } from './appLifecycle';
import { commandFacts, processesPart } from './appProcess';

export function appLayer(container: ContainerInspect, top: Parsed<ContainerTop> | undefined, readAt: string): Layer {
  const processes = processesPart(container, top);
  const layer: Layer = {
    kind: 'app',
    title: 'Application',
    facts: [
      ...commandFacts(container),
      ...processes.facts,
      ...connectionFacts(container),
      ...lifecycleFacts(container, readAt),
      ...configFacts(container),
    ],
  };
  if (processes.processes) layer.processes = processes.processes;
  if (processes.unavailable) layer.unavailable = processes.unavailable;
  return layer;
}
