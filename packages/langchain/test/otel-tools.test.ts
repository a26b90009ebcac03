/**
 * `@tollgate/langchain/otel`'s `execute_tool` spans against the dev server over loopback, kept
 * by the OTel SDK's in-memory exporter: tools `governTools` governs (allowed, denied, held
 * outside a graph, held in a graph as a LangGraph interrupt then resumed) and the toolkit's
 * service operations, in a ReAct loop whose chat spans share the turn's trace.
 */
import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { MemorySaver } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogTool, type Policy } from '../../sdk/test/catalog-tool';
import { memoryTracing, spanText } from '../../sdk/test/otel-setup';
import { governTools, TollgateToolkit } from '../src/index';
import { approvalsOf, withTollgate } from '../src/langgraph';
import { chatOpenAI } from '../src/openai';
import { langchainTracing } from '../src/otel';
import { devServer, scriptedModel } from './setup';

const otel = memoryTracing();
const model = await scriptedModel();
const { server, tg } = await devServer({ upstream: { openai: model.url, openaiApiKey: 'sk-op' } });
afterAll(async () => {
  await server.close();
  await model.close();
});
beforeEach(() => otel.exporter.reset());

const tracing = langchainTracing({ tracer: otel.tracer });
const toolSpan = (name: string) => otel.spans().filter((s) => s.name === `execute_tool ${name}`);
const ask = (content: string) => ({ messages: [new HumanMessage(content)] });

let agents = 0;
/** An agent, its own tools in the catalog (allow, approval, deny), governed and traced. */
async function setup() {
  const agentId = `lc-otel-tools-${++agents}`;
  const agent = await tg.agents.register({ agentId, budget: { limitMicros: 1_000_000 } });
  const register = (name: string, policy: Policy) => catalogTool(tg, agentId, name, policy);
  const catalog = {
    lookup_order: await register('lookup', 'allow'),
    refund: await register('refund', 'approval_required'),
    drop_table: await register('drop', 'deny'),
  };
  const schema = z.object({ id: z.string() });
  const own = [
    tool(async () => 'shipped', { name: 'lookup_order', description: 'Looks up', schema }),
    tool(async () => 'refunded', { name: 'refund', description: 'Refunds', schema }),
    tool(async () => 'dropped', { name: 'drop_table', description: 'Drops', schema }),
  ];
  const tools = governTools(agent, own, { catalog, tracing });
  const llm = chatOpenAI(agent, { model: 'gpt-4o-mini' }, { tracing });
  const loop = createReactAgent({ llm, tools, checkpointer: new MemorySaver() });
  otel.exporter.reset();
  return { agent, tools, loop };
}

describe('execute_tool spans of governTools', () => {
  it('allowed, in a ReAct loop: tool name, call id, executed, run id; one trace with the chat spans', async () => {
    const { loop } = await setup();
    await otel.tracer.startActiveSpan('turn', async (turn) => {
      await loop.invoke(ask('call lookup_order {"id":"o-1"}'), {
        configurable: { thread_id: 't-1' },
      });
      turn.end();
    });
    const [span] = toolSpan('lookup_order');
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_order',
      'gen_ai.tool.call.id': expect.stringMatching(/^call_/),
      'gen_ai.tool.description': 'Looks up',
      'tollgate.tool_status': 'executed',
      'tollgate.run_id': expect.stringMatching(/^run_/),
    });
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
    const chats = otel.spans().filter((s) => s.name === 'chat gpt-4o-mini');
    expect(chats).toHaveLength(2);
    const traceId = otel
      .spans()
      .find((s) => s.name === 'turn')
      ?.spanContext().traceId;
    for (const s of [...chats, span]) expect(s?.spanContext().traceId).toBe(traceId);
  });

  it('denied: blocked, the span an error with policy_denied; held outside a graph: the approval id', async () => {
    const { tools } = await setup();
    const [, refund, drop] = tools;
    const call = (id: string, name: string) => ({ type: 'tool_call', id, name, args: { id: 'o' } });
    await drop?.invoke(call('c-drop', 'drop_table'));
    const held = await refund?.invoke(call('c-refund', 'refund'));
    const [dropped] = toolSpan('drop_table');
    expect(dropped?.attributes).toMatchObject({
      'gen_ai.tool.call.id': 'c-drop',
      'tollgate.tool_status': 'blocked',
      'error.type': 'policy_denied',
    });
    expect(dropped?.status.code).toBe(SpanStatusCode.ERROR);
    const [waiting] = toolSpan('refund');
    expect(waiting?.attributes).toMatchObject({
      'tollgate.tool_status': 'approval_required',
      'tollgate.approval_id': held?.artifact.approvalId,
    });
    expect(held?.artifact.approvalId).toMatch(/^apr_/);
    expect(waiting?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('held in withTollgate: the interrupt ends the span with the approval id (no error); resumed: executed', async () => {
    const { agent, loop } = await setup();
    const run = withTollgate(loop, agent);
    const config = { configurable: { thread_id: 't-held' } };
    const [held] = approvalsOf(await run.invoke(ask('call refund {"id":"o-4"}'), config));
    const [interrupted] = toolSpan('refund');
    expect(interrupted?.attributes).toMatchObject({
      'tollgate.tool_status': 'approval_required',
      'tollgate.approval_id': held?.approvalId,
      'tollgate.run_id': held?.runId,
    });
    expect(interrupted?.status.code).not.toBe(SpanStatusCode.ERROR);
    await tg.approvals.approve(held!.approvalId);
    await run.resume(config);
    expect(toolSpan('refund').at(-1)?.attributes).toMatchObject({
      'tollgate.tool_status': 'executed',
      'tollgate.approval_id': held?.approvalId,
      'tollgate.run_id': held?.runId,
    });
  });
});

describe('execute_tool spans of the toolkit', () => {
  it('executed (its service request id), blocked and held calls of catalog operations', async () => {
    const agent = await tg.agents.register({ agentId: 'lc-otel-kit' });
    const tools = await new TollgateToolkit(agent, { tracing }).tools();
    const byName = (name: string) => tools.find((t) => t.name === name)!;
    const sent = await byName('email_send').invoke({ to: 'ann@example.com' });
    await byName('data_delete').invoke({ dataset: 'users' });
    await byName('payments_charge').invoke({ amount: 25 });
    const [email] = toolSpan('email_send');
    expect(email?.attributes).toMatchObject({
      'tollgate.tool_status': 'executed',
      'tollgate.service_request_id': expect.stringMatching(/^srq_/),
    });
    expect(String(sent)).toContain(String(email?.attributes['tollgate.service_request_id']));
    expect(toolSpan('data_delete')[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(toolSpan('payments_charge')[0]?.attributes['tollgate.approval_id']).toMatch(/^apr_/);
    // Never the tool's input or output.
    const text = otel.spans().map(spanText).join('\n');
    expect(text).not.toContain('ann@example.com');
  });
});
