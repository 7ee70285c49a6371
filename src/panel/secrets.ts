// Values marked secret (environment variables) stay in the extension host until the user reveals
// them in a stack panel: every webview receives them blanked otherwise (the compare view always).
import type { Stack } from '../shared/model';

export function withSecretsHidden(stack: Stack): Stack {
  return {
    ...stack,
    layers: stack.layers.map((layer) => ({
      ...layer,
      facts: layer.facts.map((fact) => (fact.secret ? { ...fact, value: '' } : fact)),
    })),
  };
}
