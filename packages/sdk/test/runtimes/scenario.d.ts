/** Types for scenario.js, which stays plain JavaScript so every runtime loads it unbuilt. */
export interface ScenarioSettings {
  baseUrl: string;
  adminApiKey: string;
  caPublicKey: string;
  suffix: string;
}
export function scenario(
  sdk: unknown,
  settings: ScenarioSettings,
): Promise<Record<string, unknown>>;
export const expected: Record<string, unknown>;
