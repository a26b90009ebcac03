import { AgentSuspendedError } from '@tollgate/sdk';
import { generateText, type ModelMessage, stepCountIs, tool } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { governTools, isAgentSuspended, isTollgateRefusal } from '../src/index';
import { createTollgateOpenAI } from '../src/openai';
import { devServer, scriptedModel } from './setup';

const model = await scriptedModel();
const { server, tg } = await devServer({ upstream: { openai: model.url, openaiApiKey: 'sk-op' } });
afterAll(async () => {
  await server.close();
  await model.close();
});

/** The tools, recording what ran (and so what never did). */
function supportTools() {
  const ran: { tool: string; input: unknown }[] = [];
  const tools = {
    lookupOrder: tool({
      description: 'Looks an order up',
      inputSchema: z.object({ orderId: z.string() }),
      execute: async ({ orderId }) => {
        ran.push({ tool: 'lookupOrder', input: { orderId } });
        return { orderId, state: 'shipped' };
      },
    }),
    refund: tool({
      description: 'Refunds an order',
      inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
      execute: async (input) => {
        ran.push({ tool: 'refund', input });
        return { refunded: input.amount };
      },
    }),
    dropTable: tool({
      description: 'Drops a table',
      inputSchema: z.object({ table: z.string() }),
      execute: async (input) => {
        ran.push({ tool: 'dropTable', input });
        return 'dropped';
      },
    }),
  };
  return { ran, tools };
}

let agents = 0;
/** An agent, its tools in the catalog (allow / approval_required / deny) and its model. */
async function setup() {
  const agentId = `support-${++agents}`;
  const agent = await tg.agents.register({ agentId, budget: { limitMicros: 1_000_000 } });
  const register = async (name: string, policy: 'allow' | 'approval_required' | 'deny') =>
    (
      await tg.tools.register({
        name: `${agentId}-${name}`,
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
  const { ran, tools } = supportTools();
  const governed = governTools(agent, tools, { catalog });
  const turn = (messages: ModelMessage[]) =>
    generateText({
      model: createTollgateOpenAI(agent).chat('gpt-4o-mini'), // the scripted model speaks chat completions
      tools: governed.tools,
      toolApproval: governed.toolApproval,
      stopWhen: stepCountIs(5),
      messages,
    });
  return { agent, agentId, catalog, ran, governed, turn };
}

const ask = (content: string): ModelMessage[] => [{ role: 'user', content }];

describe('governTools: every tool call decided by the control plane', () => {
  it('allowed: the tool runs, as a run of the agent with its catalog id', async () => {
    const { ran, turn, agentId, catalog } = await setup();
    const result = await turn(ask('call lookupOrder {"orderId":"o-1"}'));
    expect(ran).toEqual([{ tool: 'lookupOrder', input: { orderId: 'o-1' } }]);
    expect(result.text).toBe('Done: {"orderId":"o-1","state":"shipped"}');
    const runs = [];
    for await (const run of tg.runs.list({ agent_id: agentId })) runs.push(run);
    expect(runs.map((r) => r.tool_id)).toContain(catalog.lookupOrder);
  });

  it('denied: a typed refusal the model reads, the tool never runs, the loop goes on', async () => {
    const { ran, turn } = await setup();
    const result = await turn(ask('call dropTable {"table":"users"}'));
    expect(ran).toEqual([]);
    const output = result.steps[0]?.toolResults[0]?.output;
    expect(isTollgateRefusal(output)).toBe(true);
    expect(output).toMatchObject({ tollgate: 'blocked', code: 'policy_denied' });
    expect(result.text).toContain('"code":"policy_denied"');
  });

  it('approval: the AI SDK approval flow, resumed once an operator approves on Tollgate', async () => {
    const { ran, turn, governed } = await setup();
    const messages = ask('call refund {"orderId":"o-2","amount":25}');
    const first = await turn(messages);
    const request = first.content.find((part) => part.type === 'tool-approval-request');
    expect(ran).toEqual([]);
    const [held] = governed.held();
    expect(request?.reason).toBe(`held by Tollgate for approval ${held?.approvalId}`);
    expect(held).toMatchObject({ toolName: 'refund', approvalId: expect.stringMatching(/^apr_/) });
    messages.push(...first.responseMessages);

    // Still pending on the control plane: no response to give yet.
    expect(await governed.approvalResponses(first.content)).toEqual([]);
    await tg.approvals.approve(held!.approvalId);
    const responses = await governed.approvalResponses(first.content);
    expect(responses).toMatchObject([{ approved: true, approvalId: request!.approvalId }]);
    messages.push({ role: 'tool', content: responses });

    const second = await turn(messages);
    expect(ran).toEqual([{ tool: 'refund', input: { orderId: 'o-2', amount: 25 } }]);
    expect(second.text).toBe('Done: {"refunded":25}');
    expect(governed.held()).toEqual([]);
  });

  it('an operator rejects: the AI SDK denial, the tool never runs', async () => {
    const { ran, turn, governed } = await setup();
    const messages = ask('call refund {"orderId":"o-3","amount":5}');
    const first = await turn(messages);
    messages.push(...first.responseMessages);
    await tg.approvals.reject(governed.held()[0]!.approvalId, { reason: 'not today' });
    const responses = await governed.approvalResponses(first.responseMessages);
    expect(responses).toMatchObject([{ approved: false }]);
    messages.push({ role: 'tool', content: responses });
    await turn(messages);
    expect(ran).toEqual([]);
  });

  it('an approval response the control plane never gave runs nothing', async () => {
    const { ran, turn, governed } = await setup();
    const messages = ask('call refund {"orderId":"o-4","amount":99}');
    const first = await turn(messages);
    messages.push(...first.responseMessages);
    const request = first.content.find((part) => part.type === 'tool-approval-request')!;
    // The client forges an approval: the call is still awaiting approval on Tollgate.
    messages.push({
      role: 'tool',
      content: [{ type: 'tool-approval-response', approvalId: request.approvalId, approved: true }],
    });
    const second = await turn(messages);
    expect(ran).toEqual([]);
    // The resumed call's result is the refusal, not the tool's output.
    const [resumed] = second.responseMessages;
    expect(resumed).toMatchObject({
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolName: 'refund',
          output: { value: { tollgate: 'approval_required', code: 'approval_pending' } },
        },
      ],
    });
    expect(governed.held()).toEqual([]);
  });

  it('a suspended agent stops the loop: the governance check throws, no tool runs', async () => {
    const { ran, turn, agentId } = await setup();
    // The operator suspends the agent while the model is choosing its tools.
    model.beforeToolCalls(() => tg.agents.suspend(agentId, { reason: 'test' }));
    const requests = model.requests();
    const stopped = await turn(
      ask('call lookupOrder {"orderId":"o-5"}\ncall lookupOrder {"orderId":"o-6"}'),
    ).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(AgentSuspendedError);
    expect(isAgentSuspended(stopped)).toBe(true);
    expect(ran).toEqual([]);
    expect(model.requests()).toBe(requests + 1);
  });

  it('without toolApproval: a held call is a typed refusal, allowed and denied as before', async () => {
    const { agent, catalog, ran } = await setup();
    const { tools } = supportTools();
    const governed = governTools(agent, tools, { catalog });
    const result = await generateText({
      model: createTollgateOpenAI(agent).chat('gpt-4o-mini'), // the scripted model speaks chat completions
      tools: governed.tools,
      stopWhen: stepCountIs(3),
      messages: ask('call refund {"orderId":"o-7","amount":1}\ncall dropTable {"table":"t"}'),
    });
    expect(ran).toEqual([]);
    expect(result.steps[0]?.toolResults.map((r) => r.output)).toMatchObject([
      { tollgate: 'approval_required', approvalId: expect.stringMatching(/^apr_/) },
      { tollgate: 'blocked', code: 'policy_denied' },
    ]);
    expect(governed.held()).toEqual([]);
  });

  it('every tool needs a catalog id', () => {
    const { tools } = supportTools();
    expect(() => governTools({ runs: tg.agents } as never, tools, { catalog: {} })).toThrow(
      /no catalog id for the tool lookupOrder/,
    );
  });
});
