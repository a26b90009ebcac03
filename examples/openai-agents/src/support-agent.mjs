// A support agent written with the OpenAI Agents SDK on Tollgate: the agent's own model
// provider and Runner (`useTollgate`), routed through the control plane's proxy and signed per
// request, and function tools whose every call the control plane decides (`governTool`): an
// allowed lookup runs, a denied `drop-table` answers `STATUS: blocked` the model reads, a
// refund is held for approval as the SDK's own interruption and runs once an operator approves
// on Tollgate; then the budget runs out with `budget_exceeded` reachable.
import { Agent, tool } from '@openai/agents';
import { startDevServer } from '@tollgate/dev-server';
// The dev server's built-in fake provider only echoes; this example needs a model that calls
// tools: a stand-in on loopback (a user line `call <tool> <json>` becomes that tool call), to
// which the dev server forwards as its upstream, as it would to api.openai.com.
import { startScriptedModel } from '@tollgate/dev-server/testing';
import {
  governTool,
  heldCalls,
  isBudgetExceeded,
  settleApprovals,
  useTollgate,
} from '@tollgate/openai-agents';
import { statusOf, Tollgate } from '@tollgate/sdk';
import { z } from 'zod';

const model = await startScriptedModel();
const control = await startDevServer({ port: 0, log: () => {}, upstream: { openai: model.url } });
const tg = new Tollgate({
  baseUrl: control.url,
  apiKey: control.adminApiKey,
  caPublicKey: control.caPublicJwk,
  logLevel: 'off',
});
try {
  // 1. The agent, and its own Runner: every model call through the proxy, signed by it.
  const agent = await tg.agents.register({
    agentId: 'support-agent',
    budget: { limitMicros: 1_000_000 },
  });
  // `useResponses: false`: the stand-in model speaks chat completions (the default is the
  // Responses API, `/v1/proxy/openai/v1/responses`).
  const { runner } = useTollgate(agent, { useResponses: false });
  const hello = await runner.run(new Agent({ name: 'hello', model: 'gpt-4o-mini' }), 'Hello');
  const spent = (await tg.agents.getBudget('support-agent')).spent_micros;
  assert(hello.finalOutput === 'Echo: Hello' && spent > 0, `a turn, charged ${spent} µ$`);

  // 2. The tools, registered by an operator with a policy each, governed for the agent. The
  // Agents SDK gives the model `lookup_order` for `lookup-order`; the catalog lookup matches.
  for (const [name, policy] of [
    ['lookup-order', 'allow'],
    ['refund', 'approval_required'],
    ['drop-table', 'deny'],
  ])
    await tg.tools.register({
      name,
      description: name,
      base_url: 'http://127.0.0.1/support',
      auth_type: 'none',
      policy,
    });
  const tools = [
    tool({
      name: 'lookup-order',
      description: 'Looks an order up',
      parameters: z.object({ orderId: z.string() }),
      execute: async ({ orderId }) => ({ orderId, state: 'shipped' }),
    }),
    tool({
      name: 'refund',
      description: 'Refunds an order',
      parameters: z.object({ orderId: z.string(), amount: z.number() }),
      execute: async ({ orderId, amount }) => ({ orderId, refunded: amount }),
    }),
    tool({
      name: 'drop-table',
      description: 'Drops a table',
      parameters: z.object({ table: z.string() }),
      execute: async () => 'dropped',
    }),
  ].map((t) => governTool(agent, t));
  const support = new Agent({ name: 'support', model: 'gpt-4o-mini', tools });

  const first = await runner.run(
    support,
    'call lookup_order {"orderId":"o-1"}\ncall drop_table {"table":"orders"}',
  );
  const [looked, dropped] = String(first.finalOutput)
    .replace(/^Done: /, '')
    .split(' | ');
  assert(looked === '{"orderId":"o-1","state":"shipped"}', 'an allowed tool ran');
  assert(
    statusOf(dropped) === 'blocked' && dropped.includes('code: policy_denied'),
    'a denied tool answers STATUS: blocked (policy_denied), read by the model',
  );

  // 3. A refund held for approval: the SDK's interruption; an operator approves on Tollgate.
  const held = await runner.run(support, 'call refund {"orderId":"o-1","amount":25}');
  const [call] = heldCalls(held);
  await tg.approvals.approve(call.approvalId);
  const { approved } = await settleApprovals(held);
  const resumed = await runner.run(support, held.state);
  assert(
    approved.length === 1 && resumed.finalOutput === 'Done: {"orderId":"o-1","refunded":25}',
    `held for ${call.approvalId}, approved on Tollgate, resumed and run once`,
  );

  // 4. The budget runs out: what the run throws carries budget_exceeded.
  const { spent_micros } = await tg.agents.getBudget('support-agent');
  await tg.agents.setBudget('support-agent', { limit_micros: spent_micros + 1 });
  const refused = await runner.run(support, 'more').catch((e) => e);
  assert(isBudgetExceeded(refused), `the budget ran out: ${refused.name} with budget_exceeded`);
} finally {
  await control.close();
  await model.close();
}

function assert(condition, what) {
  if (!condition) throw new Error(what);
  console.log(`✓ ${what}`);
}
