import { HumanMessage, type ToolMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { Annotation, MemorySaver, StateGraph } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { Tollgate } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogTool, type Policy } from '../../sdk/test/catalog-tool';
import { governTools, OutcomeNotReportedError, statusOf } from '../src/index';
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
/** An agent, its own tools (recording what ran) in the catalog, governed: allow, approval, deny. */
async function setup() {
  const agentId = `lc-own-${++agents}`;
  const agent = await tg.agents.register({ agentId, budget: { limitMicros: 1_000_000 } });
  const register = (name: string, policy: Policy) => catalogTool(tg, agentId, name, policy);
  const catalog = {
    lookup_order: await register('lookup-order', 'allow'),
    refund: await register('refund', 'approval_required'),
    drop_table: await register('drop-table', 'deny'),
  };
  const ran: { tool: string; input: unknown }[] = [];
  const own = [
    tool(
      async ({ orderId }) => {
        ran.push({ tool: 'lookup_order', input: { orderId } });
        return JSON.stringify({ orderId, state: 'shipped' });
      },
      {
        name: 'lookup_order',
        description: 'Looks an order up',
        schema: z.object({ orderId: z.string() }),
      },
    ),
    tool(
      async (input) => {
        ran.push({ tool: 'refund', input });
        return `refunded ${input.amount}`;
      },
      {
        name: 'refund',
        description: 'Refunds an order',
        schema: z.object({ orderId: z.string(), amount: z.number() }),
      },
    ),
    tool(
      async (input) => {
        ran.push({ tool: 'drop_table', input });
        return 'dropped';
      },
      { name: 'drop_table', description: 'Drops a table', schema: z.object({ table: z.string() }) },
    ),
  ];
  // Found by their catalog names (`agent.tools.find`).
  const names = Object.fromEntries(
    Object.keys(catalog).map((name) => [name, `${agentId}-${name.replace('_', '-')}`]),
  );
  const tools = governTools(agent, own, { catalog: names });
  const loop = createReactAgent({
    llm: chatOpenAI(agent, { model: 'gpt-4o-mini' }),
    tools,
    checkpointer: new MemorySaver(),
  });
  const runsOf = async () => {
    const runs = [];
    for await (const run of tg.runs.list({ agent_id: agentId })) runs.push(run);
    return runs;
  };
  return { agent, catalog, ran, tools, loop, runsOf };
}

const toolTexts = (messages: { getType(): string; content: unknown }[]) =>
  messages.filter((m) => m.getType() === 'tool').map((m) => String((m as ToolMessage).content));
const ask = (content: string) => ({ messages: [new HumanMessage(content)] });

describe('governTools: the agent’s own LangChain tools, each call decided by the control plane', () => {
  it('allowed: the tool runs once, STATUS: executed, its run ends succeeded with the output', async () => {
    const { ran, loop, catalog, runsOf } = await setup();
    const config = { configurable: { thread_id: 'own-1' } };
    const { messages } = await loop.invoke(ask('call lookup_order {"orderId":"o-1"}'), config);
    expect(ran).toEqual([{ tool: 'lookup_order', input: { orderId: 'o-1' } }]);
    const [text] = toolTexts(messages);
    expect(statusOf(String(text))).toBe('executed');
    expect(text).toContain('{"orderId":"o-1","state":"shipped"}');
    expect(String(messages.at(-1)?.content)).toBe(`Done: ${text}`);
    expect((await runsOf()).find((r) => r.tool_id === catalog.lookup_order)).toMatchObject({
      executor: 'agent',
      action: 'lookup_order',
      status: 'succeeded',
      output: { value: '{"orderId":"o-1","state":"shipped"}' },
    });
  });

  it('a throwing tool: STATUS: failed, its run ends failed; a tool not in the catalog: unknown_tool', async () => {
    const { agent } = await setup();
    const entry = await tg.tools.register({
      name: `${agent.agentId}-flaky`,
      description: 'flaky',
      base_url: 'http://127.0.0.1/support',
      auth_type: 'none',
      policy: 'allow',
    });
    const schema = z.object({ n: z.number() });
    const fail = async () => {
      throw new Error('upstream down');
    };
    const [flaky, stray] = governTools(
      agent,
      [
        tool(fail, { name: 'flaky', description: 'fails', schema }),
        tool(fail, { name: 'stray', description: 'not in the catalog', schema }),
      ],
      { catalog: { flaky: entry.id } },
    );
    const failed = String(await flaky?.invoke({ n: 1 }));
    expect(statusOf(failed)).toBe('failed');
    expect(failed).toContain('message: upstream down');
    const runs = [];
    for await (const run of tg.runs.list({ agent_id: agent.agentId })) runs.push(run);
    expect(runs.find((r) => r.tool_id === entry.id)).toMatchObject({
      status: 'failed',
      error: 'upstream down',
    });
    const unknown = String(await stray?.invoke({ n: 1 }));
    expect(statusOf(unknown)).toBe('error');
    expect(unknown).toContain('code: unknown_tool');
  });

  it('denied: STATUS: blocked policy_denied the model reads, the tool never runs', async () => {
    const { ran, loop } = await setup();
    const config = { configurable: { thread_id: 'own-2' } };
    const { messages } = await loop.invoke(ask('call drop_table {"table":"users"}'), config);
    expect(ran).toEqual([]);
    const [text] = toolTexts(messages);
    expect(statusOf(String(text))).toBe('blocked');
    expect(text).toContain('code: policy_denied');
  });

  it('requires approval outside a graph run by withTollgate: STATUS: approval_required, not run', async () => {
    const { ran, loop } = await setup();
    const config = { configurable: { thread_id: 'own-3' } };
    const { messages } = await loop.invoke(ask('call refund {"orderId":"o-3","amount":5}'), config);
    expect(ran).toEqual([]);
    const [text] = toolTexts(messages);
    expect(statusOf(String(text))).toBe('approval_required');
    expect(text).toMatch(/approval_id: apr_/);
  });

  it('requires approval in withTollgate: an interrupt; approved → resumed, claimed and run once', async () => {
    const { agent, ran, loop, catalog, runsOf } = await setup();
    const run = withTollgate(loop, agent);
    const config = { configurable: { thread_id: 'own-4' } };
    const first = await run.invoke(ask('call refund {"orderId":"o-4","amount":25}'), config);
    const [held] = approvalsOf(first);
    expect(held).toMatchObject({
      tollgate: 'approval_required',
      tool: 'refund',
      approvalId: expect.stringMatching(/^apr_/),
      runId: expect.stringMatching(/^run_/),
    });
    expect(ran).toEqual([]);

    // Resumed before an operator decided: the node re-runs, the same check replayed, and the
    // graph interrupts again on the same approval.
    expect(approvalsOf(await run.resume(config))).toEqual([held]);
    expect(ran).toEqual([]);

    await tg.approvals.approve(held!.approvalId);
    const done = await run.resume(config);
    expect(approvalsOf(done)).toEqual([]);
    expect(ran).toEqual([{ tool: 'refund', input: { orderId: 'o-4', amount: 25 } }]);
    const [text] = toolTexts(done.messages);
    expect(statusOf(String(text))).toBe('executed');
    expect(text).toContain('refunded 25');
    expect(await tg.approvals.get(held!.approvalId)).toMatchObject({ status: 'approved' });
    const runs = (await runsOf()).filter((r) => r.tool_id === catalog.refund);
    expect(runs).toMatchObject([{ id: held?.runId, status: 'succeeded' }]);
  });

  it('a node re-run after its call ran claims again: approval_claimed, the tool not run twice', async () => {
    const { agent, ran, tools } = await setup();
    const refund = tools.find((t) => t.name === 'refund');
    const texts: string[] = [];
    const State = Annotation.Root({ done: Annotation<boolean> });
    // One node, two held calls: the second call's interrupt re-runs the node from its start.
    const graph = new StateGraph(State)
      .addNode('pay', async (_state, config: RunnableConfig) => {
        texts.push(String(await refund?.invoke({ orderId: 'a', amount: 1 }, config)));
        texts.push(String(await refund?.invoke({ orderId: 'b', amount: 2 }, config)));
        return { done: true };
      })
      .addEdge('__start__', 'pay')
      .compile({ checkpointer: new MemorySaver() });
    const run = withTollgate(graph, agent);
    const config = { configurable: { thread_id: 'own-5' } };
    const [first] = approvalsOf(await run.invoke({ done: false }, config));
    await tg.approvals.approve(first!.approvalId);

    const [second] = approvalsOf(await run.resume(config));
    expect(second?.approvalId).not.toBe(first?.approvalId);
    expect(ran).toEqual([{ tool: 'refund', input: { orderId: 'a', amount: 1 } }]);
    expect(statusOf(texts.at(-1) ?? '')).toBe('executed');

    // The node re-runs again (the second call still pending): the first call's claim is refused.
    expect(approvalsOf(await run.resume(config))).toEqual([second]);
    expect(ran).toHaveLength(1);
    expect(statusOf(texts.at(-1) ?? '')).toBe('error');
    expect(texts.at(-1)).toContain('code: approval_claimed');
  });

  it('an allowed call in a node re-run after a later interrupt is not run again: its recorded outcome', async () => {
    const { agent, ran, tools } = await setup();
    const [lookup, refund] = tools;
    const texts: string[] = [];
    const State = Annotation.Root({ done: Annotation<boolean> });
    const graph = new StateGraph(State)
      .addNode('work', async (_state, config: RunnableConfig) => {
        texts.push(String(await lookup?.invoke({ orderId: 'o-6' }, config)));
        texts.push(String(await refund?.invoke({ orderId: 'o-6', amount: 3 }, config)));
        return { done: true };
      })
      .addEdge('__start__', 'work')
      .compile({ checkpointer: new MemorySaver() });
    const run = withTollgate(graph, agent);
    const config = { configurable: { thread_id: 'own-6' } };
    const [held] = approvalsOf(await run.invoke({ done: false }, config));
    await tg.approvals.approve(held!.approvalId);
    await run.resume(config);
    expect(ran.map((r) => r.tool)).toEqual(['lookup_order', 'refund']);
    // The re-run's lookup reads what the first pass recorded on the control plane.
    expect(texts.map((t) => statusOf(t))).toEqual(['executed', 'executed', 'executed']);
    expect(texts[1]).toBe(texts[0]);
  });

  it('an outcome the control plane never takes (503 on every report): OutcomeNotReportedError', async () => {
    const { agent: first, catalog } = await setup();
    const fetch = (request: Request) =>
      request.url.endsWith('/outcome')
        ? Promise.resolve(new Response(null, { status: 503 }))
        : globalThis.fetch(request);
    const backoff = { initialDelay: 0, maxDelay: 0 };
    const client = new Tollgate({ ...server.admin, fetch, backoff });
    const agent = await client.agents.register({ agentId: `${first.agentId}-r` });
    const lookup = tool(async () => 'found', {
      name: 'lookup_order',
      description: 'Looks an order up',
      schema: z.object({ orderId: z.string() }),
    });
    const [governed] = governTools(agent, [lookup], {
      catalog: { lookup_order: catalog.lookup_order },
    });
    const thrown = await governed!.invoke({ orderId: 'o-7' }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(OutcomeNotReportedError);
    const { runId } = thrown as OutcomeNotReportedError;
    expect((await tg.runs.get(runId)).status).toBe('running');
  });
});
