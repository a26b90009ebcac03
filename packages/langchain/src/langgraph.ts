/**
 * `@tollgate/langchain/langgraph`: `withTollgate(graph, agent)` runs a compiled LangGraph graph
 * as the agent. Every node (and every tool and model it calls) gets the Tollgate run context in
 * `config.configurable.tollgate` (the agent's id and run id also in `metadata`, so traces
 * carry them), and the toolkit's tools turn `approval_required` into a LangGraph `interrupt`:
 * the graph stops with `__interrupt__` holding an `ApprovalInterrupt`; once an operator
 * approves on Tollgate, `resume(config)` re-runs the node, whose service request is the first
 * one replayed (an Idempotency-Key derived from the thread, the node's task and the tool
 * call), now executed by the control plane. Resumed before the operator decided, the node
 * interrupts again. A graph with interrupts needs a checkpointer and a `thread_id`, as
 * LangGraph requires.
 */
import type { RunnableConfig } from '@langchain/core/runnables';
import { Command, INTERRUPT, interrupt } from '@langchain/langgraph';
import type { AgentIdentity } from '@tollgate/sdk';
import {
  type ApprovalInterrupt,
  isApprovalInterrupt,
  type TollgateRunContext,
} from './graph-context';

/** The part of a compiled graph (`graph.compile({ checkpointer })`) this uses. */
export interface RunnableGraph {
  invoke(input: unknown, config?: RunnableConfig): Promise<unknown>;
  stream(input: unknown, config?: RunnableConfig): Promise<AsyncIterable<unknown>>;
}

type InputOf<G extends RunnableGraph> = Parameters<G['invoke']>[0];
type ConfigOf<G extends RunnableGraph> = Parameters<G['invoke']>[1];

export interface TollgateGraph<G extends RunnableGraph> {
  /** The graph as compiled. */
  readonly graph: G;
  /** `graph.invoke` with the agent's run context on every node. */
  invoke(input: InputOf<G>, config?: ConfigOf<G>): ReturnType<G['invoke']>;
  /** `graph.stream` with the agent's run context on every node. */
  stream(input: InputOf<G>, config?: ConfigOf<G>): ReturnType<G['stream']>;
  /**
   * Resumes the thread in `config` after an operator decided (`Command({ resume })`): the held
   * call is read back from the control plane; still pending → the graph interrupts again.
   */
  resume(config: ConfigOf<G>): ReturnType<G['invoke']>;
}

type RunAgent = Pick<AgentIdentity, 'agentId' | 'runId'>;

export function withTollgate<G extends RunnableGraph>(graph: G, agent: RunAgent): TollgateGraph<G> {
  const context: TollgateRunContext = {
    agent: { agentId: agent.agentId, runId: agent.runId },
    interrupt: (value: ApprovalInterrupt) => interrupt(value),
  };
  const withContext = (config: RunnableConfig | undefined): RunnableConfig => ({
    ...config,
    configurable: { ...config?.configurable, tollgate: context },
    metadata: {
      ...config?.metadata,
      tollgate_agent_id: agent.agentId,
      tollgate_run_id: agent.runId,
    },
  });
  return {
    graph,
    invoke: (input, config) => graph.invoke(input, withContext(config)) as ReturnType<G['invoke']>,
    stream: (input, config) => graph.stream(input, withContext(config)) as ReturnType<G['stream']>,
    resume: (config) =>
      graph.invoke(
        new Command({ resume: { tollgate: 'resumed' } }),
        withContext(config),
      ) as ReturnType<G['invoke']>,
  };
}

/** The Tollgate approvals a graph result stopped on (its `__interrupt__` values). */
export function approvalsOf(result: unknown): ApprovalInterrupt[] {
  if (typeof result !== 'object' || result === null) return [];
  const interrupts = (result as Record<string, unknown>)[INTERRUPT];
  if (!Array.isArray(interrupts)) return [];
  return interrupts.map((entry: { value?: unknown }) => entry?.value).filter(isApprovalInterrupt);
}

export {
  type ApprovalInterrupt,
  isApprovalInterrupt,
  type TollgateRunContext,
  tollgateContextOf,
} from './graph-context';
