// The container's own configuration: labels, environment (secret until revealed), host name, cwd.
import type { Fact } from '../../../shared/model';
import type { ContainerInspect } from '../contracts';
import { fact, listFact, source } from './facts';

export function configFacts(container: ContainerInspect): Fact[] {
  const config = container.Config;
  const labels = Object.entries(config.Labels).sort(([a], [b]) => a.localeCompare(b));
  return [
    fact('label-count', 'Labels', String(labels.length), source.container('Config.Labels')),
    listFact('labels', 'Label list', labels.map(([name, value]) => `${name}=${value}`), source.container('Config.Labels')),
    fact('env-count', 'Environment variables', String(config.Env.length), source.container('Config.Env')),
    // The real value goes to the host; the panel masks it until the user reveals secrets.
    ...config.Env.map((entry) => {
      const separator = entry.indexOf('=');
      const name = separator === -1 ? entry : entry.slice(0, separator);
      const value = separator === -1 ? '' : entry.slice(separator + 1);
      return fact(`env:${name}`, name, value, source.container('Config.Env'), { secret: true });
    }),
    fact('hostname', 'Host name', config.Hostname || 'unknown', source.container('Config.Hostname')),
    fact('working-dir', 'Working directory', config.WorkingDir || '/ (default)', source.container('Config.WorkingDir')),
  ];
}
