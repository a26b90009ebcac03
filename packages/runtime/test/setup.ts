/**
 * A dev server on an ephemeral loopback port (`@tollgate/dev-server/testing`), an operator
 * client, a registered agent, the test tools in the catalog and the runtime serving them.
 */
import type { DevServerOptions } from '@tollgate/dev-server';
import { startTestServer } from '@tollgate/dev-server/testing';
import { createRequestSigner, type PrivateJwk } from '@tollgate/identity';
import { Tollgate } from '@tollgate/sdk';
import { z } from 'zod';
import {
  type AgentHandler,
  type CallerOptions,
  defineTool,
  registerTools,
  type ServeAgentOptions,
  serveAgent,
} from '../src/index';

export async function devServer(options: DevServerOptions = {}) {
  const server = await startTestServer(options);
  return { server, tg: new Tollgate(server.admin) };
}

/** What the tools did, to prove what ran (and what never did). */
export function testTools() {
  const ran: { tool: string; input: unknown }[] = [];
  const lookup = defineTool({
    name: 'lookup-order',
    description: 'Looks an order up',
    input: z.object({ orderId: z.string().min(1) }),
    handler: (input) => {
      ran.push({ tool: 'lookup-order', input });
      return { orderId: input.orderId, state: 'shipped' };
    },
  });
  const refund = defineTool({
    name: 'refund',
    description: 'Refunds an order',
    input: z.object({ orderId: z.string(), amount: z.number().positive() }),
    handler: (input) => {
      ran.push({ tool: 'refund', input });
      return { refunded: input.amount };
    },
  });
  const dropTable = defineTool({
    name: 'drop-table',
    description: 'Drops a table',
    input: z.object({ table: z.string() }),
    handler: (input) => {
      ran.push({ tool: 'drop-table', input });
      return 'dropped';
    },
  });
  return { ran, tools: [lookup, refund, dropTable] };
}

/**
 * A scripted agent loop standing in for a model: the message is JSON `{calls: [{tool, input}]}`;
 * each call's STATUS line is written as a delta, the loop going on whatever the status.
 */
export const scriptedAgent: AgentHandler = async (request, ctx) => {
  if (request.resumed) return `resumed: ${request.resumed.result.text.split('\n')[0]}`;
  const { calls } = JSON.parse(request.message) as { calls: { tool: string; input: unknown }[] };
  for (const call of calls) {
    const result = await ctx.callTool(call.tool, call.input);
    ctx.write(`${call.tool} → ${result.text.split('\n')[0]}\n`);
  }
  return undefined;
};

export interface RuntimeSetup {
  handler?: AgentHandler;
  callers?: Partial<CallerOptions>;
  clock?: () => number;
  devServer?: DevServerOptions;
  serve?: Partial<ServeAgentOptions>;
}

/** The whole stack: control plane, agent, catalog, runtime. Close with `close()`. */
export async function runtimeStack(setup: RuntimeSetup = {}) {
  const { server, tg } = await devServer(setup.devServer);
  const agent = await tg.agents.register({
    agentId: 'support-bot',
    budget: { limitMicros: 1_000_000 },
  });
  const { ran, tools } = testTools();
  const catalog = await registerTools(tg.tools, tools, {
    baseUrl: 'http://127.0.0.1/support-bot',
    policies: { 'lookup-order': 'allow', refund: 'approval_required', 'drop-table': 'deny' },
  });
  const runtime = await serveAgent({
    agent,
    tools,
    catalog,
    handler: setup.handler ?? scriptedAgent,
    callers: { ca: server.caPublicJwk, ...setup.callers },
    clock: setup.clock,
    log: () => {},
    ...setup.serve,
  });
  /** Registers another agent and returns a signer of requests to the runtime as that agent. */
  const callerAgent = async (agentId = 'front-desk') => {
    await tg.agents.register({ agentId });
    const stored = (await tg.credentialStore.load(agentId))!;
    return createRequestSigner(stored.privateJwk as PrivateJwk, stored.certificate);
  };
  const close = async () => {
    await runtime.close();
    await server.close();
  };
  return { server, tg, agent, ran, tools, catalog, runtime, callerAgent, close };
}

/** POSTs JSON to the runtime, signed by `signer` when given, with `init`'s headers and signal. */
export async function post(
  url: string,
  body: unknown,
  signer?: Awaited<ReturnType<typeof createRequestSigner>>,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
) {
  const text = JSON.stringify(body);
  const signed = signer ? await signer.headers({ method: 'POST', url, body: text }) : {};
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers, ...signed },
    body: text,
    signal: init.signal,
  });
}

export const script = (...calls: { tool: string; input: unknown }[]) => ({
  message: JSON.stringify({ calls }),
});
