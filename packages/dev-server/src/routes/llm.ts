import type { ServerResponse } from 'node:http';
import type { components } from '@tollgate/api';
import { charge, fits } from '../budget';
import type { Deps } from '../deps';
import { chunks, complete, costMicros, tokens } from '../fake-llm';
import { type Context, HttpProblem, type Reply } from '../http';
import { newId } from '../ids';
import type { Handler } from '../router';
import { forward } from '../upstream';

type S = components['schemas'];

/** Budget gate before the call; charge, usage record and audit after it. */
function governed(
  ctx: Context,
  deps: Deps,
  provider: 'openai' | 'anthropic',
  model: string,
  estimateTokens: number,
) {
  const agent = deps.state.agents.get(ctx.principal.agentId!);
  if (!agent) throw new HttpProblem(401, 'agent_deleted', 'The agent no longer exists.');
  if (!fits(agent.budget, costMicros(model, estimateTokens, 0))) {
    throw new HttpProblem(
      402,
      'budget_exceeded',
      `The budget of ${agent.budget.limit_micros} micros is spent (${agent.budget.spent_micros} used).`,
    );
  }
  return (inputTokens: number, outputTokens: number) => {
    const cost = costMicros(model, inputTokens, outputTokens);
    charge(deps.state, agent.budget, cost, ctx.principal.runId);
    deps.state.usage.push({
      agentId: agent.id,
      provider,
      model,
      costMicros: cost,
      inputTokens,
      outputTokens,
      at: Date.now(),
    });
    if (ctx.principal.runId && deps.state.runs.has(ctx.principal.runId)) {
      deps.state.appendEvent(ctx.principal.runId, 'llm.called', {
        provider,
        model,
        cost_micros: cost,
      });
    }
    deps.state.record(
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

const sse = (write: (res: ServerResponse) => void): Reply => ({ status: 200, stream: write });

export const llm: Record<string, Handler> = {
  createChatCompletion: (ctx, deps) => {
    const b = ctx.body as S['ChatCompletionRequest'];
    if (deps.upstream.openai) {
      return forward(
        'openai',
        deps.upstream,
        ctx.rawBody,
        governed(ctx, deps, 'openai', b.model, tokens(ctx.rawBody.toString())),
      );
    }
    const answer = complete(b.messages);
    const settle = governed(ctx, deps, 'openai', b.model, answer.inputTokens);
    const cost = settle(answer.inputTokens, answer.outputTokens);
    const id = newId('chatcmpl');
    const created = Math.floor(Date.now() / 1000);
    const usage = {
      prompt_tokens: answer.inputTokens,
      completion_tokens: answer.outputTokens,
      total_tokens: answer.inputTokens + answer.outputTokens,
    };
    const headers = { 'X-Tollgate-Cost-Micros': String(cost) };
    if (!b.stream) {
      const message = { role: 'assistant', content: answer.text };
      return {
        status: 200,
        headers,
        body: {
          id,
          object: 'chat.completion',
          created,
          model: b.model,
          choices: [{ index: 0, message, finish_reason: 'stop' }],
          usage,
        },
      };
    }
    const chunk = (delta: object, finish: string | null, extra: object = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: b.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
    return {
      ...sse((res) => {
        res.write(chunk({ role: 'assistant', content: '' }, null));
        for (const part of chunks(answer.text)) res.write(chunk({ content: part }, null));
        const includeUsage = (b.stream_options as { include_usage?: boolean } | undefined)
          ?.include_usage;
        res.write(chunk({}, 'stop', includeUsage ? { usage } : {}));
        res.end('data: [DONE]\n\n');
      }),
      headers,
    };
  },
  createMessage: (ctx, deps) => {
    const b = ctx.body as S['MessageRequest'];
    if (deps.upstream.anthropic) {
      return forward(
        'anthropic',
        deps.upstream,
        ctx.rawBody,
        governed(ctx, deps, 'anthropic', b.model, tokens(ctx.rawBody.toString())),
      );
    }
    const system = typeof b.system === 'string' ? b.system : '';
    const answer = complete(b.messages, system);
    const settle = governed(ctx, deps, 'anthropic', b.model, answer.inputTokens);
    const cost = settle(answer.inputTokens, answer.outputTokens);
    const id = newId('msg');
    const headers = { 'X-Tollgate-Cost-Micros': String(cost) };
    const usage = { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens };
    if (!b.stream) {
      return {
        status: 200,
        headers,
        body: {
          id,
          type: 'message',
          role: 'assistant',
          model: b.model,
          content: [{ type: 'text', text: answer.text }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage,
        },
      };
    }
    const event = (type: string, data: object) =>
      `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    return {
      ...sse((res) => {
        res.write(
          event('message_start', {
            message: {
              id,
              type: 'message',
              role: 'assistant',
              model: b.model,
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: { input_tokens: usage.input_tokens, output_tokens: 0 },
            },
          }),
        );
        res.write(
          event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
        );
        for (const part of chunks(answer.text))
          res.write(
            event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: part } }),
          );
        res.write(event('content_block_stop', { index: 0 }));
        res.write(
          event('message_delta', {
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: usage.output_tokens },
          }),
        );
        res.end(event('message_stop', {}));
      }),
      headers,
    };
  },
};
