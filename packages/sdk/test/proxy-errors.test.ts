import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { BudgetExceededError, RateLimitError } from '../src/index';
import { devServer } from './setup-server';

const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());

const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };

/** The official clients, bare, over the agent's signing fetch. */
async function clients(agentId: string, limitMicros: number) {
  const agent = await tg.agents.register({ agentId, budget: { limitMicros } });
  const common = { apiKey: 'unused', fetch: agent.fetch, maxRetries: 0 };
  return {
    agent,
    openai: new OpenAI({ ...common, baseURL: agent.proxyUrl('openai') }),
    anthropic: new Anthropic({ ...common, baseURL: agent.proxyUrl('anthropic') }),
  };
}

describe('proxy errors reach the official clients typed', () => {
  it('openai-node: 402 budget_exceeded and 403 agent_suspended with code, type and request id', async () => {
    const { openai } = await clients('oai-errors', 1);
    const refused = await openai.chat.completions.create(ask).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    const e = refused as InstanceType<typeof OpenAI.APIError>;
    expect(e).toMatchObject({ status: 402, code: 'budget_exceeded', type: 'insufficient_quota' });
    expect(e.message).toContain('cannot cover this call');
    expect(e.requestID).toMatch(/^req_/);
    await tg.agents.setBudget('oai-errors', { limit_micros: 1_000_000 });
    await tg.agents.suspend('oai-errors', { reason: 'test' });
    const suspended = await openai.chat.completions.create(ask).catch((e: unknown) => e);
    expect(suspended).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(suspended).toMatchObject({ status: 403, code: 'agent_suspended' });
  });

  it('@anthropic-ai/sdk: billing_error with the code and the request id', async () => {
    const { anthropic } = await clients('ant-errors', 1);
    const refused = await anthropic.messages
      .create({ model: 'claude-3-5-haiku-latest', max_tokens: 8, messages: ask.messages })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Anthropic.APIError);
    const e = refused as InstanceType<typeof Anthropic.APIError>;
    expect(e.status).toBe(402);
    expect(e.error).toMatchObject({ error: { type: 'billing_error', code: 'budget_exceeded' } });
    expect(e.requestID).toMatch(/^req_/);
  });

  it('200 concurrent calls: never a micro over the budget, every refusal a BudgetExceededError', async () => {
    const agent = await tg.agents.register({ agentId: 'burst', budget: { limitMicros: 250 } });
    const openai = await agent.openai<OpenAI>({ maxRetries: 0 });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () =>
        openai.chat.completions.create({ ...ask, max_tokens: 16 }).then(
          () => 'ok' as const,
          (e: unknown) => e,
        ),
      ),
    );
    const refused = outcomes.filter((o) => o !== 'ok');
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e).toBeInstanceOf(BudgetExceededError);
      expect(e).toMatchObject({ status: 402, code: 'budget_exceeded' });
    }
    const budget = await tg.agents.getBudget('burst');
    expect(budget.spent_micros).toBeLessThanOrEqual(250);
    expect(budget.spent_micros + (budget.remaining_micros ?? 0)).toBe(250);
  });

  it('429 rate_limited surfaces as a RateLimitError with retryAfter once retries are spent', async () => {
    const agent = await tg.agents.register({
      agentId: 'hasty',
      budget: { limitMicros: 1_000_000 },
    });
    await tg.agents.update('hasty', { rate_limits: { requests_per_minute: 1 } });
    const openai = await agent.openai<OpenAI>({ maxRetries: 0 });
    await openai.chat.completions.create(ask);
    const limited = await openai.chat.completions.create(ask).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited' });
    const seconds = (limited as RateLimitError).retryAfter;
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect((await tg.agents.get('hasty')).rate_limits).toMatchObject({ requests_per_minute: 1 });
  });

  it('draws on a budget group: tg.budgetGroups and agents.update(id, { budget_group_id })', async () => {
    const group = await tg.budgetGroups.create({ name: 'team', limit_micros: 5, period: 'daily' });
    expect(group).toMatchObject({ period: 'daily', time_zone: 'UTC', remaining_micros: 5 });
    const agent = await tg.agents.register({
      agentId: 'member',
      budget: { limitMicros: 1_000_000 },
    });
    await tg.agents.update('member', { budget_group_id: group.id });
    const openai = await agent.openai<OpenAI>({ maxRetries: 0 });
    const refused = await openai.chat.completions.create(ask).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect((refused as BudgetExceededError).message).toContain(`group ${group.id}`);
    await tg.budgetGroups.update(group.id, { limit_micros: 1_000_000 });
    await openai.chat.completions.create(ask);
    const after = await tg.budgetGroups.get(group.id);
    expect(after.spent_micros).toBeGreaterThan(0);
    const ids: string[] = [];
    for await (const g of tg.budgetGroups.list()) ids.push(g.id);
    expect(ids).toContain(group.id);
  });
});
