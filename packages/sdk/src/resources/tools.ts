import type {
  BodyOf,
  ItemOf,
  MethodOperations,
  QueryOf,
  ResponseOf,
} from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

export type Tool = ResponseOf<'getTool'>;

/**
 * Tools agents may call, each with a policy: allow, approval_required or deny. An agent
 * (`agent.tools`) sees only the tools it may call, finds one by a framework's tool name
 * (`find`), and asks before it executes one itself (`check`).
 */
export class Tools extends APIResource {
  /** Registers a tool (idempotent). */
  register(body: BodyOf<'registerTool'>, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'registerTool'>>('registerTool', { body }, options);
  }

  list(query: QueryOf<'listTools'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listTools'>>('listTools', query, {}, options);
  }

  /**
   * The tool of this name, or undefined: a framework's tool name finds its catalog entry
   * (`_` matches `-`, as the OpenAI Agents SDK rewrites it). For an agent, only a tool it may call.
   */
  async find(name: string, options?: RequestOptions): Promise<Tool | undefined> {
    const page = await this.caller.list<Tool>('listTools', { name, limit: 1 }, {}, options);
    return page.data[0];
  }

  /**
   * May the agent call the tool with this input? The control plane decides and records the
   * decision as a run the caller executes (`executor: agent`): allowed → the run is running,
   * execute the tool and `runs.reportOutcome`; denied → `reason`; requires_approval →
   * `approval_id`, claimed with `approvals.claim` once an operator approves.
   */
  check(toolId: string, body: BodyOf<'checkToolCall'>, options?: RequestOptions) {
    const path = { tool_id: toolId };
    return this.caller.call<ResponseOf<'checkToolCall'>>('checkToolCall', { path, body }, options);
  }

  get(toolId: string, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'getTool'>>(
      'getTool',
      { path: { tool_id: toolId } },
      options,
    );
  }

  delete(toolId: string, options?: RequestOptions) {
    return this.caller.call<void>('deleteTool', { path: { tool_id: toolId } }, options);
  }
}

/** The operation each method calls: an agent's `tools` keeps those its identity may call. */
export const TOOL_OPERATIONS = {
  register: 'registerTool',
  list: 'listTools',
  find: 'listTools',
  check: 'checkToolCall',
  get: 'getTool',
  delete: 'deleteTool',
} as const satisfies MethodOperations<Tools>;
