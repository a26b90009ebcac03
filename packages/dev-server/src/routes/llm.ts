/**
 * The LLM proxy, for agents. Before anything is sent to a provider the call is counted against
 * the agent's rate limits (or refused with 429 rate_limited and Retry-After) and its worst case
 * (every request byte a token of input, plus its output cap) is reserved against the agent's
 * budget and its group's, or the call is refused with 402 budget_exceeded; afterwards it is settled from the real
 * usage and the rest released (usage record, audit entry, `llm.called` run event, alert
 * crossing). The call goes to the built-in fake provider or a configured upstream. Four wire
 * formats: OpenAI chat completions and Responses, Anthropic messages, Gemini generateContent.
 */
import type { Deps } from '../deps';
import type { Context, Handlers } from '../http';
import { newId } from '../ids';
import * as gemini from '../llm/fake-gemini';
import {
  anthropicMessage,
  anthropicStream,
  capAnswer,
  complete,
  openaiCompletion,
  openaiStream,
} from '../llm/fake-provider';
import * as responses from '../llm/fake-responses';
import { costMicros } from '../llm/prices';
import { forward, type Metered, type Provider } from '../llm/upstream';
import { HttpProblem } from '../middleware/problem';

/** Reserves the call's worst case, or refuses it; returns how to settle it. */
async function governed(
  ctx: Pick<Context, 'principal' | 'rawBody' | 'requestId'>,
  deps: Deps,
  provider: Provider,
  model: string,
  outputCap: number,
): Promise<Metered> {
  const { state } = deps;
  const { principal } = ctx;
  // Only agent identities may call the proxy (the contract's security says so).
  const agent = principal.type === 'agent' ? state.agents.get(principal.agentId) : undefined;
  if (!agent) throw new HttpProblem(401, 'agent_deleted', 'The agent no longer exists.');
  // A token is at least one byte, so the request's length bounds its input tokens.
  const worstTokens = ctx.rawBody.length + outputCap;
  const admission = await deps.rateLimits.admit(agent, worstTokens);
  if ('retryAfterSeconds' in admission) {
    const seconds = admission.retryAfterSeconds;
    throw new HttpProblem(
      429,
      'rate_limited',
      `Agent ${agent.id} is over its rate limit (requests or tokens per minute); try again in ${seconds} s.`,
      { retry_after: seconds },
      { 'Retry-After': String(seconds) },
    );
  }
  const worstCase = costMicros(model, ctx.rawBody.length, outputCap);
  const reservation = await deps.budgets.reserve(agent, worstCase);
  if (!reservation) {
    const b = agent.budget;
    const ownFits = b.remaining_micros === null || b.remaining_micros >= worstCase;
    throw new HttpProblem(
      402,
      'budget_exceeded',
      agent.budget_group_id && ownFits
        ? `The budget of group ${agent.budget_group_id} cannot cover this call's worst case of ${worstCase} micro-dollars.`
        : `The budget of ${b.limit_micros} micro-dollars cannot cover this call's worst case of ${worstCase} (${b.remaining_micros} remaining; lower max_tokens to ask for less).`,
    );
  }
  const runId = principal.runId;
  return {
    covers: (input, output) => costMicros(model, input, output) <= worstCase,
    release: reservation.release,
    async settle(inputTokens, outputTokens) {
      const cost = await reservation.settle(costMicros(model, inputTokens, outputTokens), runId);
      await admission.settle(inputTokens + outputTokens);
      if (cost === undefined) return undefined;
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
    },
    async charged(cost) {
      const headers: Record<string, string> = { 'X-Tollgate-Cost-Micros': String(cost ?? 0) };
      if (cost === undefined) return headers;
      // What getAgentBudget answers as `remaining_micros` (the agent's own budget, holds
      // included); the answer is charged already, so a ledger that cannot say leaves it out.
      try {
        await deps.budgets.refresh([agent]);
      } catch {
        return headers;
      }
      const left = agent.budget.remaining_micros;
      if (left !== null) headers['X-Tollgate-Budget-Remaining-Micros'] = String(left);
      return headers;
    },
  };
}

export const llm = {
  createChatCompletion: async (ctx, deps) => {
    const b = ctx.body;
    const asked = b.max_completion_tokens ?? b.max_tokens;
    const cap = asked ?? deps.defaultMaxOutputTokens;
    const metered = await governed(ctx, deps, 'openai', b.model, cap);
    if (deps.upstream.openai) {
      const added = asked ? undefined : { max_completion_tokens: cap };
      const call = { wire: 'chat' as const, path: '/chat/completions', added };
      return forward(deps.upstream, { ...call, body: b, raw: ctx.rawBody }, metered, deps.log);
    }
    const answer = capAnswer(complete(b.messages), cap);
    const cost = await metered.settle(answer.inputTokens, answer.outputTokens);
    const id = newId('chatcmpl');
    const created = Math.floor(deps.state.now() / 1000);
    if (!b.stream)
      return {
        status: 200,
        headers: await metered.charged(cost),
        body: openaiCompletion(id, created, b.model, answer),
      };
    const includeUsage = Boolean(b.stream_options?.include_usage);
    return {
      status: 200,
      headers: await metered.charged(cost),
      stream: openaiStream(id, created, b.model, answer, includeUsage),
    };
  },
  createMessage: async (ctx, deps) => {
    const b = ctx.body;
    const metered = await governed(ctx, deps, 'anthropic', b.model, b.max_tokens);
    if (deps.upstream.anthropic)
      return forward(
        deps.upstream,
        { wire: 'anthropic', path: '/v1/messages', body: b, raw: ctx.rawBody },
        metered,
        deps.log,
      );
    const answer = capAnswer(complete(b.messages, b.system), b.max_tokens);
    const cost = await metered.settle(answer.inputTokens, answer.outputTokens);
    const id = newId('msg');
    if (!b.stream)
      return {
        status: 200,
        headers: await metered.charged(cost),
        body: anthropicMessage(id, b.model, answer),
      };
    return {
      status: 200,
      headers: await metered.charged(cost),
      stream: anthropicStream(id, b.model, answer),
    };
  },
  createResponse: async (ctx, deps) => {
    const b = ctx.body;
    const asked = b.max_output_tokens ?? undefined;
    const cap = asked ?? deps.defaultMaxOutputTokens;
    const metered = await governed(ctx, deps, 'openai', b.model, cap);
    if (deps.upstream.openai) {
      const added = asked ? undefined : { max_output_tokens: cap };
      const call = { wire: 'responses' as const, path: '/responses', added };
      return forward(deps.upstream, { ...call, body: b, raw: ctx.rawBody }, metered, deps.log);
    }
    const conversation = responses.conversationOf(b.input);
    const answer = capAnswer(complete(conversation, b.instructions ?? ''), cap);
    const cost = await metered.settle(answer.inputTokens, answer.outputTokens);
    const ids = { id: newId('resp'), messageId: newId('msg') };
    const createdAt = Math.floor(deps.state.now() / 1000);
    if (!b.stream)
      return {
        status: 200,
        headers: await metered.charged(cost),
        body: responses.responseObject(ids, createdAt, b.model, answer),
      };
    return {
      status: 200,
      headers: await metered.charged(cost),
      stream: responses.responseStream(ids, createdAt, b.model, answer),
    };
  },
  generateContent: async (ctx, deps) => {
    const { model } = ctx.path;
    const reply = await geminiCall(ctx, deps, model, ':generateContent');
    if (reply.forwarded) return reply.forwarded;
    return {
      status: 200,
      headers: reply.headers,
      body: gemini.generateContentResponse(model, reply.answer),
    };
  },
  streamGenerateContent: async (ctx, deps) => {
    const { model } = ctx.path;
    const reply = await geminiCall(ctx, deps, model, ':streamGenerateContent?alt=sse');
    if (reply.forwarded) return reply.forwarded;
    return {
      status: 200,
      headers: reply.headers,
      stream: gemini.generateContentStream(model, reply.answer),
    };
  },
} satisfies Handlers;

/** A Gemini call, reserved from `generationConfig.maxOutputTokens`: forwarded, or the fake's answer. */
async function geminiCall(
  ctx: Context<'generateContent'> | Context<'streamGenerateContent'>,
  deps: Deps,
  model: string,
  /** What follows the model upstream: `:generateContent`, `:streamGenerateContent?alt=sse`. */
  verb: string,
) {
  const b = ctx.body;
  const asked = b.generationConfig?.maxOutputTokens;
  const cap = asked ?? deps.defaultMaxOutputTokens;
  const metered = await governed(ctx, deps, 'google', model, cap);
  if (deps.upstream.google) {
    // Merged into the agent's own generationConfig (see upstream.ts `withAdded`).
    const added = asked ? undefined : { generationConfig: { maxOutputTokens: cap } };
    const call = {
      wire: 'gemini' as const,
      // One segment upstream, however it was encoded here: a decoded `../` never reaches another
      // endpoint of the provider with the operator's key.
      path: `/v1beta/models/${encodeURIComponent(model)}${verb}`,
      added,
      body: b,
      raw: ctx.rawBody,
    };
    return { forwarded: await forward(deps.upstream, call, metered, deps.log) };
  }
  const system = b.systemInstruction?.parts ?? '';
  const answer = capAnswer(complete(gemini.conversationOf(b.contents), system), cap);
  const cost = await metered.settle(answer.inputTokens, answer.outputTokens);
  return { answer, headers: await metered.charged(cost), forwarded: undefined };
}
