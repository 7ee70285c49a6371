// A pod's JSON for the inspect editor with its secret values hidden until the user reveals them:
// environment values (a password in plain `value` is common) and kubectl's last-applied
// annotation, which repeats them.
import { isRecord, type JsonRecord } from '../docker/jsonFields';

export const MASK = '••••••';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function maskContainers(containers: unknown): unknown {
  if (!Array.isArray(containers)) return containers;
  return containers.map((container) => {
    if (!isRecord(container) || !Array.isArray(container.env)) return container;
    return { ...container, env: container.env.map((entry) => (isRecord(entry) && typeof entry.value === 'string' ? { ...entry, value: MASK } : entry)) };
  });
}

export function maskPodSecrets(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const masked: JsonRecord = { ...raw };
  if (isRecord(raw.spec)) masked.spec = { ...raw.spec, containers: maskContainers(raw.spec.containers), initContainers: maskContainers(raw.spec.initContainers) };
  if (isRecord(raw.metadata) && isRecord(raw.metadata.annotations) && LAST_APPLIED in raw.metadata.annotations) {
    masked.metadata = { ...raw.metadata, annotations: { ...raw.metadata.annotations, [LAST_APPLIED]: MASK } };
  }
  return masked;
}
