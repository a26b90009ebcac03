/**
 * Each governed tool's id in the Tollgate catalog: given (`catalog`: an id `tool_…`, or a
 * catalog name), or found by the tool's own name in the catalog as this agent sees it
 * (`agent.tools.find`: only tools the agent may call; `_` matches `-`). A found id is kept;
 * a miss is asked again next time (an operator may register the tool meanwhile).
 */
import type { GoverningAgent } from './decisions';

export type CatalogIds = (toolName: string, signal?: AbortSignal) => Promise<string | undefined>;

export function catalogIds(
  agent: GoverningAgent,
  catalog: Readonly<Record<string, string>>,
): CatalogIds {
  const found = new Map<string, string>();
  return async (toolName, signal) => {
    const given = Object.hasOwn(catalog, toolName) ? catalog[toolName] : undefined;
    if (given?.startsWith('tool_')) return given;
    const known = found.get(toolName);
    if (known) return known;
    const tool = await agent.tools.find(given ?? toolName, { signal });
    if (tool) found.set(toolName, tool.id);
    return tool?.id;
  };
}
