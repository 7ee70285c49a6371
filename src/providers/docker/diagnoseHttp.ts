// The engine answered, but with an error status (docker-modem puts it on `statusCode`, and the
// engine's text on `json.message`).
import type { Diagnosis } from '../provider';
import type { ErrorFacts } from './diagnoseFacts';

export function diagnoseHttpStatus(facts: ErrorFacts, display: string): Diagnosis | undefined {
  const status = facts.statusCode;
  if (status === undefined) return undefined;
  const said = facts.engineMessage ?? facts.message;
  if (status === 400 && /HTTP request to an HTTPS server/i.test(said)) {
    return {
      kind: 'tls',
      message: `The engine at ${display} requires TLS, but the connection used plain HTTP.`,
      hint: 'Use TLS: an https:// host, or DOCKER_TLS_VERIFY=1 with certificates in DOCKER_CERT_PATH (the port is usually 2376).',
    };
  }
  if (status === 401 || status === 403) {
    return {
      kind: 'permission-denied',
      message: `The engine at ${display} refused the request (HTTP ${status}: ${said}).`,
      hint: 'An authorization plugin or proxy in front of the engine blocks it: ask whoever runs the engine for access.',
    };
  }
  if (status === 404 && /^no such /i.test(said)) {
    return { kind: 'unknown', message: `The engine no longer has it: ${said}.`, hint: 'Refresh the view: it was removed since the list was read.' };
  }
  if (status === 404) {
    return {
      kind: 'wrong-host',
      message: `${display} answered HTTP 404 (${said}): it does not look like a Docker Engine API.`,
      hint: 'Point workloadStacks.docker.host (or DOCKER_HOST, or the context) at the Docker engine itself.',
    };
  }
  if (status === 409) {
    return { kind: 'unknown', message: `The engine refused: ${said}.`, hint: "Refresh the view: the container's state changed since it was read." };
  }
  if (status >= 502 && status <= 504) {
    return {
      kind: 'not-running',
      message: `The engine at ${display} is not ready (HTTP ${status}: ${said}).`,
      hint: 'Wait for the engine (or Docker Desktop) to finish starting, then retry.',
    };
  }
  return {
    kind: 'unknown',
    message: `The engine at ${display} answered HTTP ${status}: ${said}.`,
    hint: "Look at the engine's own log (journalctl -u docker, or Docker Desktop's Troubleshoot page), then retry.",
  };
}
