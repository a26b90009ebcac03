/**
 * The runtime's HTTP surface, as a Hono app (so it runs on any fetch-based server):
 * POST /invoke, POST /invoke/stream (SSE), POST /resume/{approval_id}, GET /healthz, GET /readyz.
 */
import { type AgentIdentity, AgentSuspendedError, APIError } from '@tollgate/sdk';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { z } from 'zod';
import { type CallerOptions, callerCheck, type RuntimeEnv } from './callers';
import type { GovernedTool } from './governance';
import { HeldCalls } from './held-calls';
import {
  type AgentHandler,
  type Invocation,
  invoke,
  invokeBody,
  record,
  resumeBody,
} from './invocation';
import { problem } from './problem';
import { readiness } from './readiness';
import { resumeCall } from './resume';
import type { Tool } from './tool';
import type { RuntimeTracing } from './tracing';

export interface AgentAppOptions {
  /** The agent this runtime serves: `await tg.agents.register(...)`. */
  agent: AgentIdentity;
  /** The tools the handler may call (`defineTool`). */
  tools: readonly Tool[];
  /**
   * Each tool's id in the Tollgate catalog, by tool name (`registerTools` returns this map).
   * Every tool needs one: a call is governed by its catalog entry's policy.
   */
  catalog: Readonly<Record<string, string>>;
  /** The agent itself. */
  handler: AgentHandler;
  /** Which callers are let in; see CallerOptions. `ca` is the control plane's CA keys. */
  callers: CallerOptions;
  /** The runtime's time in ms (readiness, proof checks). @default Date.now */
  clock?: () => number;
  /** Held tool calls remembered at once. @default 10000 */
  maxHeldCalls?: number;
  /** Where handler errors are logged (never the request). @default console.error */
  log?: (message: string) => void;
  /** Traces requests and tool calls (`runtimeTracing()` from `@tollgate/runtime/otel`). @default none */
  tracing?: RuntimeTracing;
}

/** The routes a request span is made for, with the route template it is named by. */
const TRACED_ROUTES = [
  ['/invoke', '/invoke'],
  ['/invoke/stream', '/invoke/stream'],
  ['/resume/*', '/resume/{approval_id}'],
] as const;

/** The Hono app of the runtime. `origin` is used when `callers.origin` is not set. */
export function createAgentApp(options: AgentAppOptions, origin: () => string = () => '') {
  const { agent, handler, clock = Date.now, log = console.error, tracing } = options;
  const runtime: Invocation = {
    agent,
    tools: options.tools,
    governed: governedTools(options.tools, options.catalog),
    held: new HeldCalls(options.maxHeldCalls),
    handler,
    tracing,
  };
  const app = new Hono<RuntimeEnv>();
  const failure = (c: Parameters<typeof problem>[0], error: unknown) => {
    if (error instanceof AgentSuspendedError)
      return problem(c, 403, 'agent_suspended', `agent ${agent.agentId} is suspended`);
    log(`@tollgate/runtime: the handler failed: ${error instanceof Error ? error.message : error}`);
    return problem(c, 500, 'handler_failed', 'the agent failed; see the runtime log');
  };

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const state = await readiness(agent, clock());
    return c.json(state, state.ready ? 200 : 503);
  });

  // Before the caller check: a refused request is traced too.
  if (tracing)
    for (const [path, route] of TRACED_ROUTES)
      app.use(path, async (c, next) => {
        const { method, url, headers } = c.req.raw;
        c.res = await tracing.request({ method, route, url, headers }, async () => {
          await next();
          return { response: c.res, callerAgentId: c.get('caller')?.agentId };
        });
      });

  const checkCaller = callerCheck(options.callers, origin, clock);
  for (const path of ['/invoke', '/invoke/stream', '/resume/*']) app.use(path, checkCaller);

  app.post('/invoke', async (c) => {
    const body = parse(invokeBody, c.get('body'));
    if (!body.success) return problem(c, 422, 'invalid_request', body.message);
    try {
      return c.json(await invoke(runtime, body.data, c.get('caller'), c.req.raw.signal));
    } catch (error) {
      return failure(c, error);
    }
  });

  app.post('/invoke/stream', (c) => {
    const body = parse(invokeBody, c.get('body'));
    if (!body.success) return problem(c, 422, 'invalid_request', body.message);
    return streamSSE(c, async (stream) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      // Events are written in the order they happen, each after the one before.
      let written = Promise.resolve();
      const send = (event: string, data: unknown) => {
        written = written.then(() => stream.writeSSE({ event, data: JSON.stringify(data) }));
        return written;
      };
      try {
        const result = await invoke(runtime, body.data, c.get('caller'), abort.signal, (e) =>
          send(e.event, e.data),
        );
        await send('done', result);
      } catch (error) {
        const suspended = error instanceof AgentSuspendedError;
        if (!suspended) log(`@tollgate/runtime: the handler failed: ${String(error)}`);
        await send('error', {
          code: suspended ? 'agent_suspended' : 'handler_failed',
          message: suspended ? `agent ${agent.agentId} is suspended` : 'the agent failed',
        });
      }
    });
  });

  app.post('/resume/:approval_id', async (c) => {
    const body = parse(resumeBody, c.get('body'));
    if (!body.success) return problem(c, 422, 'invalid_request', body.message);
    const approvalId = c.req.param('approval_id');
    const caller = c.get('caller');
    const scope = { agent, signal: c.req.raw.signal, tracing };
    let resumed: Awaited<ReturnType<typeof resumeCall>>;
    try {
      resumed = await resumeCall(scope, runtime.governed, approvalId, caller?.agentId ?? null);
    } catch (error) {
      // Nothing ran: it can be resumed again.
      if (error instanceof APIError && !(error instanceof AgentSuspendedError))
        return problem(c, 502, error.code ?? 'control_plane_error', error.message);
      return failure(c, error);
    }
    if (resumed.kind === 'problem')
      return problem(c, resumed.status, resumed.code, resumed.message);
    const { result } = resumed;
    runtime.held.take(approvalId); // decided: this process no longer holds it
    const { message = '', history = [] } = body.data;
    const request = { message, history, resumed: { approvalId, result } };
    try {
      const outcome = await invoke(runtime, request, caller, c.req.raw.signal);
      return c.json({ resumed: record(result), ...outcome });
    } catch (error) {
      return failure(c, error);
    }
  });

  return { app, held: runtime.held };
}

function governedTools(tools: readonly Tool[], catalog: Readonly<Record<string, string>>) {
  const governed = new Map<string, GovernedTool>();
  for (const tool of tools) {
    if (governed.has(tool.name)) throw new TypeError(`two tools are named ${tool.name}`);
    const toolId = catalog[tool.name];
    if (!toolId)
      throw new TypeError(`tool ${tool.name} has no catalog id: register it (registerTools)`);
    governed.set(tool.name, { tool, toolId });
  }
  for (const name of Object.keys(catalog))
    if (!governed.has(name)) throw new TypeError(`the catalog names ${name}, which is no tool`);
  return governed;
}

function parse<S extends z.ZodType>(schema: S, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { success: true as const, data: parsed.data as z.output<S> };
  const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  return { success: false as const, message: message.join('; ') };
}
