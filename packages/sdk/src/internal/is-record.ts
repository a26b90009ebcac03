/** A JSON object (not null, not an array): its members are read as `unknown`, each checked where it is used. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
