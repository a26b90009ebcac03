/** POST /invoke/stream: the invocation as server-sent events, read with an SSE parser. */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { post, runtimeStack, script } from './setup';

let stack: Awaited<ReturnType<typeof runtimeStack>>;
let signer: Awaited<ReturnType<typeof stack.callerAgent>>;
beforeEach(async () => {
  stack = await runtimeStack();
  signer = await stack.callerAgent();
});
afterEach(() => stack.close());

/** Every event of the response, in order, its data parsed. */
async function events(response: Response) {
  const out: { event: string; data: Record<string, unknown> }[] = [];
  const parser = createParser({
    onEvent: (m: EventSourceMessage) =>
      out.push({ event: m.event ?? 'message', data: JSON.parse(m.data) }),
  });
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
    parser.feed(decoder.decode(chunk.value, { stream: true }));
  return out;
}

describe('POST /invoke/stream', () => {
  it('streams tool calls, their results, content deltas, then done', async () => {
    const response = await post(
      `${stack.runtime.url}/invoke/stream`,
      script(
        { tool: 'lookup-order', input: { orderId: 'o-1' } },
        { tool: 'refund', input: { orderId: 'o-1', amount: 5 } },
      ),
      signer,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const seen = await events(response);
    expect(seen.map((e) => e.event)).toEqual([
      'tool_call',
      'tool_result',
      'delta',
      'tool_call',
      'tool_result',
      'delta',
      'done',
    ]);
    expect(seen[0]!.data).toEqual({ tool: 'lookup-order', input: { orderId: 'o-1' } });
    expect(seen[1]!.data).toMatchObject({ tool: 'lookup-order', status: 'executed' });
    expect(seen[2]!.data).toEqual({ content: 'lookup-order → STATUS: executed\n' });
    expect(seen[4]!.data).toMatchObject({ tool: 'refund', status: 'approval_required' });
    const done = seen[6]!.data as { response: string; tool_calls: unknown[] };
    expect(done.response).toBe(
      'lookup-order → STATUS: executed\nrefund → STATUS: approval_required\n',
    );
    expect(done.tool_calls).toHaveLength(2);
  });

  it('ends with an error event, and no done, when the agent is suspended mid-loop', async () => {
    let calls = 0;
    await stack.close();
    stack = await runtimeStack({
      handler: async (_request, ctx) => {
        for (;;) {
          calls += 1;
          if (calls === 2) await stack.tg.agents.suspend('support-bot', { reason: 'incident' });
          if (calls > 10) return 'the loop never stopped';
          await ctx.callTool('lookup-order', { orderId: `o-${calls}` });
        }
      },
    });
    signer = await stack.callerAgent();
    const response = await post(`${stack.runtime.url}/invoke/stream`, { message: 'go' }, signer);
    const seen = await events(response);
    expect(seen.map((e) => e.event)).toEqual(['tool_call', 'tool_result', 'tool_call', 'error']);
    expect(seen.at(-1)!.data).toMatchObject({ code: 'agent_suspended' });
    expect(calls).toBe(2);
    expect(stack.ran).toHaveLength(1);
  });
});
