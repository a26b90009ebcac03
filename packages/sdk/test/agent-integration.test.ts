import Anthropic from '@anthropic-ai/sdk';
import { generateKeyPair } from '@tollgate/identity';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentSuspendedError, BudgetExceededError, PermissionDeniedError } from '../src/index';
import { devServer } from './setup-server';

// A small output cap keeps the LLM calls' reservations within the tests' tiny budgets.
const { server, tg } = await devServer({ defaultMaxOutputTokens: 16 });
afterAll(() => server.close());

describe('agent identity', () => {
  it('registers, verifies the certificate, and signs through agent.fetch with the official clients', async () => {
    const agent = await tg.agents.register({
      agentId: 'llm-1',
      name: 'LLM',
      budget: { limitMicros: 120 },
    });
    expect(agent.runId).toMatch(/^run_/);
    const stored = await tg.credentialStore.load('llm-1');
    expect(stored?.publicJwk).toEqual(agent.publicJwk);
    const openai = new OpenAI({
      apiKey: 'unused',
      baseURL: agent.proxyUrl('openai'),
      fetch: agent.fetch,
      maxRetries: 0,
    });
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Echo: Hello there');
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'Stream me' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Echo: Stream me');
    const anthropic = new Anthropic({
      apiKey: 'unused',
      baseURL: agent.proxyUrl('anthropic'),
      fetch: agent.fetch,
      maxRetries: 0,
    });
    const message = await anthropic.messages.create({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Echo: Hi' });
    // Through agent.openai(), Tollgate's 402 surfaces as the SDK's BudgetExceededError.
    const governed = await agent.openai<OpenAI>({ maxRetries: 0 });
    let failure: unknown;
    for (let i = 0; i < 60 && !failure; i++) {
      await governed.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'again' }] })
        .catch((e: unknown) => {
          failure = e;
        });
    }
    expect(failure).toBeInstanceOf(BudgetExceededError);
    expect(failure).toMatchObject({ status: 402, code: 'budget_exceeded' });
    await expect(agent.fetch('https://elsewhere.example.test/v1/x')).rejects.toThrow(
      /signs requests for/,
    );
  });

  it('acts as the agent: service requests and budget checks', async () => {
    const agent = await tg.agents.register({ agentId: 'acting', budget: { limitMicros: 1500 } });
    const done = await agent.serviceRequests.create({
      service: 'email',
      operation: 'send',
      payload: { to: 'a@example.com' },
    });
    expect(done.status).toBe('executed');
    expect((await agent.checkBudget(1000)).allowed).toBe(false);
  });

  it('refreshes a revoked certificate once and retries transparently; suspended is final', async () => {
    const agent = await tg.agents.register({ agentId: 'rotating' });
    const before = agent.certificate;
    await tg.agents.revokeCredentials('rotating', { reason: 'rotate' });
    const result = await agent.serviceRequests.create({
      service: 'email',
      operation: 'send',
      payload: { to: 'a@example.com' },
    });
    expect(result.status).toBe('executed');
    expect(agent.certificate).not.toBe(before);
    expect((await tg.credentialStore.load('rotating'))?.certificate).toBe(agent.certificate);
    await tg.agents.suspend('rotating');
    await expect(
      agent.serviceRequests.create({ service: 'email', operation: 'send', payload: {} }),
    ).rejects.toBeInstanceOf(AgentSuspendedError);
  });

  it('is idempotent per agent id: registering again keeps the key and gets a new run', async () => {
    const first = await tg.agents.register({ agentId: 'again' });
    const second = await tg.agents.register({ agentId: 'again' });
    expect(second.publicJwk).toEqual(first.publicJwk);
    expect(second.runId).not.toBe(first.runId);
    // The operator side re-issues a certificate for the same key, which revokes the one the
    // agent holds: its next call renews once and goes through.
    const held = second.certificate;
    const renewed = await tg.agents.refreshCredentials('again', { public_key: first.publicJwk });
    expect(renewed.certificate).not.toBe(second.certificate);
    expect(renewed.run_id).toEqual(expect.any(String));
    expect((await second.checkBudget(1)).allowed).toBe(true);
    expect(second.certificate).not.toBe(held);
  });

  it('keeps an agent on its key: another key needs the operator’s rotateKey, revocations show in certificateStatus', async () => {
    const agent = await tg.agents.register({ agentId: 'continuity' });
    expect((await tg.agents.certificateStatus(agent.serial)).status).toBe('valid');
    // A fresh key for the same agent on the API key alone: refused.
    const error = await tg.agents
      .register({ agentId: 'continuity', reuseKey: false })
      .catch((e) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.code).toBe('key_continuity_required');
    const next = await generateKeyPair();
    const rotated = await tg.agents.rotateKey('continuity', {
      public_key: next.publicJwk,
      reason: 'leak',
    });
    expect(rotated.revoked_serials).toContain(agent.serial);
    expect(await tg.agents.certificateStatus(agent.serial)).toMatchObject({
      status: 'revoked',
      agent_id: 'continuity',
    });
    expect((await tg.agents.certificateStatus('no-such-serial')).status).toBe('unknown');
  });
});
