import { afterAll, describe, expect, it } from 'vitest';
import { costMicros } from '../src/index';
import { harness } from './helpers';

const h = await harness();
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

const prompt = 'Summarise the quarterly report please';
// max_tokens keeps the reservation (every request byte a token, plus the output cap) small.
const chat = {
  model: 'gpt-4o-mini',
  max_tokens: 16,
  messages: [{ role: 'user', content: prompt }],
};

describe('the LLM proxy and budgets', () => {
  it('answers deterministically and charges the price table’s cost', async () => {
    const a = await h.agent('pricer');
    const r = await h.expectOk('createChatCompletion', {
      agent: a.signer,
      token: null,
      body: chat,
    });
    expect(r.body.choices[0].message.content).toBe(`Echo: ${prompt}`);
    const { prompt_tokens, completion_tokens } = r.body.usage;
    expect(prompt_tokens).toBe(Math.ceil(prompt.length / 4));
    const cost = costMicros('gpt-4o-mini', prompt_tokens, completion_tokens);
    expect(r.headers.get('x-tollgate-cost-micros')).toBe(String(cost));
    // No budget applies (unlimited): nothing is said about what is left.
    expect(r.headers.has('x-tollgate-budget-remaining-micros')).toBe(false);
    const budget = await h.expectOk('getAgentBudget', { path: { agent_id: 'pricer' } });
    expect(budget.body).toMatchObject({
      spent_micros: cost,
      limit_micros: null,
      remaining_micros: null,
    });
  });

  it('says in X-Tollgate-Budget-Remaining-Micros what the budget has left after the charge, in every format', async () => {
    const a = await h.agent('remaining', { limit_micros: 1_000_000 });
    const asked = { agent: a.signer, token: null } as const;
    const messages = [{ role: 'user' as const, content: prompt }];
    const answers = [
      await h.expectOk('createChatCompletion', { ...asked, body: chat }),
      await h.expectOk('createMessage', {
        ...asked,
        body: { model: 'claude-3-5-haiku-latest', max_tokens: 16, messages },
      }),
      await h.expectOk('createResponse', {
        ...asked,
        body: { model: 'gpt-4o-mini', input: prompt, max_output_tokens: 16 },
      }),
      await h.expectOk('generateContent', {
        ...asked,
        path: { model: 'gemini-2.5-flash' },
        body: {
          contents: [{ role: 'user', parts: [{ text: prompt }] }],
          generationConfig: { maxOutputTokens: 16 },
        },
      }),
      // The built-in provider charges before it answers, so its stream says it too.
      await h.call('createChatCompletion', { ...asked, body: { ...chat, stream: true } }),
    ];
    let spent = 0;
    for (const r of answers) {
      spent += Number(r.headers.get('x-tollgate-cost-micros'));
      expect(r.headers.get('x-tollgate-budget-remaining-micros')).toBe(String(1_000_000 - spent));
    }
    const budget = await h.expectOk('getAgentBudget', { path: { agent_id: 'remaining' } });
    expect(budget.body.remaining_micros).toBe(1_000_000 - spent);
    expect(spent).toBeGreaterThan(0);
  });

  it('records the alert crossing once, then answers 402 budget_exceeded before calling', async () => {
    const a = await h.agent('spender', { limit_micros: 60, alert_threshold_pct: 50 });
    let spent = 0;
    let last = 200;
    for (let i = 0; i < 50 && last === 200; i++) {
      const r = await h.call('createChatCompletion', { agent: a.signer, token: null, body: chat });
      last = r.status;
      if (r.status === 200) spent += Number(r.headers.get('x-tollgate-cost-micros'));
      else expect(r.body.code).toBe('budget_exceeded');
    }
    expect(last).toBe(402);
    const budget = await h.expectOk('getAgentBudget', { path: { agent_id: 'spender' } });
    expect(budget.body.spent_micros).toBe(spent);
    expect(budget.body.alerts).toEqual([
      expect.objectContaining({ threshold_pct: 50, spent_micros: expect.any(Number) }),
    ]);
    // The alert is in the audit log and in the registered run's events.
    const audit = await h.expectOk('listAuditLog', {
      query: { agent_id: 'spender', action: 'budget.alert' },
    });
    expect(audit.body.total).toBe(1);
    const usage = await h.expectOk('getUsage', { query: { agent_id: 'spender' } });
    expect(usage.body.total_cost_micros).toBe(spent);
    expect(usage.body.by_model).toEqual([
      expect.objectContaining({ provider: 'openai', model: 'gpt-4o-mini', cost_micros: spent }),
    ]);
    const check = await h.expectOk('checkAgentBudget', {
      agent: a.signer,
      token: null,
      path: { agent_id: 'spender' },
      body: { estimated_cost_micros: 60 - spent + 1 },
    });
    expect(check.body).toEqual({
      allowed: false,
      remaining_micros: 60 - spent,
      reason: 'budget_exceeded',
    });
    // A raised limit lets calls through again.
    await h.expectOk('setAgentBudget', {
      path: { agent_id: 'spender' },
      body: { limit_micros: 1_000_000 },
    });
    await h.expectOk('createChatCompletion', { agent: a.signer, token: null, body: chat });
  });

  it('appends llm.called and budget.alert to the run the certificate names', async () => {
    const a = await h.agent('in-run', { limit_micros: 100, alert_threshold_pct: 1 });
    const run = await h.expectOk('getRun', { path: { run_id: a.registration.run_id } });
    expect(run.body).toMatchObject({
      agent_id: 'in-run',
      status: 'running',
      action: 'agent.session',
    });
    await h.expectOk('createChatCompletion', { agent: a.signer, token: null, body: chat });
    const events = await h.expectOk('listRunEvents', { path: { run_id: a.registration.run_id } });
    const types = events.body.data.map((e: { type: string }) => e.type);
    expect(types).toEqual([
      'run.created',
      'run.decision',
      'run.started',
      'budget.alert',
      'llm.called',
    ]);
    const balance = await h.expectOk('getBalance');
    expect(balance.body.agents_over_threshold).toBeGreaterThanOrEqual(1);
  });

  it('streams OpenAI chunks (usage when asked) and Anthropic events', async () => {
    const a = await h.agent('streamer');
    const r = await h.call('createChatCompletion', {
      agent: a.signer,
      token: null,
      body: { ...chat, stream: true, stream_options: { include_usage: true } },
    });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const chunks = r.body
      .split('\n\n')
      .filter((l: string) => l.startsWith('data: {'))
      .map((l: string) => JSON.parse(l.slice(6)));
    expect(
      chunks
        .map(
          (c: { choices: { delta: { content?: string } }[] }) => c.choices[0]?.delta.content ?? '',
        )
        .join(''),
    ).toBe(`Echo: ${prompt}`);
    expect(chunks.at(-1).usage.completion_tokens).toBeGreaterThan(0);
    expect(r.body.trim().endsWith('data: [DONE]')).toBe(true);
    const m = await h.call('createMessage', {
      agent: a.signer,
      token: null,
      body: {
        model: 'claude-3-5-haiku-latest',
        max_tokens: 50,
        stream: true,
        system: [{ type: 'text', text: 'be brief' }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      },
    });
    const types = [...m.body.matchAll(/^event: (\w+)$/gm)].map((x: RegExpMatchArray) => x[1]);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(m.body).toContain('"text":"Echo: hi"'.slice(0, 14));
    const plain = await h.expectOk('createMessage', {
      agent: a.signer,
      token: null,
      body: {
        model: 'claude-3-5-haiku-latest',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'hi' }],
      },
    });
    expect(plain.body.content[0].text).toBe('Echo: hi');
    expect(plain.body.usage.output_tokens).toBeGreaterThan(0);
  });

  it('needs an agent identity: operators may not spend through the proxy', async () => {
    await h.expectProblem('createChatCompletion', { body: chat }, 401, 'unauthorized');
  });

  it('validates the request and names the field', async () => {
    const a = await h.agent('sloppy');
    const r = await h.expectProblem(
      'createChatCompletion',
      { agent: a.signer, token: null, body: { messages: [] } },
      422,
      'validation_failed',
    );
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain('body.model');
  });
});

describe('usage', () => {
  it('sums by agent and by model over a window', async () => {
    const usage = await h.expectOk('getUsage');
    const byAgent = usage.body.by_agent.reduce(
      (s: number, a: { cost_micros: number }) => s + a.cost_micros,
      0,
    );
    expect(byAgent).toBe(usage.body.total_cost_micros);
    const future = await h.expectOk('getUsage', {
      query: { from: '2999-01-01T00:00:00Z', to: '2999-01-02T00:00:00Z' },
    });
    expect(future.body.request_count).toBe(0);
  });
});
