import { type BaseMessage, HumanMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import { Annotation, MemorySaver, MessagesAnnotation, StateGraph } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { afterAll, describe, expect, it } from 'vitest';
import { statusOf, TollgateToolkit, tollgateContextOf } from '../src/index';
import { approvalsOf, withTollgate } from '../src/langgraph';
import { chatOpenAI } from '../src/openai';
import { devServer, scriptedModel } from './setup';

const model = await scriptedModel();
const { server, tg } = await devServer({ upstream: { openai: model.url, openaiApiKey: 'sk-op' } });
afterAll(async () => {
  await server.close();
  await model.close();
});

let agents = 0;
async function setup() {
  const agentId = `lc-graph-${++agents}`;
  const agent = await tg.agents.register({ agentId, budget: { limitMicros: 1_000_000 } });
  const tools = await new TollgateToolkit(agent).tools();
  const graph = createReactAgent({
    llm: chatOpenAI(agent, { model: 'gpt-4o-mini' }),
    tools,
    checkpointer: new MemorySaver(),
  });
  return { agent, agentId, run: withTollgate(graph, agent) };
}

const pendingApprovals = async (agentId: string) => {
  const ids: string[] = [];
  for await (const a of tg.approvals.list({ agent_id: agentId })) ids.push(a.id);
  return ids;
};
const toolTexts = (messages: BaseMessage[]) =>
  messages.filter((m) => m.getType() === 'tool').map((m) => String(m.content));

describe('withTollgate: a LangGraph graph run as the agent, approvals as interrupts', () => {
  it('approval_required → interrupt; resumed before approval → interrupts again; approved → executed once', async () => {
    const { agentId, run } = await setup();
    const config = { configurable: { thread_id: 'refund-1' } };
    const first = await run.invoke(
      { messages: [new HumanMessage('call payments_charge {"amount":25}')] },
      config,
    );
    const [held] = approvalsOf(first);
    expect(held).toMatchObject({
      tollgate: 'approval_required',
      tool: 'payments_charge',
      approvalId: expect.stringMatching(/^apr_/),
      requestId: expect.stringMatching(/^srq_/),
    });
    const spentBefore = (await tg.agents.getBudget(agentId)).spent_micros;

    // Resumed while the operator has not decided: the node re-runs, the request is the first
    // one replayed (no second request, no second approval), and the graph interrupts again.
    const again = await run.resume(config);
    expect(approvalsOf(again)).toEqual([held]);
    expect(await pendingApprovals(agentId)).toEqual([held?.approvalId]);

    await tg.approvals.approve(held!.approvalId);
    const done = await run.resume(config);
    expect(approvalsOf(done)).toEqual([]);
    const [text] = toolTexts(done.messages);
    expect(statusOf(String(text))).toBe('executed');
    expect(text).toContain(`request_id: ${held?.requestId}`);
    expect(String(done.messages.at(-1)?.content)).toBe(`Done: ${text}`);
    // Charged once: the charge's price (5000) and the one model call after the resume.
    const charged = (await tg.agents.getBudget(agentId)).spent_micros - spentBefore;
    expect(charged).toBeGreaterThanOrEqual(5000);
    expect(charged).toBeLessThan(10_000);
    expect(await pendingApprovals(agentId)).toEqual([held?.approvalId]);
  });

  it('rejected: the resumed node reads STATUS: blocked and the loop answers', async () => {
    const { run } = await setup();
    const config = { configurable: { thread_id: 'refund-2' } };
    const first = await run.invoke(
      { messages: [new HumanMessage('call payments_charge {"amount":99}')] },
      config,
    );
    const [held] = approvalsOf(first);
    await tg.approvals.reject(held!.approvalId, { reason: 'too much' });
    const done = await run.resume(config);
    expect(statusOf(String(toolTexts(done.messages)[0]))).toBe('blocked');
  });

  it('every node sees the run context (invoke and stream): the agent in configurable.tollgate and in metadata', async () => {
    const { agent } = await setup();
    const seen: unknown[] = [];
    const State = Annotation.Root({ ...MessagesAnnotation.spec });
    const graph = new StateGraph(State)
      .addNode('look', (_state, config: RunnableConfig) => {
        seen.push(tollgateContextOf(config)?.agent, config.metadata?.tollgate_agent_id);
        return {};
      })
      .addEdge('__start__', 'look')
      .compile();
    const run = withTollgate(graph, agent);
    await run.invoke({ messages: [] });
    for await (const _ of await run.stream({ messages: [] })) void _;
    const context = [{ agentId: agent.agentId, runId: agent.runId }, agent.agentId];
    expect(seen).toEqual([...context, ...context]);
    // Outside withTollgate there is no Tollgate context (held calls give STATUS lines).
    expect(tollgateContextOf({ configurable: {} })).toBeUndefined();
  });
});
