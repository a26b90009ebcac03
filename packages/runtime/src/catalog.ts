/**
 * Putting the runtime's tools into the Tollgate catalog, as an operator: each tool is
 * registered with its policy and its input's JSON Schema, and the map of tool name → catalog
 * id is what serveAgent takes. Registering is an operator operation, so the operator, or a
 * deploy step with an operator key, runs it (an agent finds its tools with `agent.tools.find`).
 */
import type { Tollgate } from '@tollgate/sdk';
import type { RegisterOptions, Tool } from './tool';

export interface RegisterToolsOptions extends Omit<RegisterOptions, 'policy'> {
  /** Each tool's policy, by name. @default the control plane's (the dev server: approval_required) */
  policies?: Readonly<Record<string, RegisterOptions['policy']>>;
}

/** Registers every tool (idempotent per tool) and returns the catalog ids by tool name. */
export async function registerTools(
  tools: Pick<Tollgate['tools'], 'register'>,
  list: readonly Tool[],
  options: RegisterToolsOptions,
): Promise<Record<string, string>> {
  const { policies = {}, ...rest } = options;
  const catalog: Record<string, string> = {};
  for (const tool of list) {
    const body = tool.toolCreate({ ...rest, policy: policies[tool.name] });
    const registered = await tools.register(body, { idempotencyKey: `runtime-tool-${tool.name}` });
    catalog[tool.name] = registered.id;
  }
  return catalog;
}
