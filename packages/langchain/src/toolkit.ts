/**
 * `new TollgateToolkit(agent).tools()`: the Tollgate service catalog as LangChain tools, one
 * structured tool per service operation (`email_send`, `payments_charge`, …), its schema the
 * operation's `input_schema`. A call is a governed service request of the agent's
 * (`agent.serviceRequests.create`): the control plane checks policy and budget and executes,
 * blocks, holds for approval or fails. The result starts with a `STATUS:` line (executed |
 * approval_required | blocked | failed | running | error), then the details, so the agent loop
 * reacts to governance instead of crashing; the structured result is the ToolMessage's
 * `artifact`. A suspended agent's 403 is thrown: the loop stops.
 *
 * Inside a graph run through `withTollgate`, approval_required becomes a LangGraph interrupt
 * that resumes when an operator approved (see langgraph.ts).
 */
import type { RunnableConfig } from '@langchain/core/runnables';
import { DynamicStructuredTool } from '@langchain/core/tools';
import {
  type AgentIdentity,
  type ServiceRequest,
  type ToolResult,
  toolResult,
  toolResultOfError,
} from '@tollgate/sdk';
import {
  type ApprovalInterrupt,
  type TollgateRunContext,
  tollgateContextOf,
} from './graph-context';
import { graphIdempotencyKey } from './idempotency';
import { type TollgateTracing, tracedCall } from './tracing';

/** The part of an agent the toolkit uses: the catalog and its service requests. */
export type ToolkitAgent = Pick<AgentIdentity, 'services' | 'serviceRequests'>;

export interface TollgateToolkitOptions {
  /** Only these operations, as `service.operation` (default: every operation of the catalog). */
  include?: readonly string[];
  /** Traces each call (`langchainTracing()` from `@tollgate/langchain/otel`). @default none */
  tracing?: TollgateTracing;
}

type ToolConfig = RunnableConfig & { toolCall?: { id?: string } };

/** How often one call re-reads a held request across resumes before reporting it pending. */
const MAX_APPROVAL_ROUNDS = 20;

type ServiceOperation = Awaited<
  ReturnType<ToolkitAgent['services']['list']>
>['data'][number]['operations'][number];

export class TollgateToolkit {
  readonly #agent: ToolkitAgent;
  readonly #include: ReadonlySet<string> | undefined;
  readonly #tracing: TollgateTracing | undefined;

  constructor(agent: ToolkitAgent, options: TollgateToolkitOptions = {}) {
    this.#agent = agent;
    this.#include = options.include ? new Set(options.include) : undefined;
    this.#tracing = options.tracing;
  }

  /** One tool per service operation of the catalog (read from the control plane now). */
  async tools(options: { signal?: AbortSignal } = {}): Promise<DynamicStructuredTool[]> {
    const catalog = await this.#agent.services.list({ signal: options.signal });
    const tools: DynamicStructuredTool[] = [];
    const names = new Set<string>();
    for (const service of catalog.data)
      for (const operation of service.operations) {
        if (this.#include && !this.#include.has(`${service.id}.${operation.name}`)) continue;
        const name = toolName(service.id, operation.name);
        if (names.has(name)) throw new TypeError(`two operations make the tool name ${name}`);
        names.add(name);
        tools.push(this.#tool(name, service.id, operation));
      }
    return tools;
  }

  #tool(name: string, service: string, operation: ServiceOperation): DynamicStructuredTool {
    const agent = this.#agent;
    const tracing = this.#tracing;
    const price = `costs ${operation.price_micros} micro-USD; policy: ${operation.policy}`;
    const description = `${operation.description} (Tollgate ${service}.${operation.name}; ${price})`;
    const call = async (
      payload: Record<string, unknown>,
      config: ToolConfig | undefined,
      held: (interrupt: ApprovalInterrupt) => void,
    ): Promise<ToolResult> => {
      const graph = tollgateContextOf(config);
      const signal = config?.signal;
      let request: ServiceRequest;
      try {
        const idempotencyKey = graph
          ? await graphIdempotencyKey(config ?? {}, name, payload)
          : undefined;
        const body = { service, operation: operation.name, payload };
        request = await agent.serviceRequests.create(body, { idempotencyKey, signal });
      } catch (error) {
        return toolResultOfError(name, error);
      }
      // Outside the try: LangGraph's interrupt is thrown through to the graph.
      if (graph && request.status === 'approval_required')
        return untilDecided(agent, { ...graph, held }, name, request, signal);
      return resultOf(name, request);
    };
    return new DynamicStructuredTool({
      name,
      description,
      schema: { type: 'object', properties: {}, ...operation.input_schema },
      responseFormat: 'content_and_artifact',
      func: async (payload: Record<string, unknown>, _run, config?: ToolConfig) => {
        const traced = { name, description, callId: config?.toolCall?.id };
        return asContent(await tracedCall(tracing, traced, (held) => call(payload, config, held)));
      },
    });
  }
}

/**
 * In a graph: the held request read back (a resumed node's create is the first one replayed,
 * as it was then) and, while an operator has not decided, a LangGraph interrupt.
 */
async function untilDecided(
  agent: ToolkitAgent,
  graph: TollgateRunContext & { held: (interrupt: ApprovalInterrupt) => void },
  tool: string,
  held: ServiceRequest,
  signal: AbortSignal | undefined,
): Promise<ToolResult> {
  let request = held;
  for (let round = 0; round < MAX_APPROVAL_ROUNDS; round++) {
    try {
      request = await agent.serviceRequests.get(held.id, { signal });
    } catch (error) {
      return toolResultOfError(tool, error);
    }
    if (request.status !== 'approval_required' || !request.approval_id)
      return resultOf(tool, request);
    const interrupt: ApprovalInterrupt = {
      tollgate: 'approval_required',
      approvalId: request.approval_id,
      requestId: request.id,
      tool,
      ...(request.message ? { message: request.message } : {}),
    };
    graph.held(interrupt);
    graph.interrupt(interrupt);
  }
  return resultOf(tool, request);
}

/** A service request's outcome as a tool result (its `STATUS:` line first). */
export function resultOf(tool: string, request: ServiceRequest): ToolResult {
  const requestId = request.id;
  const message = request.message ?? undefined;
  const code = request.reason_code ?? undefined;
  switch (request.status) {
    case 'executed':
      return toolResult({ tool, status: 'executed', requestId, output: request.result });
    case 'approval_required':
      return toolResult({
        tool,
        status: 'approval_required',
        requestId,
        approvalId: request.approval_id ?? undefined,
        message: message ?? 'held for approval',
      });
    case 'blocked':
      return toolResult({ tool, status: 'blocked', requestId, code, message });
    case 'failed':
      return toolResult({ tool, status: 'failed', requestId, code, message });
    case 'running':
      return toolResult({
        tool,
        status: 'running',
        requestId,
        message: 'still running on the control plane',
      });
    default:
      // A status this package does not know refuses (the contract's enums are open).
      return toolResult({ tool, status: 'blocked', requestId, code: 'unknown_status' });
  }
}

function asContent(result: ToolResult): [string, ToolResult] {
  return [result.text, result];
}

/** `service_operation`, within what every provider accepts as a function name. */
function toolName(service: string, operation: string): string {
  return `${service}_${operation}`.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
}
