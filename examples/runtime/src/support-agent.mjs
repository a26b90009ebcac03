// A support agent served by @tollgate/runtime, called by another agent over signed HTTP:
// tools defined with zod, every call governed by the control plane (allowed, denied, held
// for approval), a held refund resumed after an operator approves, the answer streamed.
import { startDevServer } from '@tollgate/dev-server';
import { createRequestSigner } from '@tollgate/identity';
import { defineTool, registerTools, serveAgent } from '@tollgate/runtime';
import { Tollgate } from '@tollgate/sdk';
import { createParser } from 'eventsource-parser';
import { z } from 'zod';

const control = await startDevServer({ port: 0, log: () => {} });
const tg = new Tollgate({
  baseUrl: control.url,
  apiKey: control.adminApiKey,
  caPublicKey: control.caPublicJwk,
  logLevel: 'off',
});
let runtime;
try {
  // 1. The tools: zod in, JSON Schema out (for the model and MCP), registered in the catalog.
  const lookup = defineTool({
    name: 'lookup-order',
    description: 'Looks an order up',
    input: z.object({ orderId: z.string() }),
    handler: ({ orderId }) => ({ orderId, state: 'shipped' }),
  });
  const refund = defineTool({
    name: 'refund',
    description: 'Refunds an order',
    input: z.object({ orderId: z.string(), amount: z.number().positive() }),
    handler: ({ orderId, amount }) => ({ orderId, refunded: amount }),
  });
  const catalog = await registerTools(tg.tools, [lookup, refund], {
    baseUrl: 'http://127.0.0.1/support-agent',
    policies: { 'lookup-order': 'allow', refund: 'approval_required' },
  });
  assert(
    lookup.inputSchema.required?.[0] === 'orderId',
    'tools registered, input schemas from zod',
  );

  // 2. The agent and its loop (rule-based here; a model would pick the tools the same way).
  const agent = await tg.agents.register({ agentId: 'support-agent' });
  runtime = await serveAgent({
    agent,
    tools: [lookup, refund],
    catalog,
    callers: { ca: control.caPublicJwk },
    handler: async (request, ctx) => {
      if (request.resumed) return `resumed: ${request.resumed.result.text}`;
      const [verb, orderId, amount] = request.message.split(' ');
      const result =
        verb === 'refund'
          ? await ctx.callTool('refund', { orderId, amount: Number(amount) })
          : await ctx.callTool('lookup-order', { orderId });
      ctx.write(result.text.split('\n')[0]);
      return result.text;
    },
  });

  // 3. Another agent calls it, each request signed with its own certificate and a fresh proof.
  await tg.agents.register({ agentId: 'front-desk' });
  const caller = await tg.credentialStore.load('front-desk');
  const signer = await createRequestSigner(caller.privateJwk, caller.certificate);
  const call = async (path, body) => {
    const url = `${runtime.url}${path}`;
    const text = JSON.stringify(body);
    const headers = await signer.headers({ method: 'POST', url, body: text });
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: text,
    });
  };

  const looked = await (await call('/invoke', { message: 'lookup o-1' })).json();
  assert(looked.response.startsWith('STATUS: executed'), 'an allowed tool ran: STATUS: executed');

  const held = (await (await call('/invoke', { message: 'refund o-1 25' })).json()).tool_calls[0];
  assert(
    held.status === 'approval_required',
    `a refund is held for approval (${held.approval_id})`,
  );

  await tg.approvals.approve(held.approval_id, { comment: 'ok' });
  const resumed = await (await call(`/resume/${held.approval_id}`, {})).json();
  assert(
    resumed.resumed.status === 'executed',
    'approved by an operator, the refund ran on resume',
  );

  const events = [];
  const parser = createParser({ onEvent: (e) => events.push(e.event) });
  const stream = await call('/invoke/stream', { message: 'lookup o-2' });
  for await (const chunk of stream.body) parser.feed(new TextDecoder().decode(chunk));
  assert(
    events.join(',') === 'tool_call,tool_result,delta,done',
    `streamed: ${events.join(' → ')}`,
  );

  const anonymous = await fetch(`${runtime.url}/invoke`, {
    method: 'POST',
    body: '{"message":"hi"}',
  });
  assert(anonymous.status === 401, 'an unsigned request is refused (401)');
} catch (error) {
  console.error(`example failed: ${error?.message ?? error}`);
  process.exitCode = 1;
} finally {
  await runtime?.close();
  await control.close();
}

function assert(condition, what) {
  if (!condition) throw new Error(what);
  console.log(`✓ ${what}`);
}
