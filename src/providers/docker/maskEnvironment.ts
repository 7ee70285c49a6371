// Environment values are where secrets live (tokens, passwords). The raw inspect JSON shows each
// variable's name, and its value only once the user asks for it.
export const MASKED_VALUE = '••••••';

export function withEnvironmentMasked(inspect: unknown): unknown {
  if (typeof inspect !== 'object' || inspect === null) return inspect;
  const record = inspect as Record<string, unknown>;
  const config = record.Config as Record<string, unknown> | null | undefined;
  if (typeof config !== 'object' || config === null || !Array.isArray(config.Env)) return inspect;
  const env = config.Env.map((entry: unknown) => (typeof entry === 'string' && entry.includes('=') ? `${entry.slice(0, entry.indexOf('=') + 1)}${MASKED_VALUE}` : entry));
  return { ...record, Config: { ...config, Env: env } };
}
