// A support agent written with LangChain.js and LangGraph.js on Tollgate: LangChain's own chat
// models routed through the control plane's proxy and signed per request, a streamed turn
// charged to the agent's budget, the service catalog as tools whose results start with a
// STATUS: line (executed, blocked), a payment held for approval as a LangGraph interrupt that
// resumes once an operator approves, and the budget running out as LangChain's own error with
// `budget_exceeded` reachable.
import { HumanMessage } from '@langchain/core/messages';
import { MemorySaver } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { startDevServer } from '@tollgate/dev-server';
// The dev server's built-in fake provider only echoes; this example needs a model that calls
// tools: a stand-in on loopback (a user line `call <tool> <json>` becomes that tool call), to
// which the dev server forwards as its upstream, as it would to api.openai.com.
import { startScriptedModel } from '@tollgate/dev-server/testing';
import { isBudgetExceeded, statusOf, TollgateToolkit } from '@tollgate/langchain';
import { chatAnthropic } from '@tollgate/langchain/anthropic';
import { approvalsOf, withTollgate } from '@tollgate/langchain/langgraph';
import { chatOpenAI } from '@tollgate/langchain/openai';
import { Tollgate } from '@tollgate/sdk';

const model = await startScriptedModel();
const control = await startDevServer({ port: 0, log: () => {}, upstream: { openai: model.url } });
const tg = new Tollgate({
  baseUrl: control.url,
  apiKey: control.adminApiKey,
  caPublicKey: control.caPublicJwk,
  logLevel: 'off',
});
try {
  // 1. The agent, and a streamed Anthropic turn charged to its budget.
  const agent = await tg.agents.register({
    agentId: 'support',
    budget: { limitMicros: 1_000_000 },
  });
  const claude = chatAnthropic(agent, { model: 'claude-3-5-haiku-latest', maxTokens: 32 });
  let streamed = '';
  for await (const chunk of await claude.stream('Stream a greeting')) streamed += chunk.content;
  const spent = (await tg.agents.getBudget('support')).spent_micros;
  assert(streamed && spent > 0, `a streamed ChatAnthropic turn, charged ${spent} µ$`);

  // 2. A LangGraph agent on ChatOpenAI with the service catalog as tools, run as the agent.
  const tools = await new TollgateToolkit(agent).tools();
  const graph = createReactAgent({
    llm: chatOpenAI(agent, { model: 'gpt-4o-mini' }),
    tools,
    checkpointer: new MemorySaver(),
  });
  const run = withTollgate(graph, agent);
  const ask = (thread, content) =>
    run.invoke({ messages: [new HumanMessage(content)] }, { configurable: { thread_id: thread } });
  const statuses = (result) =>
    result.messages.filter((m) => m.getType() === 'tool').map((m) => statusOf(String(m.content)));

  const first = await ask(
    'ticket-1',
    'call email_send {"to":"ann@example.com"}\ncall data_delete {"dataset":"users"}',
  );
  assert(
    statuses(first).join(',') === 'executed,blocked',
    'tools answer STATUS: executed (email sent) and STATUS: blocked (deletion denied)',
  );

  // 3. A payment held for approval: a LangGraph interrupt; an operator approves; resumed.
  const config = { configurable: { thread_id: 'ticket-2' } };
  const held = await ask('ticket-2', 'call payments_charge {"amount":25}');
  const [approval] = approvalsOf(held);
  await tg.approvals.approve(approval.approvalId);
  const resumed = await run.resume(config);
  assert(
    statuses(resumed).join(',') === 'executed',
    `held as an interrupt for ${approval.approvalId}, approved, resumed: STATUS: executed`,
  );

  // 4. The budget runs out: LangChain's error, budget_exceeded reachable.
  const { spent_micros } = await tg.agents.getBudget('support');
  await tg.agents.setBudget('support', { limit_micros: spent_micros + 1 });
  const refused = await chatOpenAI(agent, { model: 'gpt-4o-mini', maxRetries: 0 })
    .invoke('more')
    .catch((e) => e);
  assert(isBudgetExceeded(refused), `the budget ran out: ${refused.name} with budget_exceeded`);
} finally {
  await control.close();
  await model.close();
}

function assert(condition, what) {
  if (!condition) throw new Error(what);
  console.log(`✓ ${what}`);
}
