/** POST /invoke and /resume against a real control plane: governed, held, resumed, stopped. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvocationResult, ToolCallRecord } from '../src/index';
import { serveAgent } from '../src/index';
import { post, runtimeStack, script, scriptedAgent } from './setup';

let stack: Awaited<ReturnType<typeof runtimeStack>>;
let signer: Awaited<ReturnType<typeof stack.callerAgent>>;
beforeEach(async () => {
  stack = await runtimeStack();
  signer = await stack.callerAgent();
});
afterEach(() => stack.close());

const invoke = async (body: unknown) => {
  const response = await post(`${stack.runtime.url}/invoke`, body, signer);
  return { status: response.status, json: (await response.json()) as InvocationResult };
};
const resume = async (approvalId: string, body: unknown = {}) => {
  const response = await post(`${stack.runtime.url}/resume/${approvalId}`, body, signer);
  return {
    status: response.status,
    json: (await response.json()) as InvocationResult & { resumed: ToolCallRecord; code?: string },
  };
};

describe('POST /invoke', () => {
  it('runs an allowed tool once the control plane allows it, and records the run', async () => {
    const { status, json } = await invoke(
      script({ tool: 'lookup-order', input: { orderId: 'o-1' } }),
    );
    expect(status).toBe(200);
    const [call] = json.tool_calls;
    expect(call).toMatchObject({ tool: 'lookup-order', status: 'executed' });
    expect(call!.text).toBe('STATUS: executed\n{"orderId":"o-1","state":"shipped"}');
    expect(json.response).toBe('lookup-order → STATUS: executed\n');
    expect(stack.ran).toEqual([{ tool: 'lookup-order', input: { orderId: 'o-1' } }]);
    // The runtime executed it and reported: the run ends with the tool's output.
    const run = await stack.tg.runs.get(call!.run_id!);
    expect(run).toMatchObject({
      agent_id: 'support-bot',
      tool_id: stack.catalog['lookup-order'],
      executor: 'agent',
      status: 'succeeded',
      output: { orderId: 'o-1', state: 'shipped' },
    });
  });

  it('registers each tool with its input JSON Schema, found by the agent under its name', async () => {
    const tool = await stack.agent.tools.find('lookup_order');
    expect(tool).toMatchObject({ id: stack.catalog['lookup-order'] });
    expect(tool?.input_schema).toEqual(stack.tools[0]!.inputSchema);
  });

  it('answers a denied tool with STATUS: blocked and never runs it; the loop goes on', async () => {
    const { json } = await invoke(
      script(
        { tool: 'drop-table', input: { table: 'users' } },
        { tool: 'lookup-order', input: { orderId: 'o-2' } },
      ),
    );
    expect(json.tool_calls.map((c) => c.status)).toEqual(['blocked', 'executed']);
    expect(json.tool_calls[0]!.text).toMatch(/^STATUS: blocked\ncode: policy_denied\nmessage: /);
    expect(stack.ran.map((r) => r.tool)).toEqual(['lookup-order']);
  });

  it('answers bad tool input with STATUS: error naming the field, before asking anyone', async () => {
    const { status, json } = await invoke(
      script({ tool: 'lookup-order', input: { orderId: 42 } }, { tool: 'no-such-tool', input: {} }),
    );
    expect(status).toBe(200);
    const [bad, unknown] = json.tool_calls;
    expect(bad).toMatchObject({ status: 'error', code: 'invalid_input' });
    expect(bad!.text).toMatch(/^STATUS: error\ncode: invalid_input\nmessage: .*orderId/);
    expect(bad!.run_id).toBeUndefined();
    expect(unknown).toMatchObject({ status: 'error', code: 'unknown_tool' });
    expect(stack.ran).toEqual([]);
  });

  it('refuses a malformed request body with a 422 problem', async () => {
    const response = await post(`${stack.runtime.url}/invoke`, { history: 'no' }, signer);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'invalid_request' });
  });
});

describe('a request the runtime cannot serve', () => {
  it('is a problem: 400 invalid_json, 500 handler_failed without the handler’s message', async () => {
    const url = `${stack.runtime.url}/invoke`;
    const body = '{"message":';
    const headers = await signer.headers({ method: 'POST', url, body });
    const notJson = await fetch(url, { method: 'POST', headers, body });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: 'invalid_json' });
    // The scripted agent throws on a message that is not its JSON script.
    const failed = await post(url, { message: 'secret-ish detail' }, signer);
    expect(failed.status).toBe(500);
    const text = await failed.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'handler_failed' });
    expect(text).not.toMatch(/secret-ish|JSON/);
  });
});

describe('a tool call held for approval', () => {
  const refund = script({ tool: 'refund', input: { orderId: 'o-3', amount: 25 } });

  it('is held, refused while pending, and runs once with the control plane’s input after an operator approves', async () => {
    const { json } = await invoke(refund);
    const held = json.tool_calls[0]!;
    expect(held).toMatchObject({ tool: 'refund', status: 'approval_required' });
    expect(held.text).toMatch(
      new RegExp(`^STATUS: approval_required\napproval_id: ${held.approval_id}\n`),
    );
    expect(stack.ran).toEqual([]);

    const early = await resume(held.approval_id!);
    expect(early.status).toBe(409);
    expect(early.json.code).toBe('approval_pending');

    await stack.tg.approvals.approve(held.approval_id!, { comment: 'fine' });
    // Whatever a resume sends, the input comes from the control plane's run.
    const done = await resume(held.approval_id!, { message: 'go on', amount: 1_000_000 });
    expect(done.status).toBe(200);
    expect(done.json.resumed).toMatchObject({
      tool: 'refund',
      status: 'executed',
      run_id: held.run_id,
    });
    expect(done.json.response).toBe('resumed: STATUS: executed');
    expect(stack.ran).toEqual([{ tool: 'refund', input: { orderId: 'o-3', amount: 25 } }]);

    const again = await resume(held.approval_id!);
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('approval_claimed');
    expect(stack.ran).toHaveLength(1);
    const run = await stack.tg.runs.get(held.run_id!);
    expect(run).toMatchObject({ status: 'succeeded', output: { refunded: 25 } });
  });

  it('is resumed from the control plane by a runtime that never held it (a restart), once', async () => {
    const held = (await invoke(refund)).json.tool_calls[0]!;
    await stack.tg.approvals.approve(held.approval_id!);
    const restarted = await serveAgent({
      agent: stack.agent,
      tools: stack.tools,
      catalog: stack.catalog,
      handler: scriptedAgent,
      callers: { ca: stack.server.caPublicJwk },
      log: () => {},
    });
    try {
      const url = `${restarted.url}/resume/${held.approval_id}`;
      // The control plane recorded for whom the call was made: another caller cannot take it.
      const other = await stack.callerAgent('intruder-2');
      expect((await post(url, {}, other)).status).toBe(403);
      const done = await post(url, {}, signer);
      expect(done.status).toBe(200);
      expect(((await done.json()) as { resumed: ToolCallRecord }).resumed.status).toBe('executed');
      // The first process still remembers the call: the control plane says it was claimed.
      const again = await resume(held.approval_id!);
      expect([again.status, again.json.code]).toEqual([409, 'approval_claimed']);
      expect(stack.ran).toEqual([{ tool: 'refund', input: { orderId: 'o-3', amount: 25 } }]);
    } finally {
      await restarted.close();
    }
  });

  it('answers STATUS: blocked after an operator rejects, and never runs the tool', async () => {
    const held = (await invoke(refund)).json.tool_calls[0]!;
    await stack.tg.approvals.reject(held.approval_id!, { reason: 'too much' });
    const done = await resume(held.approval_id!);
    expect(done.json.resumed).toMatchObject({ status: 'blocked', code: 'approval_rejected' });
    expect(done.json.resumed.text).toMatch(/too much/);
    expect(stack.ran).toEqual([]);
  });

  it('is resumed only by the agent whose invocation it was held in', async () => {
    const held = (await invoke(refund)).json.tool_calls[0]!;
    await stack.tg.approvals.approve(held.approval_id!);
    const other = await stack.callerAgent('intruder');
    const stolen = await post(`${stack.runtime.url}/resume/${held.approval_id}`, {}, other);
    expect(stolen.status).toBe(403);
    expect(stack.ran).toEqual([]);
    expect((await resume(held.approval_id!)).json.resumed.status).toBe('executed');
  });

  it('an approval this runtime never held resumes nothing', async () => {
    const done = await resume('apr_made_up');
    expect(done.status).toBe(404);
  });
});

describe('a suspended agent', () => {
  it('stops the loop: no tool runs, /invoke answers 403 agent_suspended', async () => {
    await stack.tg.agents.suspend('support-bot', { reason: 'incident' });
    const response = await post(
      `${stack.runtime.url}/invoke`,
      script(
        { tool: 'lookup-order', input: { orderId: 'o-4' } },
        { tool: 'lookup-order', input: { orderId: 'o-5' } },
      ),
      signer,
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'agent_suspended' });
    expect(stack.ran).toEqual([]);
  });
});
