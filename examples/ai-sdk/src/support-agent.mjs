// A support agent written with the Vercel AI SDK on Tollgate: the AI SDK's own OpenAI and
// Anthropic providers routed through the control plane's proxy and signed per request, a
// streamed turn charged to the agent's budget, its tools governed by the control plane
// (allowed, denied, held for approval and resumed after an operator approves), and the
// budget running out as the AI SDK's own error with `budget_exceeded` reachable.
import { governTools, isBudgetExceeded, isTollgateRefusal } from '@tollgate/ai-sdk';
import { createTollgateAnthropic } from '@tollgate/ai-sdk/anthropic';
import { createTollgateOpenAI } from '@tollgate/ai-sdk/openai';
import { startDevServer } from '@tollgate/dev-server';
import { Tollgate } from '@tollgate/sdk';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { startStandInModel } from './stand-in-model.mjs';

const model = await startStandInModel();
const control = await startDevServer({ port: 0, log: () => {}, upstream: { openai: model.url } });
const tg = new Tollgate({
  baseUrl: control.url,
  apiKey: control.adminApiKey,
  caPublicKey: control.caPublicJwk,
  logLevel: 'off',
});
try {
  // 1. The agent, and the AI SDK's providers made from it.
  const agent = await tg.agents.register({
    agentId: 'support-agent',
    budget: { limitMicros: 1_000_000 },
  });
  // `.chat`: the stand-in model speaks chat completions (`openai(model)` is the Responses API).
  const openai = createTollgateOpenAI(agent).chat;
  const anthropic = createTollgateAnthropic(agent);
  const hello = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Hello' });
  assert(hello.text === 'You said: Hello', 'generateText through the proxy, signed by the agent');

  // 2. A streamed turn, charged to the budget.
  const before = (await tg.agents.getBudget('support-agent')).spent_micros;
  const stream = streamText({
    model: anthropic('claude-3-5-haiku-latest'),
    prompt: 'Stream a greeting',
    maxOutputTokens: 32,
  });
  let streamed = '';
  for await (const delta of stream.textStream) streamed += delta;
  const { outputTokens } = await stream.usage;
  const after = (await tg.agents.getBudget('support-agent')).spent_micros;
  assert(streamed && outputTokens > 0 && after > before, `streamText charged ${after - before} µ$`);

  // 3. The tools, registered by an operator with a policy each, governed for the agent.
  const register = async (name, policy) =>
    (
      await tg.tools.register({
        name,
        description: name,
        base_url: 'http://127.0.0.1/support',
        auth_type: 'none',
        policy,
      })
    ).id;
  const catalog = {
    lookupOrder: await register('lookup-order', 'allow'),
    refund: await register('refund', 'approval_required'),
    dropTable: await register('drop-table', 'deny'),
  };
  const governed = governTools(
    agent,
    {
      lookupOrder: tool({
        description: 'Looks an order up',
        inputSchema: z.object({ orderId: z.string() }),
        execute: async ({ orderId }) => ({ orderId, state: 'shipped' }),
      }),
      refund: tool({
        description: 'Refunds an order',
        inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
        execute: async ({ orderId, amount }) => ({ orderId, refunded: amount }),
      }),
      dropTable: tool({
        description: 'Drops a table',
        inputSchema: z.object({ table: z.string() }),
        execute: async () => 'dropped',
      }),
    },
    { catalog },
  );
  const turn = (messages) =>
    generateText({
      model: openai('gpt-4o-mini'),
      tools: governed.tools,
      toolApproval: governed.toolApproval,
      stopWhen: stepCountIs(5),
      messages,
    });

  const messages = [
    {
      role: 'user',
      content: 'call lookupOrder {"orderId":"o-1"}\ncall dropTable {"table":"orders"}',
    },
  ];
  const first = await turn(messages);
  const [looked, dropped] = first.steps[0].toolResults.map((r) => r.output);
  assert(looked.state === 'shipped', 'an allowed tool ran');
  assert(
    isTollgateRefusal(dropped) && dropped.code === 'policy_denied',
    'a denied tool is a typed refusal the model reads',
  );

  // 4. A refund held for approval: the AI SDK's approval flow, an operator approves on Tollgate.
  messages.push(...first.responseMessages, {
    role: 'user',
    content: 'call refund {"orderId":"o-1","amount":25}',
  });
  const held = await turn(messages);
  messages.push(...held.responseMessages);
  const [call] = governed.held();
  await tg.approvals.approve(call.approvalId);
  messages.push({ role: 'tool', content: await governed.approvalResponses(held.content) });
  const resumed = await turn(messages);
  assert(
    resumed.text === 'Done: {"orderId":"o-1","refunded":25}',
    `held for ${call.approvalId}, approved, resumed`,
  );

  // 5. The budget runs out: the AI SDK's APICallError, budget_exceeded reachable.
  const { spent_micros } = await tg.agents.getBudget('support-agent');
  await tg.agents.setBudget('support-agent', { limit_micros: spent_micros + 1 });
  const refused = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: 'more',
    maxRetries: 0,
  }).catch((e) => e);
  assert(isBudgetExceeded(refused), `the budget ran out: ${refused.name} with budget_exceeded`);
} finally {
  await control.close();
  await model.close();
}

function assert(condition, what) {
  if (!condition) throw new Error(what);
  console.log(`✓ ${what}`);
}
