// Upivia's capability: governed service requests (executed / blocked / approval_required /
// running), idempotent creates, and an HMAC-signed webhook trigger.
import { assert, withDevServer } from './with-dev-server.mjs';

await withDevServer(async ({ tg }) => {
  const agent = await tg.agents.register({
    agentId: 'assistant',
    budget: { limitMicros: 100_000 },
  });
  const sent = await agent.serviceRequests.create(
    { service: 'email', operation: 'send', payload: { to: 'client@example.com' } },
    { idempotencyKey: 'email-1' },
  );
  const again = await agent.serviceRequests.create(
    { service: 'email', operation: 'send', payload: { to: 'client@example.com' } },
    { idempotencyKey: 'email-1' },
  );
  assert(
    sent.status === 'executed' && again.id === sent.id,
    'executed once; the same idempotency key replays it',
  );
  const blocked = await agent.serviceRequests.create({
    service: 'data',
    operation: 'delete',
    payload: {},
  });
  assert(blocked.status === 'blocked', `policy blocked data.delete (${blocked.reason_code})`);
  const held = await agent.serviceRequests.create({
    service: 'payments',
    operation: 'charge',
    payload: { amount: 10 },
  });
  assert(held.status === 'approval_required', 'a charge waits for approval');
  const report = await agent.serviceRequests.createAndWait(
    { service: 'research', operation: 'report', payload: {} },
    { pollInterval: 20 },
  );
  assert(report.status === 'executed', 'a slow request was polled until it settled');
  const trigger = await tg.triggers.create({
    agent_id: 'assistant',
    name: 'alert',
    service: 'email',
    operation: 'send',
    payload_template: { to: 'ops@example.com', subject: '{{message}}' },
  });
  const fired = await tg.triggers.fire(
    trigger.trigger.id,
    { message: 'disk at 91%' },
    { secret: trigger.secret },
  );
  assert(fired.dispatch_status === 'dispatched', 'the signed webhook dispatched a service request');
});
