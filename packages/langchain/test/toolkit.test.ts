import { HumanMessage, type ToolMessage } from '@langchain/core/messages';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { AgentSuspendedError } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { isAgentSuspended, statusOf, TollgateToolkit } from '../src/index';
import { chatOpenAI } from '../src/openai';
import { devServer, scriptedModel } from './setup';

const model = await scriptedModel();
const { server, tg } = await devServer({ upstream: { openai: model.url, openaiApiKey: 'sk-op' } });
afterAll(async () => {
  await server.close();
  await model.close();
});

let agents = 0;
/** An agent, its toolkit's tools and a ReAct loop (LangGraph's prebuilt) on the scripted model. */
async function setup(limitMicros = 1_000_000) {
  const agentId = `lc-tools-${++agents}`;
  const agent = await tg.agents.register({ agentId, budget: { limitMicros } });
  const tools = await new TollgateToolkit(agent).tools();
  const loop = createReactAgent({ llm: chatOpenAI(agent, { model: 'gpt-4o-mini' }), tools });
  const turn = async (content: string) => {
    const { messages } = await loop.invoke({ messages: [new HumanMessage(content)] });
    const results = messages.filter((m): m is ToolMessage => m.getType() === 'tool');
    return { answer: String(messages.at(-1)?.content), results };
  };
  return { agent, agentId, tools, turn };
}

describe('TollgateToolkit: the service catalog as governed LangChain tools', () => {
  it('one structured tool per service operation, its schema the operation input schema', async () => {
    const { tools, agent } = await setup();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'data_delete',
      'email_send',
      'payments_charge',
      'research_report',
    ]);
    const send = tools.find((t) => t.name === 'email_send');
    expect(send?.schema).toMatchObject({ type: 'object', required: ['to'] });
    expect(send?.description).toContain('email.send');
    const some = await new TollgateToolkit(agent, { include: ['email.send'] }).tools();
    expect(some.map((t) => t.name)).toEqual(['email_send']);
  });

  it('allowed: STATUS: executed, the control plane executed and charged it', async () => {
    const { turn, agentId } = await setup();
    const before = (await tg.agents.getBudget(agentId)).spent_micros;
    const { results, answer } = await turn('call email_send {"to":"ann@example.com"}');
    expect(results).toHaveLength(1);
    const text = String(results[0]?.content);
    expect(statusOf(text)).toBe('executed');
    expect(text).toMatch(/^STATUS: executed\nrequest_id: srq_\w+\n\{.*"service":"email"/);
    expect(results[0]?.artifact).toMatchObject({ status: 'executed', tool: 'email_send' });
    expect(answer).toBe(`Done: ${text}`);
    // The email's price (1000) on top of the model calls.
    expect((await tg.agents.getBudget(agentId)).spent_micros - before).toBeGreaterThanOrEqual(1000);
  });

  it('denied: STATUS: blocked with policy_denied, the loop goes on to an answer', async () => {
    const { turn } = await setup();
    const { results, answer } = await turn('call data_delete {"dataset":"users"}');
    expect(String(results[0]?.content)).toMatch(
      /^STATUS: blocked\nrequest_id: srq_\w+\ncode: policy_denied\nmessage: /,
    );
    expect(answer).toContain('STATUS: blocked');
  });

  it('held outside a graph run: STATUS: approval_required with the approval to give', async () => {
    const { turn } = await setup();
    const { results } = await turn('call payments_charge {"amount":25}');
    const text = String(results[0]?.content);
    expect(statusOf(text)).toBe('approval_required');
    expect(text).toMatch(/\napproval_id: apr_\w+\n/);
  });

  it('the budget cannot cover the operation: STATUS: blocked with budget_exceeded', async () => {
    const { agent } = await setup(500);
    const [send] = await new TollgateToolkit(agent, { include: ['email.send'] }).tools();
    const text = await send?.invoke({ to: 'ann@example.com' });
    expect(String(text)).toMatch(/^STATUS: blocked\n.*\ncode: budget_exceeded/);
  });

  it('slow operations: STATUS: running with the request to look at later', async () => {
    const { agent } = await setup();
    const [report] = await new TollgateToolkit(agent, { include: ['research.report'] }).tools();
    expect(statusOf(String(await report?.invoke({ topic: 'x' })))).toBe('running');
  });

  it('a suspended agent stops the loop: agent_suspended thrown, no further model call answered', async () => {
    const { turn, agentId } = await setup();
    model.beforeToolCalls(() => tg.agents.suspend(agentId, { reason: 'test' }));
    const answered = model.requests();
    const refused = await turn('call email_send {"to":"ann@example.com"}').catch((e: unknown) => e);
    expect(isAgentSuspended(refused)).toBe(true);
    // The tool's call was refused (LangGraph's ToolNode turns it into an error message), and
    // the next model call, signed by the same agent, never reached the model: the loop ended.
    expect(model.requests() - answered).toBe(1);
  });

  it('a suspended agent: the tool throws AgentSuspendedError, never a STATUS result', async () => {
    const { agent, agentId } = await setup();
    const [send] = await new TollgateToolkit(agent, { include: ['email.send'] }).tools();
    await tg.agents.suspend(agentId, { reason: 'test' });
    const thrown = await send?.invoke({ to: 'ann@example.com' }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AgentSuspendedError);
  });
});
