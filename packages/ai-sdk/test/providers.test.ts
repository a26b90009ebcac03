import { APICallError, generateText, RetryError, streamText } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { createTollgateAnthropic } from '../src/anthropic';
import { isAgentSuspended, isBudgetExceeded, tollgateErrorOf } from '../src/index';
import { createTollgateOpenAI } from '../src/openai';
import { devServer } from './setup';

const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());

const spent = async (agentId: string) => (await tg.agents.getBudget(agentId)).spent_micros;

describe('the AI SDK providers, through the proxy and signed by the agent', () => {
  it('generateText with openai(model): the Responses API through the proxy, charged', async () => {
    const agent = await tg.agents.register({
      agentId: 'oai-text',
      budget: { limitMicros: 1_000_000 },
    });
    const openai = createTollgateOpenAI(agent);
    const result = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Hi there' });
    expect(result.text).toBe('Echo: Hi there');
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(await spent('oai-text')).toBeGreaterThan(0);
    // The AI SDK's own default (contract 2.20 proxies the Responses API).
    expect(openai('gpt-4o-mini').provider).toBe('openai.responses');
    expect(openai.languageModel('gpt-4o-mini').provider).toBe('openai.responses');
    const chat = await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'Chat' });
    expect(chat.text).toBe('Echo: Chat');
  });

  it('generateText with the Anthropic provider: /v1/messages through the proxy', async () => {
    const agent = await tg.agents.register({
      agentId: 'ant-text',
      budget: { limitMicros: 1_000_000 },
    });
    const anthropic = createTollgateAnthropic(agent);
    const result = await generateText({
      model: anthropic('claude-3-5-haiku-latest'),
      prompt: 'Hello',
      maxOutputTokens: 16,
    });
    expect(result.text).toBe('Echo: Hello');
    expect(await spent('ant-text')).toBeGreaterThan(0);
  });

  it('streamText (Responses API): the streamed turn is charged what the usage says', async () => {
    const agent = await tg.agents.register({
      agentId: 'oai-stream',
      budget: { limitMicros: 1_000_000 },
    });
    const openai = createTollgateOpenAI(agent);
    const result = streamText({ model: openai('gpt-4o-mini'), prompt: 'Stream me a reply' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('Echo: Stream me a reply');
    const usage = await result.usage;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
    // gpt-4o-mini: 150 000 / 600 000 micros per million input / output tokens.
    const cost = Math.ceil(
      ((usage.inputTokens ?? 0) * 150_000 + (usage.outputTokens ?? 0) * 600_000) / 1_000_000,
    );
    expect(await spent('oai-stream')).toBe(cost);
  });

  it('streamText with Anthropic: streamed and charged', async () => {
    const agent = await tg.agents.register({
      agentId: 'ant-stream',
      budget: { limitMicros: 1_000_000 },
    });
    const result = streamText({
      model: createTollgateAnthropic(agent)('claude-3-5-haiku-latest'),
      prompt: 'Stream',
      maxOutputTokens: 16,
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('Echo: Stream');
    expect(await spent('ant-stream')).toBeGreaterThan(0);
  });

  it('a budget running out mid-conversation: APICallError with budget_exceeded reachable', async () => {
    const agent = await tg.agents.register({ agentId: 'oai-budget', budget: { limitMicros: 60 } });
    const openai = createTollgateOpenAI(agent);
    const messages: { role: 'user' | 'assistant'; content: string }[] = [];
    let refused: unknown;
    for (let turn = 0; turn < 20 && !refused; turn++) {
      messages.push({ role: 'user', content: `turn ${turn}` });
      try {
        const result = await generateText({
          model: openai('gpt-4o-mini'),
          messages,
          maxOutputTokens: 16,
          maxRetries: 0,
        });
        messages.push({ role: 'assistant', content: result.text });
      } catch (error) {
        refused = error;
      }
    }
    expect(messages.filter((m) => m.role === 'assistant').length).toBeGreaterThan(0);
    expect(APICallError.isInstance(refused)).toBe(true);
    expect(isBudgetExceeded(refused)).toBe(true);
    expect(tollgateErrorOf(refused)).toMatchObject({
      name: 'BudgetExceededError',
      status: 402,
      code: 'budget_exceeded',
      requestId: expect.stringMatching(/^req_/),
    });
    const budget = await tg.agents.getBudget('oai-budget');
    expect(budget.spent_micros).toBeLessThanOrEqual(60);
  });

  it('Anthropic: the budget refusal reachable the same way', async () => {
    const agent = await tg.agents.register({ agentId: 'ant-budget', budget: { limitMicros: 1 } });
    const refused = await generateText({
      model: createTollgateAnthropic(agent)('claude-3-5-haiku-latest'),
      prompt: 'Hi',
      maxOutputTokens: 16,
      maxRetries: 0,
    }).catch((error: unknown) => error);
    expect(APICallError.isInstance(refused)).toBe(true);
    expect(tollgateErrorOf(refused)).toMatchObject({
      name: 'BudgetExceededError',
      code: 'budget_exceeded',
    });
  });

  it('a suspended agent: agent_suspended reachable, not retried', async () => {
    const agent = await tg.agents.register({
      agentId: 'oai-suspended',
      budget: { limitMicros: 1_000_000 },
    });
    await tg.agents.suspend('oai-suspended', { reason: 'test' });
    const refused = await generateText({
      model: createTollgateOpenAI(agent)('gpt-4o-mini'),
      prompt: 'Hi',
    }).catch((error: unknown) => error);
    expect(isAgentSuspended(refused)).toBe(true);
    expect(tollgateErrorOf(refused)).toMatchObject({ name: 'AgentSuspendedError', status: 403 });
  });

  it('never sends a provider key from the environment to the control plane', async () => {
    const agent = await tg.agents.register({
      agentId: 'oai-keys',
      budget: { limitMicros: 1_000_000 },
    });
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
      await generateText({ model: createTollgateOpenAI(recording)('gpt-4o-mini'), prompt: 'a' });
      await generateText({
        model: createTollgateAnthropic(recording)('claude-3-5-haiku-latest'),
        prompt: 'b',
        maxOutputTokens: 16,
      });
    } finally {
      delete process.env.OPENAI_API_KEY;
      delete process.env.ANTHROPIC_API_KEY;
    }
    expect(sent).toHaveLength(2);
    const values = sent.flatMap((headers) => [...headers.values()]).join(' ');
    expect(values).not.toContain('from-the-environment');
    expect(sent[0]?.get('authorization')).toBe('Bearer tollgate-proxy');
    expect(sent[1]?.get('x-api-key')).toBe('tollgate-proxy');
  });

  it('errors that are not Tollgate refusals give undefined', () => {
    expect(tollgateErrorOf(new Error('boom'))).toBeUndefined();
    const provider = new APICallError({
      message: 'bad',
      url: 'http://127.0.0.1/x',
      requestBodyValues: {},
      statusCode: 500,
      responseBody: '<html>oops</html>',
    });
    expect(tollgateErrorOf(provider)).toBeUndefined();
    expect(isBudgetExceeded(undefined)).toBe(false);
  });

  it('reads the refusal through the AI SDK wrappers: RetryError.lastError, cause', () => {
    const refused = new APICallError({
      message: 'Payment Required',
      url: 'http://127.0.0.1/v1/proxy/openai/v1/chat/completions',
      requestBodyValues: {},
      statusCode: 402,
      responseBody: JSON.stringify({ status: 402, code: 'budget_exceeded', detail: 'spent' }),
    });
    const retried = new RetryError({
      message: 'gave up',
      reason: 'maxRetriesExceeded',
      errors: [refused],
    });
    expect(isBudgetExceeded(retried)).toBe(true);
    expect(isBudgetExceeded(new Error('stream failed', { cause: retried }))).toBe(true);
  });
});
