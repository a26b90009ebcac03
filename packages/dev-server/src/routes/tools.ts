/** Tools an agent may call, each with a policy (allow / approval_required / deny). */
import { type Handlers, noContent, ok, reply } from '../http';
import { newId } from '../ids';
import { HttpProblem, notFound } from '../middleware/problem';
import { cursorPage } from '../state/pagination';
import { view } from '../state/store';

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
      seq: state.nextSeq(),
    };
    state.tools.set(tool.id, tool);
    const target = { type: 'tool', id: tool.id };
    state.record(principal, 'tool.registered', requestId, target, { policy: tool.policy });
    return reply(201, view(tool));
  },
  listTools: ({ query }, { state }) => ok(cursorPage(state.tools.values(), query, 'newest', view)),
  getTool: ({ path }, { state }) => {
    const tool = state.tools.get(path.tool_id);
    if (!tool) throw notFound(`tool ${path.tool_id}`);
    return ok(view(tool));
  },
  deleteTool: ({ path, principal, requestId }, { state }) => {
    if (!state.tools.delete(path.tool_id)) throw notFound(`tool ${path.tool_id}`);
    state.record(principal, 'tool.deleted', requestId, { type: 'tool', id: path.tool_id });
    return noContent();
  },
} satisfies Handlers;
