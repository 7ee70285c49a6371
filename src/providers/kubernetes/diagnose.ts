// A failed call to a cluster, in words a user can act on: which of the API server, the network,
// the certificates, the credentials or RBAC refused, and what to do about it.
import type { Diagnosis } from '../provider';
import { KubeApiError } from './client';

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function diagnoseKubeError(error: unknown, server: string, context: string): Diagnosis {
  const message = error instanceof Error ? error.message : String(error);
  const code = codeOf(error);
  if (error instanceof KubeApiError && error.statusCode === 401) {
    return {
      kind: 'permission-denied',
      message: `The API server at ${server} did not accept the credentials of context ${context} (401 Unauthorized): a token or certificate that expired or was revoked.`,
      hint: 'Log in again the way your cluster wants (kubectl works again afterwards), then Retry.',
    };
  }
  if (error instanceof KubeApiError && error.statusCode === 403) {
    return { kind: 'permission-denied', message: `RBAC forbids it (${message}).`, hint: 'Ask for list and watch on pods, or name the namespaces you may read in workloadStacks.kubernetes.namespaces.' };
  }
  if (error instanceof KubeApiError && error.statusCode !== undefined) {
    return { kind: 'unknown', message: `The API server at ${server} answered ${error.statusCode}: ${message}`, hint: 'Retry; if it persists, check the API server’s health (kubectl get --raw /readyz).' };
  }
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
    return { kind: 'not-running', message: `No API server answers at ${server} (${code}).`, hint: 'Start the cluster (or its VM or node container), or check the server address in the kubeconfig.' };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { kind: 'wrong-host', message: `The host of ${server} cannot be found (${code}).`, hint: 'Check the server address in the kubeconfig, your DNS or VPN.' };
  }
  if (code === 'ETIMEDOUT' || /did not answer within/.test(message)) {
    return { kind: 'timeout', message: `The API server at ${server} did not answer in time (${message}).`, hint: 'Check the network path to it (VPN, proxy), or raise workloadStacks.requestTimeoutMs.' };
  }
  if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code)) {
    return { kind: 'tls', message: `The API server at ${server} presented a certificate this machine does not trust (${code}).`, hint: 'The kubeconfig’s certificate-authority(-data) must name the CA that signed the server’s certificate.' };
  }
  if (code === 'ENOENT' && /spawn/.test(message)) {
    return { kind: 'not-running', message: `The credential plugin of context ${context} is not installed (${message}).`, hint: 'Install the program the kubeconfig’s exec section names (kubectl would fail the same way).' };
  }
  return { kind: 'unknown', message: `The cluster of context ${context} could not be read: ${message}`, hint: 'Retry; `kubectl --context CONTEXT get pods` shows what kubectl sees.' };
}
