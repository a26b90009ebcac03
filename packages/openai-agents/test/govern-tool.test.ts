import { Agent, tool } from '@openai/agents';
import { statusOf } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogTool, type Policy } from '../../sdk/test/catalog-tool';
import { governTool, heldCalls, settleApprovals, useTollgate } from '../src/index';
import { devServer, scriptedModel } from './setup';

const model = await scriptedModel();
const { server, tg } = await devServer({ upstream: { openai: model.url, openaiApiKey: 'sk-op' } });
afterAll(async () => {
  await server.close();
  await model.close();
});

let agents = 0;
/** An agent, its tools in the catalog (allow / approval_required / deny), an Agents SDK agent. */
async function setup() {
  const agentId = `oat${++agents}`;
  const agent = await tg.agents.register({ agentId, budget: { limitMicros: 1_000_000 } });
  const register = (name: string, policy: Policy) => catalogTool(tg, agentId, name, policy);
  const catalog = {
    lookup: await register('lookup-order', 'allow'),
    refund: await register('refund', 'approval_required'),
    drop: await register('drop-table', 'deny'),
  };
  const ran: { tool: string; input: unknown }[] = [];
  // Named as in the catalog: the Agents SDK rewrites `-` to `_`, the lookup tolerates it.
  const tools = [
    tool({
      name: `${agentId}-lookup-order`,
      description: 'Looks an order up',
      parameters: z.object({ orderId: z.string() }),
      execute: async ({ orderId }) => {
        ran.push({ tool: 'lookup', input: { orderId } });
        return { orderId, state: 'shipped' };
      },
    }),
    tool({
      name: `${agentId}-refund`,
      description: 'Refunds an order',
      parameters: z.object({ orderId: z.string(), amount: z.number() }),
      execute: async (input) => {
        ran.push({ tool: 'refund', input });
        return { refunded: input.amount };
      },
    }),
    tool({
      name: `${agentId}-drop-table`,
      description: 'Drops a table',
      parameters: z.object({ table: z.string() }),
      execute: async (input) => {
        ran.push({ tool: 'drop', input });
        return 'dropped';
      },
    }),
  ].map((t) => governTool(agent, t));
  const assistant = new Agent({ name: 'support', instructions: '', model: 'gpt-4o-mini', tools });
  // The scripted model speaks chat completions.
  const { runner } = useTollgate(agent, { useResponses: false });
  const call = (name: string, input: object) =>
    `call ${agentId}_${name.replaceAll('-', '_')} ${JSON.stringify(input)}`;
  return { agentId, catalog, ran, runner, assistant, call };
}

const runsOf = async (agentId: string) => {
  const runs = [];
  for await (const run of tg.runs.list({ agent_id: agentId })) runs.push(run);
  return runs;
};

describe('governTool: every Agents SDK tool call decided by the control plane', () => {
  it('allowed: the tool runs, and its run on the control plane ends with its output', async () => {
    const { ran, runner, assistant, call, agentId, catalog } = await setup();
    const result = await runner.run(assistant, call('lookup-order', { orderId: 'o-1' }));
    expect(ran).toEqual([{ tool: 'lookup', input: { orderId: 'o-1' } }]);
    expect(result.finalOutput).toBe('Done: {"orderId":"o-1","state":"shipped"}');
    expect((await runsOf(agentId)).find((r) => r.tool_id === catalog.lookup)).toMatchObject({
      executor: 'agent',
      status: 'succeeded',
      output: { orderId: 'o-1', state: 'shipped' },
    });
  });

  it('denied: a STATUS: blocked result the model reads, the tool never runs', async () => {
    const { ran, runner, assistant, call } = await setup();
    const result = await runner.run(assistant, call('drop-table', { table: 'users' }));
    expect(ran).toEqual([]);
    const output = String(result.finalOutput).replace(/^Done: /, '');
    expect(statusOf(output)).toBe('blocked');
    expect(output).toContain('code: policy_denied');
  });

  it('approval: an interruption, resumed once an operator approves on Tollgate', async () => {
    const { ran, runner, assistant, call, agentId, catalog } = await setup();
    const first = await runner.run(assistant, call('refund', { orderId: 'o-2', amount: 25 }));
    expect(ran).toEqual([]);
    expect(first.interruptions).toHaveLength(1);
    const [held] = heldCalls(first);
    expect(held).toMatchObject({ approvalId: expect.stringMatching(/^apr_/) });
    const run = (await runsOf(agentId)).find((r) => r.tool_id === catalog.refund);
    expect(held?.runId).toBe(run?.id);

    // Still pending: nothing to settle.
    expect((await settleApprovals(first)).pending).toHaveLength(1);
    await tg.approvals.approve(held!.approvalId);
    expect((await settleApprovals(first)).approved).toHaveLength(1);
    const second = await runner.run(assistant, first.state);
    expect(ran).toEqual([{ tool: 'refund', input: { orderId: 'o-2', amount: 25 } }]);
    expect(second.finalOutput).toBe('Done: {"refunded":25}');
    // Claimed on the server: the approval is used up.
    expect(await tg.approvals.get(held!.approvalId)).toMatchObject({
      claimed_at: expect.any(String),
    });
  });

  it('an operator rejects: the run state rejects the call, the tool never runs', async () => {
    const { ran, runner, assistant, call } = await setup();
    const first = await runner.run(assistant, call('refund', { orderId: 'o-3', amount: 5 }));
    await tg.approvals.reject(heldCalls(first)[0]!.approvalId, { reason: 'not today' });
    expect((await settleApprovals(first)).rejected).toHaveLength(1);
    const second = await runner.run(assistant, first.state);
    expect(ran).toEqual([]);
    expect(String(second.finalOutput)).toContain('not today');
  });

  it('a tool not in the catalog the agent sees answers STATUS: error unknown_tool, never runs', async () => {
    const { agentId, runner } = await setup();
    let ran = false;
    const agent = await tg.agents.register({
      agentId: `${agentId}-x`,
      budget: { limitMicros: 1e6 },
    });
    const ghost = governTool(
      agent,
      tool({
        name: 'ghost',
        description: 'Not registered',
        parameters: z.object({}),
        execute: async () => {
          ran = true;
          return 'ran';
        },
      }),
    );
    const solo = new Agent({ name: 'solo', model: 'gpt-4o-mini', tools: [ghost] });
    const result = await runner.run(solo, 'call ghost {}');
    expect(ran).toBe(false);
    expect(String(result.finalOutput)).toContain('code: unknown_tool');
  });

  /** An agent with one allowed tool that throws, built with `errorFunction` as given. */
  async function throwing(errorFunction?: null) {
    const agentId = `oat${++agents}`;
    const identity = await tg.agents.register({ agentId, budget: { limitMicros: 1e6 } });
    const registered = await tg.tools.register({
      name: `${agentId}-boom`,
      description: 'boom',
      base_url: 'http://127.0.0.1/support',
      auth_type: 'none',
      policy: 'allow',
    });
    const boom = governTool(
      identity,
      tool({
        name: `${agentId}-boom`,
        description: 'Throws',
        parameters: z.object({}),
        ...(errorFunction === null ? { errorFunction } : {}),
        execute: async () => {
          throw new Error('the tool broke');
        },
      }),
    );
    const solo = new Agent({ name: 'solo', model: 'gpt-4o-mini', tools: [boom] });
    const run = () =>
      useTollgate(identity, { useResponses: false }).runner.run(solo, `call ${agentId}_boom {}`);
    const runs = async () => (await runsOf(agentId)).filter((r) => r.tool_id === registered.id);
    return { run, runs };
  }

  it('a tool that throws (errorFunction: null): its run on the control plane ends failed', async () => {
    const { run, runs } = await throwing(null);
    const thrown = await run().catch((error: unknown) => error);
    expect(String(thrown)).toContain('the tool broke');
    expect(await runs()).toMatchObject([{ status: 'failed', error: 'the tool broke' }]);
  });

  it('a tool that throws (the default errorFunction): the model reads the SDK’s text, its run ends failed', async () => {
    const { run, runs } = await throwing();
    const result = await run();
    const text = 'An error occurred while running the tool';
    expect(String(result.finalOutput)).toContain(text);
    const [failed] = await runs();
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining(text) });
  });

  it('approving in the run state without Tollgate runs nothing (the claim is the server’s)', async () => {
    const { ran, runner, assistant, call } = await setup();
    const first = await runner.run(assistant, call('refund', { orderId: 'o-4', amount: 99 }));
    first.state.approve(first.interruptions[0]!);
    const second = await runner.run(assistant, first.state);
    expect(ran).toEqual([]);
    expect(String(second.finalOutput)).toContain('code: approval_pending');
  });
});
