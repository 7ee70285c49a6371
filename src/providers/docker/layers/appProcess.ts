// What the container runs: its command line and, while it runs, its processes.
import type { Fact, Layer } from '../../../shared/model';
import type { ContainerInspect, ContainerTop, Parsed } from '../contracts';
import { joinArgsForDisplay } from '../format';
import { fact, source, UNKNOWN, unavailableReason } from './facts';

export function commandFacts(container: ContainerInspect): Fact[] {
  const { Entrypoint, Cmd } = container.Config;
  const entrypoint = Entrypoint && Entrypoint.length > 0 ? joinArgsForDisplay(Entrypoint) : 'none';
  return [fact('entrypoint', 'Entrypoint', entrypoint, source.container('Config.Entrypoint')), command(container, [...(Entrypoint ?? []), ...(Cmd ?? [])])];
}

/** Path and Args are what the engine actually started; Entrypoint + Cmd is the fallback. */
function command(container: ContainerInspect, configured: string[]): Fact {
  if (container.Path) {
    return fact('command', 'Command', joinArgsForDisplay([container.Path, ...container.Args]), source.container('Path, Args'));
  }
  const value = configured.length > 0 ? joinArgsForDisplay(configured) : UNKNOWN;
  return fact('command', 'Command', value, source.container('Config.Entrypoint, Config.Cmd'));
}

export interface ProcessesPart {
  facts: Fact[];
  processes?: Layer['processes'];
  unavailable?: string;
}

/**
 * `top` only answers for a running (or paused) container; otherwise there is nothing to list.
 * Without an answer at all (not asked for, as in a comparison) the band says nothing of processes.
 */
export function processesPart(container: ContainerInspect, top: Parsed<ContainerTop> | undefined): ProcessesPart {
  if (!top) return { facts: [] };
  const factSource = source.top('Processes');
  if (top.ok) {
    return {
      facts: [fact('processes', 'Processes', String(top.value.Processes.length), factSource)],
      processes: { titles: top.value.Titles, rows: top.value.Processes.map((cells) => ({ cells })) },
    };
  }
  if (container.State.Running !== true) {
    return { facts: [fact('processes', 'Processes', `none (${container.State.Status ?? 'not running'})`, factSource)] };
  }
  return {
    facts: [fact('processes', 'Processes', UNKNOWN, factSource)],
    unavailable: unavailableReason('The processes', 'GET /containers/{id}/top', top.error),
  };
}
