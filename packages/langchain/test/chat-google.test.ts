/**
 * `chatGoogle`: LangChain's ChatGoogle through the control plane's Gemini API proxy (contract
 * 2.20), every request signed by the agent through `agent.fetch`, against the dev server over
 * loopback: its fake provider, and a scripted Gemini upstream for tool calls.
 */
import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  type ToolMessage,
} from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { costMicros } from '@tollgate/dev-server';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatGoogle } from '../src/google';
import { isAgentSuspended, isBudgetExceeded, tollgateErrorOf } from '../src/index';
import type { ProxyAgent } from '../src/routing';
import { startScriptedGemini } from './scripted-gemini';
import { devServer } from './setup';

const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
const gemini = await startScriptedGemini();
const forwarding = await devServer({ upstream: { google: gemini.url, googleApiKey: 'g-op' } });
afterAll(async () => {
  await server.close();
  await forwarding.server.close();
  await gemini.close();
});

const model = 'gemini-2.5-flash';
const spent = async (agentId: string) => (await tg.agents.getBudget(agentId)).spent_micros;
const register = (agentId: string, limitMicros = 1_000_000) =>
  tg.agents.register({ agentId, budget: { limitMicros } });

/** The agent, recording the URL and headers of every request it signs. */
function recording(agent: ProxyAgent) {
  const sent: { url: string; headers: Headers }[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    sent.push({ url: request.url, headers: new Headers(request.headers) });
    return agent.fetch(input, init);
  };
  return { sent, agent: { proxyUrl: agent.proxyUrl.bind(agent), fetch } };
}

describe('chatGoogle: ChatGoogle through the Gemini proxy, signed by the agent', () => {
  it('a chat turn through generateContent, charged from usageMetadata', async () => {
    const agent = await register('lc-g-turn');
    const { sent, agent: signing } = recording(agent);
    const answer = await chatGoogle(signing, { model, maxRetries: 0 }).invoke([
      new HumanMessage('Hi Gemini'),
    ]);
    expect(answer.text).toBe('Echo: Hi Gemini');
    const { input_tokens = 0, output_tokens = 0 } = answer.usage_metadata ?? {};
    expect(output_tokens).toBeGreaterThan(0);
    expect(sent.map((s) => s.url)).toEqual([
      `${server.url}/v1/proxy/google/v1beta/models/${model}:generateContent`,
    ]);
    expect(await spent('lc-g-turn')).toBe(costMicros(model, input_tokens, output_tokens));
  });

  it('a streamed turn through streamGenerateContent, charged exactly what the usage says', async () => {
    const agent = await register('lc-g-stream');
    const { sent, agent: signing } = recording(agent);
    let text = '';
    let input = 0;
    let output = 0;
    for await (const chunk of await chatGoogle(signing, { model, maxRetries: 0 }).stream(
      'Stream me a reply',
    )) {
      text += chunk.text;
      input += chunk.usage_metadata?.input_tokens ?? 0;
      output += chunk.usage_metadata?.output_tokens ?? 0;
    }
    expect(text).toBe('Echo: Stream me a reply');
    expect(output).toBeGreaterThan(0);
    expect(sent.map((s) => s.url)).toEqual([
      `${server.url}/v1/proxy/google/v1beta/models/${model}:streamGenerateContent?alt=sse`,
    ]);
    expect(await spent('lc-g-stream')).toBe(costMicros(model, input, output));
  });

  it('a budget running out mid-conversation: budget_exceeded reachable from the error', async () => {
    const limit = 120;
    const agent = await register('lc-g-budget', limit);
    const chat = chatGoogle(agent, { model, maxRetries: 0, maxOutputTokens: 16 });
    const messages: BaseMessage[] = [];
    let refused: unknown;
    for (let turn = 0; turn < 20 && !refused; turn++) {
      messages.push(new HumanMessage(`turn ${turn}`));
      try {
        messages.push(new AIMessage((await chat.invoke(messages)).text));
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
    expect(await spent('lc-g-budget')).toBeLessThanOrEqual(limit);
  });

  it('a suspended agent: agent_suspended reachable, the turn not made', async () => {
    const agent = await register('lc-g-suspended');
    await tg.agents.suspend('lc-g-suspended', { reason: 'test' });
    const refused = await chatGoogle(agent, { model, maxRetries: 0 })
      .invoke('Hi')
      .catch((error: unknown) => error);
    expect(isAgentSuspended(refused)).toBe(true);
    expect(tollgateErrorOf(refused)).toMatchObject({ name: 'AgentSuspendedError', status: 403 });
    expect(await spent('lc-g-suspended')).toBe(0);
  });

  it('never sends a Google key from the environment to the control plane', async () => {
    const agent = await register('lc-g-keys');
    const { sent, agent: signing } = recording(agent);
    process.env.GOOGLE_API_KEY = 'g-from-the-environment';
    try {
      await chatGoogle(signing, { model, maxRetries: 0 }).invoke('a');
    } finally {
      delete process.env.GOOGLE_API_KEY;
    }
    expect(sent).toHaveLength(1);
    expect([...sent[0]!.headers.values()].join(' ')).not.toContain('from-the-environment');
    expect(sent[0]?.headers.get('x-goog-api-key')).toBe('tollgate-proxy');
  });

  it('bindTools: a function call and its response through the proxy, each turn charged', async () => {
    const agent = await forwarding.tg.agents.register({
      agentId: 'lc-g-tools',
      budget: { limitMicros: 1_000_000 },
    });
    const lookup = tool(async ({ orderId }) => JSON.stringify({ orderId, state: 'shipped' }), {
      name: 'lookup_order',
      description: 'Looks an order up',
      schema: z.object({ orderId: z.string() }),
    });
    // No output cap of its own: the proxy adds one, and the tool declarations still reach
    // the provider beside it.
    const chat = chatGoogle(agent, { model, maxRetries: 0 }).bindTools([lookup]);
    const messages: BaseMessage[] = [new HumanMessage('call lookup_order {"orderId":"o-7"}')];
    const called = await chat.invoke(messages);
    expect(called.tool_calls).toMatchObject([{ name: 'lookup_order', args: { orderId: 'o-7' } }]);
    const [call] = called.tool_calls ?? [];
    messages.push(called, (await lookup.invoke(call!)) as ToolMessage);
    const done = await chat.invoke(messages);
    expect(done.text).toBe(
      'Done: [{"name":"lookup_order","response":{"result":"{\\"orderId\\":\\"o-7\\",\\"state\\":\\"shipped\\"}"}}]',
    );
    expect(gemini.requests.map((r) => r.path)).toEqual([
      `/v1beta/models/${model}:generateContent`,
      `/v1beta/models/${model}:generateContent`,
    ]);
    expect(gemini.requests[0]?.body.tools?.[0]?.functionDeclarations?.[0]?.name).toBe(
      'lookup_order',
    );
    const budget = await forwarding.tg.agents.getBudget('lc-g-tools');
    expect(budget.spent_micros).toBe(2 * costMicros(model, 20, 10));
  });
});
