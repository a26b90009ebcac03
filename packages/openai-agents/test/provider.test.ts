import { Agent, type ModelResponse, run, setTracingDisabled } from '@openai/agents';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isAgentSuspended,
  isBudgetExceeded,
  setTollgateDefault,
  tollgateErrorOf,
  useTollgate,
} from '../src/index';
import { devServer } from './setup';

const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());

const spent = async (agentId: string) => (await tg.agents.getBudget(agentId)).spent_micros;
const assistant = (instructions = '') =>
  new Agent({ name: 'assistant', instructions, model: 'gpt-4o-mini' });

describe('useTollgate(agent): the Agents SDK through the proxy, signed by the agent', () => {
  it('a turn through the Responses API, charged to the agent', async () => {
    const agent = await tg.agents.register({ agentId: 'oa-text', budget: { limitMicros: 1e6 } });
    const { runner, modelProvider } = useTollgate(agent);
    const result = await runner.run(assistant(), 'Hi there');
    expect(result.finalOutput).toBe('Echo: Hi there');
    const responses = result.rawResponses as ModelResponse[];
    expect(responses[0]?.responseId).toMatch(/^resp_/); // a Responses API answer's id
    expect(await spent('oa-text')).toBeGreaterThan(0);
    // The SDK's own OpenAIProvider, Responses model.
    const model = await modelProvider.getModel('gpt-4o-mini');
    expect(model.constructor.name).toBe('OpenAIResponsesModel');
  });

  it('a streamed turn: text deltas, charged', async () => {
    const agent = await tg.agents.register({ agentId: 'oa-stream', budget: { limitMicros: 1e6 } });
    const result = await useTollgate(agent).runner.run(assistant(), 'Stream me', { stream: true });
    let text = '';
    for await (const delta of result.toTextStream()) text += delta;
    await result.completed;
    expect(text).toBe('Echo: Stream me');
    expect(result.finalOutput).toBe('Echo: Stream me');
    expect(await spent('oa-stream')).toBeGreaterThan(0);
  });

  it('a budget running out: the run throws, budget_exceeded reachable', async () => {
    const agent = await tg.agents.register({ agentId: 'oa-budget', budget: { limitMicros: 60 } });
    const { runner } = useTollgate(agent, { client: { maxRetries: 0 } });
    let refused: unknown;
    let answered = 0;
    for (let turn = 0; turn < 20 && !refused; turn++) {
      try {
        await runner.run(assistant(), `turn ${turn}`);
        answered += 1;
      } catch (error) {
        refused = error;
      }
    }
    expect(answered).toBeGreaterThan(0);
    expect(isBudgetExceeded(refused)).toBe(true);
    expect(tollgateErrorOf(refused)).toMatchObject({
      name: 'BudgetExceededError',
      status: 402,
      code: 'budget_exceeded',
    });
    expect(isBudgetExceeded(new Error('other'))).toBe(false);
  });

  it('two agents in one process each sign as themselves', async () => {
    const first = await tg.agents.register({ agentId: 'oa-first', budget: { limitMicros: 1e6 } });
    const second = await tg.agents.register({ agentId: 'oa-second', budget: { limitMicros: 1e6 } });
    const a = useTollgate(first);
    const b = useTollgate(second);
    await a.runner.run(assistant(), 'from the first');
    const firstSpent = await spent('oa-first');
    expect(firstSpent).toBeGreaterThan(0);
    expect(await spent('oa-second')).toBe(0);
    await b.runner.run(assistant(), 'from the second');
    expect(await spent('oa-second')).toBeGreaterThan(0);
    expect(await spent('oa-first')).toBe(firstSpent);
  });

  it('useResponses: false routes chat completions', async () => {
    const agent = await tg.agents.register({ agentId: 'oa-chat', budget: { limitMicros: 1e6 } });
    const { runner, modelProvider } = useTollgate(agent, { useResponses: false });
    const result = await runner.run(assistant(), 'Chat');
    expect(result.finalOutput).toBe('Echo: Chat');
    expect(result.rawResponses[0]?.responseId).toMatch(/^chatcmpl/); // a chat completion's id
    const model = await modelProvider.getModel('gpt-4o-mini');
    expect(model.constructor.name).toBe('OpenAIChatCompletionsModel');
    expect(await spent('oa-chat')).toBeGreaterThan(0);
  });

  it('no provider key from the environment is sent, and the runner traces nothing to OpenAI', async () => {
    const agent = await tg.agents.register({ agentId: 'oa-env', budget: { limitMicros: 1e6 } });
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-from-the-environment';
    try {
      const { openAIClient, runner } = useTollgate(agent);
      expect(openAIClient.apiKey).not.toBe('sk-from-the-environment');
      expect(runner.config.tracingDisabled).toBe(true);
      expect(
        useTollgate(agent, { runConfig: { tracingDisabled: false } }).runner.config,
      ).toMatchObject({
        tracingDisabled: false,
      });
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });

  it('a suspended agent: agent_suspended reachable', async () => {
    const agent = await tg.agents.register({ agentId: 'oa-susp', budget: { limitMicros: 1e6 } });
    await tg.agents.suspend('oa-susp');
    const refused = await useTollgate(agent, { client: { maxRetries: 0 } })
      .runner.run(assistant(), 'Hi')
      .catch((error: unknown) => error);
    expect(isAgentSuspended(refused)).toBe(true);
  });

  it('setTollgateDefault(agent): the opt-in global default signs as that agent', async () => {
    const agent = await tg.agents.register({ agentId: 'oa-global', budget: { limitMicros: 1e6 } });
    setTracingDisabled(true); // the default runner's traces would go to OpenAI
    setTollgateDefault(agent);
    const result = await run(assistant(), 'Global');
    expect(result.finalOutput).toBe('Echo: Global');
    expect(await spent('oa-global')).toBeGreaterThan(0);
  });
});
