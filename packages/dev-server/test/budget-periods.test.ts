/**
 * Budget periods and rate limits over HTTP, on the dev server's own clock (moved by the test):
 * a period boundary crossed restores the budget; a call over the agent's requests or tokens
 * per minute gets 429 rate_limited with Retry-After until the next minute.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { costMicros } from '../src/index';
import { harness, manualClock } from './helpers';

// 23:50 on 7 March 2026 in New York; the next day has 23 hours (clocks go forward at 2:00).
const clock = manualClock(Date.parse('2026-03-08T04:50:00Z'));
const h = await harness({ clock, timers: clock.timers, certificateTtlSeconds: 7 * 86_400 });
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

const model = 'gpt-4o-mini';
const chat = { model, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] };
const worstCase = costMicros(model, Buffer.byteLength(JSON.stringify(chat)), 50);
const budgetOf = async (agentId: string) =>
  (await h.expectOk('getAgentBudget', { path: { agent_id: agentId } })).body;

describe('budget periods', () => {
  it('restores a daily budget at local midnight, on the server clock (New York, DST day)', async () => {
    const budget = {
      // The fake's answer to `hello` costs 3: after one call the worst case no longer fits.
      limit_micros: worstCase + costMicros(model, 2, 3) - 1,
      period: 'daily' as const,
      time_zone: 'America/New_York',
    };
    const a = await h.agent('daily-ny', budget);
    expect(a.registration.agent.budget).toMatchObject({
      period: 'daily',
      time_zone: 'America/New_York',
      period_start: '2026-03-07T05:00:00.000Z',
      period_end: '2026-03-08T05:00:00.000Z',
    });
    await h.expectOk('createChatCompletion', { agent: a.signer, token: null, body: chat });
    await h.expectProblem(
      'createChatCompletion',
      { agent: a.signer, token: null, body: chat },
      402,
      'budget_exceeded',
    );
    clock.advance(10 * 60_000); // 00:00 on 8 March in New York
    const restored = await budgetOf('daily-ny');
    expect(restored).toMatchObject({
      spent_micros: 0,
      remaining_micros: budget.limit_micros,
      period_start: '2026-03-08T05:00:00.000Z',
      period_end: '2026-03-09T04:00:00.000Z',
    });
    await h.expectOk('createChatCompletion', { agent: a.signer, token: null, body: chat });
  });

  it('sets a period on an existing budget, and refuses a time zone Intl does not know', async () => {
    await h.expectOk('createAgent', {
      body: { id: 'periodic', name: 'p', budget: { limit_micros: 5 } },
    });
    const set = await h.expectOk('setAgentBudget', {
      path: { agent_id: 'periodic' },
      body: { limit_micros: 5, period: 'monthly', time_zone: 'Europe/Paris' },
    });
    expect(set.body).toMatchObject({ period: 'monthly', period_start: '2026-02-28T23:00:00.000Z' });
    const bad = await h.expectProblem(
      'setAgentBudget',
      { path: { agent_id: 'periodic' }, body: { limit_micros: 5, time_zone: 'Mars/Olympus' } },
      422,
      'validation_failed',
    );
    expect(bad.body.errors).toEqual([
      { path: 'body.time_zone', message: 'Mars/Olympus is not an IANA time zone' },
    ]);
  });
});

describe('rate limits', () => {
  it('answers 429 rate_limited with Retry-After past requests per minute, until the next minute', async () => {
    const a = await h.agent('rpm-2');
    await h.expectOk('updateAgent', {
      path: { agent_id: 'rpm-2' },
      body: { rate_limits: { requests_per_minute: 2 } },
    });
    clock.advance(60_000 - (clock() % 60_000)); // the start of a minute
    for (let i = 0; i < 2; i++)
      await h.expectOk('createChatCompletion', { agent: a.signer, token: null, body: chat });
    clock.advance(15_000);
    const limited = await h.expectProblem(
      'createChatCompletion',
      { agent: a.signer, token: null, body: chat },
      429,
      'rate_limited',
    );
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(limited.body).toMatchObject({ retry_after: 45, error: { type: 'rate_limit_error' } });
    clock.advance(45_000);
    await h.expectOk('createChatCompletion', { agent: a.signer, token: null, body: chat });
  });

  it('counts tokens per minute at the worst case, then what the call really used', async () => {
    const a = await h.agent('tpm');
    const worstTokens = Buffer.byteLength(JSON.stringify(chat)) + 50;
    await h.expectOk('updateAgent', {
      path: { agent_id: 'tpm' },
      body: { rate_limits: { tokens_per_minute: worstTokens * 2 - 1 } },
    });
    clock.advance(60_000 - (clock() % 60_000));
    // The first call used far less than its worst case: a second one fits beside it.
    const first = await h.expectOk('createChatCompletion', {
      agent: a.signer,
      token: null,
      body: chat,
    });
    expect(first.body.usage.total_tokens).toBeLessThan(worstTokens - 1);
    await h.expectOk('createChatCompletion', { agent: a.signer, token: null, body: chat });
    const big = { ...chat, max_tokens: worstTokens * 2 };
    await h.expectProblem(
      'createChatCompletion',
      { agent: a.signer, token: null, body: big },
      429,
      'rate_limited',
    );
    const agent = await h.expectOk('getAgent', { path: { agent_id: 'tpm' } });
    expect(agent.body.rate_limits).toEqual({
      requests_per_minute: null,
      tokens_per_minute: worstTokens * 2 - 1,
    });
  });
});
