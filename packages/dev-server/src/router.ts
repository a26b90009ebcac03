/**
 * One pipeline for every request, driven by the generated operation table:
 * route → chaos (before) → body → auth → validation → idempotency → handler → contract
 * check → write (chaos after). X-Request-Id and X-Tollgate-Version go on every response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CONTROL_PLANE_VERSION,
  type OperationId,
  type OperationInfo,
  operations,
} from '@tollgate/api';
import { operationSchemas } from '@tollgate/api/schemas';
import type { Deps } from './deps';
import type { Context, Reply } from './http';
import { newId } from './ids';
import { authenticate } from './middleware/auth';
import type { Chaos } from './middleware/chaos';
import { cors } from './middleware/cors';
import { HttpProblem, problemBody, providerProblemBody } from './middleware/problem';
import { checkResponse } from './middleware/response-check';
import {
  checkBody,
  coerceQuery,
  headerParams,
  parseBody,
  readBody,
  validate,
} from './middleware/validation';
import { type AfterFault, writeReply } from './middleware/write-reply';
import { expireApprovals } from './state/governance';

export type Handler = (ctx: Context, deps: Deps) => Reply | Promise<Reply>;
/** A route module's handlers, by operation id (typos in ids fail to compile). */
export type Handlers = Partial<Record<OperationId, Handler>>;

export interface RouterOptions {
  chaos?: Chaos;
  /** Answer 500 instead of a response that breaks the contract (else log it). */
  strictResponses: boolean;
}

interface Route {
  op: OperationInfo;
  pattern: RegExp;
  names: string[];
}

const routes: Route[] = Object.values(operations).map((op) => {
  const names: string[] = [];
  const source = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { op, pattern: new RegExp(`^${source}$`), names };
});

function match(method: string, pathname: string) {
  for (const route of routes) {
    if (route.op.method !== method) continue;
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    try {
      const path = Object.fromEntries(
        route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]),
      );
      return { op: route.op, path };
    } catch {
      throw new HttpProblem(400, 'bad_request', 'The path is not valid percent-encoding.');
    }
  }
  return undefined;
}

const schemas = operationSchemas as Record<string, Record<string, unknown>>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createRouter(handlers: Handlers, deps: Deps, options: RouterOptions) {
  // Refuse to start rather than answer 404/501 for an operation of the contract.
  const missing = Object.keys(operations).filter((id) => !handlers[id as OperationId]);
  if (missing.length) throw new Error(`dev server has no handler for: ${missing.join(', ')}`);
  const { chaos } = options;

  return async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = newId('req');
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Tollgate-Version', CONTROL_PLANE_VERSION);
    if (cors(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://dev.invalid');
    let after: AfterFault | undefined;
    let op: OperationInfo | undefined;
    let reply: Reply;
    try {
      const found = match(req.method ?? 'GET', url.pathname);
      if (!found)
        throw new HttpProblem(404, 'not_found', `No route ${req.method} ${url.pathname}.`);
      op = found.op;
      // The Anthropic client reads the request id from `request-id`.
      if (PROVIDER_OF[op.id as OperationId] === 'anthropic') res.setHeader('Request-Id', requestId);
      const fault = chaos?.draw(op.id, url.pathname);
      if (fault === 'reset-before') return void req.socket.destroy();
      if (fault === '429' || fault === '503') {
        const seconds = chaos?.options.retryAfterSeconds ?? 0;
        throw new HttpProblem(
          Number(fault),
          fault === '429' ? 'rate_limited' : 'service_unavailable',
          `Injected ${fault} (chaos).`,
          { retry_after: seconds },
          { 'Retry-After': String(seconds) },
        );
      }
      if (fault === 'reset-after' || fault === 'truncate' || fault === 'malformed') after = fault;

      const rawBody = await readBody(req);
      const principal = await authenticate(op, req, rawBody, deps.state, deps.verifier);
      const s = schemas[op.id]!;
      const headers = headerParams(op, req);
      const ctx: Context = {
        op,
        req,
        requestId,
        headers: validate('header', s.headers, headers) as Record<string, string>,
        rawBody,
        principal,
        path: validate('path', s.path, found.path) as Record<string, string>,
        query: validate('query', s.query, coerceQuery(s.query, url.searchParams)) as Record<
          string,
          unknown
        >,
        body: checkBody(op, s.body, parseBody(op, rawBody, req.headers['content-type'])),
      };
      expireApprovals(deps);
      const handler = handlers[op.id as OperationId]!;
      const run = async () => {
        if (fault === 'latency') await sleep(chaos?.options.latencyMs ?? 200);
        return handler(ctx, deps);
      };
      const key = headers['Idempotency-Key'];
      reply =
        op.idempotent && key
          ? await deps.idempotency.run(
              `${principal.type}:${principal.id}`,
              key,
              [op.id, JSON.stringify(ctx.path), rawBody],
              run,
            )
          : await run();
    } catch (error) {
      reply = problemReply(error, requestId, deps, op);
    }
    const broken = checkResponse(op, reply);
    if (broken) {
      deps.log(`${requestId} ${op?.id ?? url.pathname}: ${broken.message}`);
      if (options.strictResponses) reply = problemReply(broken, requestId, deps, op);
    }
    writeReply(res, reply, after);
  };
}

/** The LLM proxy operations, whose errors also speak the provider's envelope. */
const PROVIDER_OF: Partial<Record<OperationId, 'openai' | 'anthropic'>> = {
  createChatCompletion: 'openai',
  createMessage: 'anthropic',
};

function problemReply(error: unknown, requestId: string, deps: Deps, op?: OperationInfo): Reply {
  if (!(error instanceof HttpProblem))
    deps.log(`internal error ${requestId}: ${(error as Error)?.stack ?? error}`);
  const p =
    error instanceof HttpProblem
      ? error
      : new HttpProblem(500, 'internal_error', 'Unexpected error.');
  const provider = op && PROVIDER_OF[op.id as OperationId];
  const body = problemBody(p, requestId);
  return {
    status: p.status,
    body: provider ? providerProblemBody(provider, body) : body,
    headers: { 'Content-Type': 'application/problem+json', ...p.headers },
  };
}
