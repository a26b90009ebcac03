/**
 * Tools an agent may call, each with a policy (allow / approval_required / deny) and the JSON
 * Schema of its input. An agent sees only the tools its id may call, found by the framework's
 * tool name (`?name=`).
 */
import { type Context, type Handlers, noContent, ok, reply } from '../http';
import { newId } from '../ids';
import { HttpProblem, notFound } from '../middleware/problem';
import { cursorPage } from '../state/pagination';
import { namedBy, visibleTo } from '../state/policy';
import { view } from '../state/store';

/** Operators see every tool; an agent, those it may call. */
const seenBy = (principal: Context['principal'], tool: Parameters<typeof visibleTo>[0]) =>
  principal.type !== 'agent' || visibleTo(tool, principal.agentId);

export const tools = {
  registerTool: ({ body, principal, requestId }, { state }) => {
    const b = body;
    if ([...state.tools.values()].some((t) => t.name === b.name))
      throw new HttpProblem(409, 'conflict', `A tool named ${b.name} exists.`);
    const tool = {
      id: newId('tool'),
      name: b.name,
      base_url: b.base_url,
      description: b.description ?? null,
      auth_type: b.auth_type,
      policy: b.policy ?? 'approval_required',
      allowed_agents: b.allowed_agents ?? [],
      created_at: state.nowIso(),
      input_schema: b.input_schema ?? null,
      seq: state.nextSeq(),
    };
    state.tools.set(tool.id, tool);
    const target = { type: 'tool', id: tool.id };
    state.record(principal, 'tool.registered', requestId, target, { policy: tool.policy });
    return reply(201, view(tool));
  },
  listTools: ({ query, principal }, { state }) => {
    const rows = [...state.tools.values()].filter(
      (t) => seenBy(principal, t) && (!query.name || namedBy(t, query.name)),
    );
    return ok(cursorPage(rows, query, 'newest', view));
  },
  getTool: ({ path, principal }, { state }) => {
    const tool = state.tools.get(path.tool_id);
    if (!tool || !seenBy(principal, tool)) throw notFound(`tool ${path.tool_id}`);
    return ok(view(tool));
  },
  deleteTool: ({ path, principal, requestId }, { state }) => {
    if (!state.tools.delete(path.tool_id)) throw notFound(`tool ${path.tool_id}`);
    state.record(principal, 'tool.deleted', requestId, { type: 'tool', id: path.tool_id });
    return noContent();
  },
} satisfies Handlers;
