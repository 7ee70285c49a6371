// Where the container is in its life: state, start time, uptime, exits, restarts, health.
import type { Fact } from '../../../shared/model';
import type { ContainerInspect, ContainerState, RestartPolicy } from '../contracts';
import { formatDuration, isEngineZeroTime } from '../format';
import { fact, source } from './facts';

export function lifecycleFacts(container: ContainerInspect, readAt: string): Fact[] {
  const state = container.State;
  const facts: Fact[] = [
    fact('state', 'State', state.Status ?? 'unknown', source.container('State.Status')),
    fact('started', 'Started', isEngineZeroTime(state.StartedAt) ? 'never' : (state.StartedAt ?? ''), source.container('State.StartedAt')),
    fact('uptime', 'Uptime', uptime(state, readAt), source.container('State.StartedAt') + ' vs. time read'),
  ];
  if (state.Status === 'exited' || state.Status === 'dead') {
    const oom = state.OOMKilled ? ' (killed: out of memory)' : '';
    facts.push(fact('exit-code', 'Exit code', `${state.ExitCode ?? 'unknown'}${oom}`, source.container('State.ExitCode, State.OOMKilled')));
  }
  if (state.Error) facts.push(fact('error', 'Error', state.Error, source.container('State.Error'), { multiline: true }));
  facts.push(
    fact('restart-count', 'Restart count', String(container.RestartCount ?? 0), source.container('RestartCount')),
    fact('restart-policy', 'Restart policy', restartPolicy(container.HostConfig.RestartPolicy), source.container('HostConfig.RestartPolicy')),
    ...healthFacts(state),
  );
  return facts;
}

function uptime(state: ContainerState, readAt: string): string {
  if (state.Running !== true || isEngineZeroTime(state.StartedAt)) return 'not running';
  const elapsed = Date.parse(readAt) - Date.parse(state.StartedAt ?? '');
  return Number.isNaN(elapsed) ? 'unknown' : formatDuration(Math.max(0, elapsed));
}

function restartPolicy(policy: RestartPolicy | undefined): string {
  const name = policy?.Name || 'no';
  const retries = policy?.MaximumRetryCount;
  return name === 'on-failure' && retries ? `on-failure (at most ${retries} retries)` : name;
}

function healthFacts(state: ContainerState): Fact[] {
  const health = state.Health;
  if (!health) return [fact('health', 'Health', 'no healthcheck', source.container('State.Health'))];
  const facts = [fact('health', 'Health', health.Status ?? 'unknown', source.container('State.Health.Status'))];
  const last = health.Log[health.Log.length - 1];
  if (last) {
    const when = last.End ?? last.Start ?? 'unknown time';
    const output = (last.Output ?? '').trimEnd();
    const value = `exit ${last.ExitCode ?? 'unknown'} at ${when}${output ? `\n${output}` : ''}`;
    facts.push(fact('health-log', 'Last health check', value, source.container('State.Health.Log[last]'), { multiline: true }));
  }
  return facts;
}
