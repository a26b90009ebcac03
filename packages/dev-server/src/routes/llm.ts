/**
 * The LLM proxy, for agents: the budget is checked before the call (402 budget_exceeded),
 * the call goes to the built-in fake provider or a configured upstream, and its cost is
 * charged after it (usage record, audit entry, `llm.called` run event, alert crossing).
 */
import type { components } from '@tollgate/api';
import type { Deps } from '../deps';
import type { Context, Reply } from '../http';
import { newId } from '../ids';
import {
  anthropicMessage,
  anthropicStream,
  complete,
  openaiCompletion,
  openaiStream,
} from '../llm/fake-provider';
import { costMicros, tokens } from '../llm/prices';
import { forward, type Provider } from '../llm/upstream';
import { HttpProblem } from '../middleware/problem';
import type { Handlers } from '../router';
import { charge, fits } from '../state/budget';

type S = components['schemas'];

/** Refuses a call the budget cannot cover; returns what charges it once its usage is known. */
function governed(
  ctx: Context,
  deps: Deps,
  provider: Provider,
  model: string,
  estimatedInputTokens: number,
) {
  const { state } = deps;
  const agent = state.agents.get(ctx.principal.agentId!);
  if (!agent) throw new HttpProblem(401, 'agent_deleted', 'The agent no longer exists.');
  if (!fits(agent.budget, costMicros(model, estimatedInputTokens, 0))) {
    const b = agent.budget;
    throw new HttpProblem(
      402,
      'budget_exceeded',
      `The budget of ${b.limit_micros} micro-dollars cannot cover this call (${b.spent_micros} spent).`,
    );
  }
  const runId = ctx.principal.runId;
  return (inputTokens: number, outputTokens: number) => {
    const cost = costMicros(model, inputTokens, outputTokens);
    charge(state, agent.budget, cost, runId);
    const usage = { costMicros: cost, inputTokens, outputTokens };
    state.usage.push({ agentId: agent.id, provider, model, ...usage, at: state.now() });
    if (runId && state.runs.has(runId))
      state.appendEvent(runId, 'llm.called', { provider, model, cost_micros: cost });
    state.record(
      ctx.principal,
      'llm.called',
      ctx.requestId,
      { type: 'agent', id: agent.id },
      {
        provider,
        model,
        cost_micros: cost,
        input_tokens: inputTokens,
        output_tokens: outputTokens,
      },
    );
    return cost;
  };
}

const costHeader = (cost: number) => ({ 'X-Tollgate-Cost-Micros': String(cost) });

export const llm = {
  createChatCompletion: (ctx, deps): Reply | Promise<Reply> => {
    const b = ctx.body as S['ChatCompletionRequest'];
    if (deps.upstream.openai) {
      const settle = governed(ctx, deps, 'openai', b.model, tokens(ctx.rawBody.toString()));
      return forward('openai', deps.upstream, ctx.rawBody, settle);
    }
    const answer = complete(b.messages);
    const cost = governed(
      ctx,
      deps,
      'openai',
      b.model,
      answer.inputTokens,
    )(answer.inputTokens, answer.outputTokens);
    const id = newId('chatcmpl');
    const created = Math.floor(deps.state.now() / 1000);
    if (!b.stream)
      return {
        status: 200,
        headers: costHeader(cost),
        body: openaiCompletion(id, created, b.model, answer),
      };
    const includeUsage = Boolean(
      (b.stream_options as { include_usage?: boolean } | undefined)?.include_usage,
    );
    return {
      status: 200,
      headers: costHeader(cost),
      stream: openaiStream(id, created, b.model, answer, includeUsage),
    };
  },
  createMessage: (ctx, deps): Reply | Promise<Reply> => {
    const b = ctx.body as S['MessageRequest'];
    if (deps.upstream.anthropic) {
      const settle = governed(ctx, deps, 'anthropic', b.model, tokens(ctx.rawBody.toString()));
      return forward('anthropic', deps.upstream, ctx.rawBody, settle);
    }
    const answer = complete(b.messages, b.system);
    const cost = governed(
      ctx,
      deps,
      'anthropic',
      b.model,
      answer.inputTokens,
    )(answer.inputTokens, answer.outputTokens);
    const id = newId('msg');
    if (!b.stream)
      return {
        status: 200,
        headers: costHeader(cost),
        body: anthropicMessage(id, b.model, answer),
      };
    return { status: 200, headers: costHeader(cost), stream: anthropicStream(id, b.model, answer) };
  },
} satisfies Handlers;
