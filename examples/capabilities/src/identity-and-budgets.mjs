// RunVault's capability: an agent identity with a budget; every LLM call signed and charged;
// a revoked certificate renewed transparently; a suspended agent refused for good.
import { AgentSuspendedError } from '@tollgate/sdk';
import OpenAI from 'openai';
import { assert, withDevServer } from './with-dev-server.mjs';

await withDevServer(async ({ tg }) => {
  const agent = await tg.agents.register({
    agentId: 'identity-demo',
    budget: { limitMicros: 1_000_000, alertThresholdPct: 80 },
  });
  const openai = agent.openai(OpenAI);
  const reply = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'ping' }],
  });
  assert(
    reply.choices[0].message.content === 'Echo: ping',
    'a signed LLM call went through the proxy',
  );
  const before = agent.certificate;
  await tg.agents.revokeCredentials('identity-demo', { reason: 'rotation' });
  await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'after revoke' }],
  });
  assert(
    agent.certificate !== before,
    'the revoked certificate was renewed once and the call retried',
  );
  await tg.agents.suspend('identity-demo', { reason: 'demo' });
  const refused = await openai.chat.completions
    .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
    .catch((e) => e);
  assert(
    refused instanceof AgentSuspendedError,
    'a suspended agent gets AgentSuspendedError, never a retry',
  );
});
