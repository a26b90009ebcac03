import { AIMessage, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { afterAll, describe, expect, it } from 'vitest';
import { chatAnthropic } from '../src/anthropic';
import { isAgentSuspended, isBudgetExceeded, tollgateErrorOf } from '../src/index';
import { chatOpenAI } from '../src/openai';
import { devServer } from './setup';

const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());

const spent = async (agentId: string) => (await tg.agents.getBudget(agentId)).spent_micros;
const register = (agentId: string, limitMicros = 1_000_000) =>
  tg.agents.register({ agentId, budget: { limitMicros } });

describe('LangChain chat models, through the proxy and signed by the agent', () => {
  it('chatOpenAI: a chat turn through chat completions, charged to the agent', async () => {
    const agent = await register('lc-oai');
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 });
    const answer = await model.invoke([new HumanMessage('Hi there')]);
    expect(answer.content).toBe('Echo: Hi there');
    expect(answer.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(await spent('lc-oai')).toBeGreaterThan(0);
  });

  it('chatOpenAI streamed: the turn is charged exactly what the streamed usage says', async () => {
    const agent = await register('lc-oai-stream');
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 });
    let text = '';
    let input = 0;
    let output = 0;
    for await (const chunk of await model.stream('Stream me a reply')) {
      text += chunk.content;
      input += chunk.usage_metadata?.input_tokens ?? 0;
      output += chunk.usage_metadata?.output_tokens ?? 0;
    }
    expect(text).toBe('Echo: Stream me a reply');
    expect(input).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    // gpt-4o-mini: 150 000 / 600 000 micros per million input / output tokens.
    expect(await spent('lc-oai-stream')).toBe(
      Math.ceil((input * 150_000 + output * 600_000) / 1e6),
    );
  });

  it('chatAnthropic: a chat turn and a streamed turn through /v1/messages, charged', async () => {
    const agent = await register('lc-ant');
    const model = chatAnthropic(agent, {
      model: 'claude-3-5-haiku-latest',
      maxTokens: 16,
      maxRetries: 0,
    });
    expect((await model.invoke('Hello')).content).toBe('Echo: Hello');
    const afterTurn = await spent('lc-ant');
    expect(afterTurn).toBeGreaterThan(0);
    let text = '';
    for await (const chunk of await model.stream('Stream')) text += chunk.content;
    expect(text).toBe('Echo: Stream');
    expect(await spent('lc-ant')).toBeGreaterThan(afterTurn);
  });

  it('a budget running out mid-conversation: LangChain throws, budget_exceeded reachable', async () => {
    const agent = await register('lc-budget', 60);
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0, maxTokens: 16 });
    const messages: BaseMessage[] = [];
    let refused: unknown;
    for (let turn = 0; turn < 20 && !refused; turn++) {
      messages.push(new HumanMessage(`turn ${turn}`));
      try {
        messages.push(new AIMessage(String((await model.invoke(messages)).content)));
      } catch (error) {
        refused = error;
      }
    }
    expect(messages.filter((m) => m instanceof AIMessage).length).toBeGreaterThan(0);
    expect(refused).toBeInstanceOf(Error);
    expect(isBudgetExceeded(refused)).toBe(true);
    expect(tollgateErrorOf(refused)).toMatchObject({
      name: 'BudgetExceededError',
      status: 402,
      code: 'budget_exceeded',
      requestId: expect.stringMatching(/^req_/),
    });
    expect(await spent('lc-budget')).toBeLessThanOrEqual(60);
  });

  it('Anthropic: the budget refusal reachable the same way', async () => {
    const agent = await register('lc-ant-budget', 1);
    const model = chatAnthropic(agent, { model: 'claude-3-5-haiku-latest', maxRetries: 0 });
    const refused = await model.invoke('Hi').catch((error: unknown) => error);
    expect(tollgateErrorOf(refused)).toMatchObject({
      name: 'BudgetExceededError',
      code: 'budget_exceeded',
    });
  });

  it('a suspended agent: agent_suspended reachable from the error, the turn not made', async () => {
    const agent = await register('lc-suspended');
    await tg.agents.suspend('lc-suspended', { reason: 'test' });
    for (const model of [
      chatOpenAI(agent, { model: 'gpt-4o-mini' }),
      chatAnthropic(agent, { model: 'claude-3-5-haiku-latest' }),
    ]) {
      const refused = await model.invoke('Hi').catch((error: unknown) => error);
      expect(isAgentSuspended(refused)).toBe(true);
      expect(tollgateErrorOf(refused)).toMatchObject({ name: 'AgentSuspendedError', status: 403 });
    }
    expect(await spent('lc-suspended')).toBe(0);
  });

  it('never sends a provider key from the environment to the control plane', async () => {
    const agent = await register('lc-keys');
    const sent: Headers[] = [];
    const recording = {
      proxyUrl: agent.proxyUrl.bind(agent),
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        sent.push(new Headers(init?.headers));
        return agent.fetch(input, init);
      },
    };
    process.env.OPENAI_API_KEY = 'sk-from-the-environment';
    process.env.ANTHROPIC_API_KEY = 'sk-ant-from-the-environment';
    try {
      await chatOpenAI(recording, { model: 'gpt-4o-mini' }).invoke('a');
      await chatAnthropic(recording, { model: 'claude-3-5-haiku-latest', maxTokens: 16 }).invoke(
        'b',
      );
    } finally {
      delete process.env.OPENAI_API_KEY;
      delete process.env.ANTHROPIC_API_KEY;
    }
    expect(sent).toHaveLength(2);
    expect(sent.flatMap((h) => [...h.values()]).join(' ')).not.toContain('from-the-environment');
    expect(sent[0]?.get('authorization')).toBe('Bearer tollgate-proxy');
    expect(sent[1]?.get('x-api-key')).toBe('tollgate-proxy');
  });

  it('chatOpenAI useResponsesApi: a turn through /v1/responses, signed and charged', async () => {
    const agent = await register('lc-responses');
    const paths: string[] = [];
    const recording = {
      proxyUrl: agent.proxyUrl.bind(agent),
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        paths.push(new URL(input instanceof Request ? input.url : input).pathname);
        return agent.fetch(input, init);
      },
    };
    const model = chatOpenAI(recording, {
      model: 'gpt-4o-mini',
      useResponsesApi: true,
      maxRetries: 0,
    });
    const answer = await model.invoke([new HumanMessage('Hi there')]);
    expect(answer.text).toBe('Echo: Hi there');
    expect(answer.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(paths).toEqual(['/v1/proxy/openai/v1/responses']);
    expect(await spent('lc-responses')).toBeGreaterThan(0);
  });

  it('chatOpenAI useResponsesApi streamed: charged exactly what the streamed usage says', async () => {
    const agent = await register('lc-responses-stream');
    const model = chatOpenAI(agent, { model: 'gpt-4o-mini', useResponsesApi: true, maxRetries: 0 });
    let text = '';
    let input = 0;
    let output = 0;
    for await (const chunk of await model.stream('Stream me a reply')) {
      text += chunk.text;
      input += chunk.usage_metadata?.input_tokens ?? 0;
      output += chunk.usage_metadata?.output_tokens ?? 0;
    }
    expect(text).toBe('Echo: Stream me a reply');
    expect(input).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    // gpt-4o-mini: 150 000 / 600 000 micros per million input / output tokens.
    expect(await spent('lc-responses-stream')).toBe(
      Math.ceil((input * 150_000 + output * 600_000) / 1e6),
    );
  });

  it('errors that are not Tollgate refusals give undefined', () => {
    expect(tollgateErrorOf(new Error('boom'))).toBeUndefined();
    expect(tollgateErrorOf({ status: 500, error: { message: 'upstream' } })).toBeUndefined();
    expect(isBudgetExceeded(undefined)).toBe(false);
  });
});
