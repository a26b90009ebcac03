import { AgentSuspendedError } from '@tollgate/sdk';
import { generateText, type ModelMessage, stepCountIs, tool } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogTool, type Policy } from '../../sdk/test/catalog-tool';
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
  const register = (name: string, policy: Policy) => catalogTool(tg, agentId, name, policy);
  const catalog = {
    lookupOrder: await register('lookup-order', 'allow'),
    refund: await register('refund', 'approval_required'),
    dropTable: await register('drop-table', 'deny'),
  };
  // The tool set names its tools its own way: each is found by its catalog name.
  const names = {
    lookupOrder: `${agentId}-lookup-order`,
    refund: `${agentId}-refund`,
    dropTable: `${agentId}-drop-table`,
  };
  const { ran, tools } = supportTools();
  const governed = governTools(agent, tools, { catalog: names });
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
  it('allowed: the tool runs, and its run on the control plane ends with what it returned', async () => {
    const { ran, turn, agentId, catalog } = await setup();
    const result = await turn(ask('call lookupOrder {"orderId":"o-1"}'));
    expect(ran).toEqual([{ tool: 'lookupOrder', input: { orderId: 'o-1' } }]);
    expect(result.text).toBe('Done: {"orderId":"o-1","state":"shipped"}');
    const runs = [];
    for await (const run of tg.runs.list({ agent_id: agentId })) runs.push(run);
    expect(runs.find((r) => r.tool_id === catalog.lookupOrder)).toMatchObject({
      executor: 'agent',
      action: 'lookupOrder',
      status: 'succeeded',
      output: { orderId: 'o-1', state: 'shipped' },
    });
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

  it('replaying the approved history runs nothing again: the claim is refused (approval_claimed)', async () => {
    const { ran, turn, governed } = await setup();
    const messages = ask('call refund {"orderId":"o-8","amount":7}');
    const first = await turn(messages);
    messages.push(...first.responseMessages);
    await tg.approvals.approve(governed.held()[0]!.approvalId);
    messages.push({ role: 'tool', content: await governed.approvalResponses(first.content) });
    await turn(messages);
    expect(ran).toHaveLength(1);
    const replayed = await turn(messages);
    expect(ran).toHaveLength(1);
    expect(replayed.responseMessages[0]).toMatchObject({
      role: 'tool',
      content: [{ type: 'tool-result', output: { value: { code: 'approval_claimed' } } }],
    });
  });

  it('a tampered input in the history is refused by the claim (input_mismatch), and the approval is not used up', async () => {
    const { ran, turn, governed } = await setup();
    const messages = ask('call refund {"orderId":"o-9","amount":25}');
    const first = await turn(messages);
    const { approvalId } = governed.held()[0]!;
    await tg.approvals.approve(approvalId);
    const responses = await governed.approvalResponses(first.content);
    // The client raises the amount after the operator approved 25.
    const tampered = structuredClone(first.responseMessages);
    for (const message of tampered)
      if (message.role === 'assistant' && Array.isArray(message.content))
        for (const part of message.content)
          if (part.type === 'tool-call') part.input = { orderId: 'o-9', amount: 2500 };
    const refused = await turn([...messages, ...tampered, { role: 'tool', content: responses }]);
    expect(ran).toEqual([]);
    expect(refused.responseMessages[0]).toMatchObject({
      role: 'tool',
      content: [
        { type: 'tool-result', output: { value: { tollgate: 'error', code: 'input_mismatch' } } },
      ],
    });
    // Nothing was used up: the approval is unclaimed on the control plane.
    expect(await tg.approvals.get(approvalId)).toMatchObject({
      status: 'approved',
      claimed_at: null,
    });
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

  it('finds a tool by its own name (`_` for `-`); one the agent may not call is unknown_tool', async () => {
    const { agent, agentId } = await setup();
    await tg.tools.register({
      name: `${agentId}-weather`,
      base_url: 'http://127.0.0.1/support',
      auth_type: 'none',
      policy: 'allow',
    });
    await tg.tools.register({
      name: `${agentId}-vault`,
      base_url: 'http://127.0.0.1/support',
      auth_type: 'none',
      policy: 'allow',
      allowed_agents: ['someone-else'],
    });
    const ran: string[] = [];
    const named = (name: string) =>
      tool({
        inputSchema: z.object({}),
        execute: async () => {
          ran.push(name);
          return 'sunny';
        },
      });
    const snake = (name: string) => `${agentId}_${name}`.replaceAll('-', '_');
    const governed = governTools(agent, {
      [snake('weather')]: named('weather'),
      [snake('vault')]: named('vault'),
    });
    const result = await generateText({
      model: createTollgateOpenAI(agent).chat('gpt-4o-mini'),
      tools: governed.tools,
      toolApproval: governed.toolApproval,
      stopWhen: stepCountIs(3),
      messages: ask(`call ${snake('weather')} {}\ncall ${snake('vault')} {}`),
    });
    expect(ran).toEqual(['weather']);
    expect(result.steps[0]?.toolResults.map((r) => r.output)).toMatchObject([
      'sunny',
      { tollgate: 'error', code: 'unknown_tool' },
    ]);
  });
});
