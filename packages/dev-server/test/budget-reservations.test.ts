import { afterAll, describe, expect, it } from 'vitest';
import { costMicros } from '../src/index';
import { condition, harness } from './helpers';
import { followRun } from './run-events';
import { stubProvider } from './stub-provider';

const provider = await stubProvider();
const h = await harness({
  upstream: { openai: provider.openai, anthropic: provider.anthropic },
  defaultMaxOutputTokens: 100,
});
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
  await provider.close();
});

const model = 'gpt-4o-mini';
const chat = { model, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] };
/** The reservation the proxy makes: every request byte a token of input, plus the cap. */
const worstCase = (body: object, cap: number) =>
  costMicros(model, Buffer.byteLength(JSON.stringify(body)), cap);
const budgetOf = async (agentId: string) =>
  (await h.expectOk('getAgentBudget', { path: { agent_id: agentId } })).body;
/** The agent's run, followed: its `llm.called` events say which calls the server has settled. */
const runOf = (agent: { registration: { run_id: string } }) =>
  followRun(
    h.urlOf('streamRunEvents', { path: { run_id: agent.registration.run_id } }),
    h.server.adminApiKey,
  );

describe('budget reservations against a real upstream', () => {
  it('admits only what the budget can reserve: 200 concurrent calls on a budget for 10', async () => {
    const limit = 10 * worstCase(chat, 50);
    const a = await h.agent('fleet-10', { limit_micros: limit });
    const held = provider.hold(); // no answer settles until every call has been decided
    const sentBefore = provider.received.length;
    let refusedCount = 0;
    let allRefused = () => {};
    const refusedAll = new Promise<void>((r) => {
      allRefused = r;
    });
    const calls = Array.from({ length: 200 }, () =>
      h.call('createChatCompletion', { agent: a.signer, token: null, body: chat }).then((r) => {
        if (r.status === 402 && ++refusedCount === 190) allRefused();
        return r;
      }),
    );
    // Every refusal comes back while the admitted calls are still waiting upstream.
    await refusedAll;
    await provider.receivedCount(sentBefore + 10);
    held.open();
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(402);
      expect(r.body.code).toBe('budget_exceeded');
    }
    const budget = await budgetOf('fleet-10');
    expect(budget.spent_micros).toBeLessThanOrEqual(limit);
    expect(budget.spent_micros + budget.remaining_micros).toBe(limit);
    const charged = results
      .filter((r) => r.status === 200)
      .reduce((s, r) => s + Number(r.headers.get('x-tollgate-cost-micros')), 0);
    expect(charged).toBe(budget.spent_micros);
  });

  it('admits 10 of 200 concurrent calls from two agents sharing a group budget for 10', async () => {
    const limit = 10 * worstCase(chat, 50);
    await h.expectOk('createBudgetGroup', {
      body: { id: 'pair', name: 'pair', limit_micros: limit },
    });
    const members = [
      await h.agent('pair-a'),
      await h.agent('pair-b', { limit_micros: 100 * limit }),
    ];
    for (const id of ['pair-a', 'pair-b'])
      await h.expectOk('updateAgent', {
        path: { agent_id: id },
        body: { budget_group_id: 'pair' },
      });
    const held = provider.hold();
    const sentBefore = provider.received.length;
    let refused = 0;
    const sent = () => provider.received.length - sentBefore;
    // Every call is decided (refused, or waiting upstream) before any answer settles.
    const decided = condition(() => refused + sent() === 200);
    const stopObserving = provider.observe(decided.recheck);
    const calls = Array.from({ length: 200 }, (_, i) =>
      h
        .call('createChatCompletion', { agent: members[i % 2]!.signer, token: null, body: chat })
        .then((r) => {
          if (r.status === 402) refused++;
          decided.recheck();
          return r;
        }),
    );
    await decided.met;
    stopObserving();
    expect(sent()).toBe(10);
    held.open();
    const results = await Promise.all(calls);
    const admitted = results.filter((r) => r.status === 200);
    expect(admitted).toHaveLength(10);
    for (const r of results.filter((r) => r.status !== 200))
      expect(r.body).toMatchObject({ status: 402, code: 'budget_exceeded' });
    const charged = admitted.reduce(
      (s, r) => s + Number(r.headers.get('x-tollgate-cost-micros')),
      0,
    );
    const group = (await h.expectOk('getBudgetGroup', { path: { group_id: 'pair' } })).body;
    expect(group.spent_micros).toBe(charged);
    expect(group.spent_micros + group.remaining_micros).toBe(limit); // nothing over, nothing held
    const own = await Promise.all(['pair-a', 'pair-b'].map(budgetOf));
    expect(own[0]!.spent_micros + own[1]!.spent_micros).toBe(charged);
  });

  it('asks the upstream for no more than it reserved, and for usage in a stream', async () => {
    const a = await h.agent('capped');
    const body = { model, messages: [{ role: 'user', content: 'no cap given' }] };
    await h.expectOk('createChatCompletion', { agent: a.signer, token: null, body });
    expect(provider.received.at(-1)).toMatchObject({ max_completion_tokens: 100 });
    expect(provider.received.at(-1)).not.toHaveProperty('stream_options');
  });

  it('cuts a stream that outgrows its reservation off cleanly, in the provider’s format', async () => {
    provider.setMode('endless');
    const a = await h.agent('cutoff', { limit_micros: 1_000_000 });
    const run = runOf(a);
    const droppedBefore = provider.dropped();
    const body = { ...chat, stream: true };
    const r = await h.call('createChatCompletion', { agent: a.signer, token: null, body });
    const events = (r.body as string).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(events.at(-2)!.slice(6)).choices[0].finish_reason).toBe('length');
    // The usage chunk the proxy asked for on the agent's behalf is not passed on.
    expect(provider.received.at(-1)).toMatchObject({ stream_options: { include_usage: true } });
    expect(events.some((e) => e.includes('"usage"'))).toBe(false);
    // The proxy stops the upstream call and settles the reservation once the agent has its answer.
    await provider.droppedCount(droppedBefore + 1);
    await run.count('llm.called', 1);
    await run.close();
    const budget = await budgetOf('cutoff');
    expect(budget.spent_micros).toBe(worstCase(body, 50));
    expect(budget.remaining_micros).toBe(1_000_000 - budget.spent_micros);
  });

  it('ends a cut-off Anthropic stream with message_delta max_tokens and message_stop', async () => {
    provider.setMode('endless');
    const a = await h.agent('cutoff-anthropic', { limit_micros: 1_000_000 });
    const run = runOf(a);
    const body = {
      model: 'claude-3-5-haiku-latest',
      max_tokens: 40,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    };
    const r = await h.call('createMessage', { agent: a.signer, token: null, body });
    const events = (r.body as string).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toMatch(/^event: message_stop\n/);
    expect(events.at(-2)).toContain('"stop_reason":"max_tokens"');
    await run.count('llm.called', 1);
    await run.close();
    const spent = (await budgetOf('cutoff-anthropic')).spent_micros;
    expect(spent).toBeGreaterThan(0);
    const reserved = costMicros(body.model, Buffer.byteLength(JSON.stringify(body)), 40);
    expect(spent).toBeLessThanOrEqual(reserved);
  });

  it('releases the reservations of 50 streams the agents abandon mid-answer', async () => {
    provider.setMode('first-chunk-then-wait');
    const limit = 1_000_000;
    const a = await h.agent('quitter', { limit_micros: limit });
    const run = runOf(a);
    const droppedBefore = provider.dropped();
    const body = { ...chat, stream: true };
    const url = h.urlOf('createChatCompletion');
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const text = JSON.stringify(body);
        const headers = await a.signer.headers({ method: 'POST', url, body: text });
        const abort = new AbortController();
        const response = await fetch(url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: text,
          signal: abort.signal,
        });
        expect(response.status).toBe(200);
        const reader = response.body!.getReader();
        await reader.read(); // the first piece of the answer
        abort.abort();
        await reader.read().catch(() => undefined);
      }),
    );
    // Every upstream call is stopped and every reservation settled: nothing stays held.
    await provider.droppedCount(droppedBefore + 50);
    await run.count('llm.called', 50);
    await run.close();
    expect(provider.dropped() - droppedBefore).toBe(50);
    const budget = await budgetOf('quitter');
    expect(budget.spent_micros + budget.remaining_micros).toBe(limit);
    // What was generated before the hang-up is charged; far less than 50 worst cases.
    expect(budget.spent_micros).toBeGreaterThan(0);
    expect(budget.spent_micros).toBeLessThan(50 * worstCase(body, 50));
  });
});
