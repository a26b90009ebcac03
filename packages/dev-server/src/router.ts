/**
 * One pipeline for every request, driven by the generated operation table and path matchers:
 * route → chaos (before) → body → auth → validation → idempotency → handler → contract
 * check → write (chaos after). X-Request-Id and X-Tollgate-Version go on every response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CONTROL_PLANE_VERSION,
  matchRoute,
  type OperationId,
  type OperationInfo,
  operations,
} from '@tollgate/api';
import { operationSchemas } from '@tollgate/api/schemas';
import type { Deps } from './deps';
import type { AllHandlers, Context, Handler, Reply } from './http';
import { newId } from './ids';
import { authenticate } from './middleware/auth';
import type { Chaos, Strike } from './middleware/chaos';
import { cors } from './middleware/cors';
import { HttpProblem, problemBody } from './middleware/problem';
import { type ProxiedProvider, providerProblemBody } from './middleware/provider-errors';
import { checkResponse } from './middleware/response-check';
import {
  checkBody,
  coerceQuery,
  headerParams,
  parseBody,
  readBody,
  type Schema,
  validate,
} from './middleware/validation';
import { writeReply } from './middleware/write-reply';
import { expireApprovals } from './state/governance';

export interface RouterOptions {
  chaos?: Chaos;
  /** Answer 500 instead of a response that breaks the contract (else log it). */
  strictResponses: boolean;
}

type Part = 'body' | 'path' | 'query' | 'headers';
const schemas: Record<OperationId, Partial<Record<Part, Schema>> & { response: Schema }> =
  operationSchemas;

/** The operation behind the request, with its path parameters decoded. */
function route(method: string, pathname: string) {
  const found = matchRoute(method, pathname);
  if (!found) return undefined;
  try {
    const path: Record<string, string> = {};
    for (const [name, value] of Object.entries(found.params))
      path[name] = decodeURIComponent(value);
    return { op: operations[found.id], path };
  } catch {
    throw new HttpProblem(400, 'bad_request', 'The path is not valid percent-encoding.');
  }
}

export function createRouter(handlers: AllHandlers, deps: Deps, options: RouterOptions) {
  // Refuse to start rather than answer 404/501 for an operation of the contract (the types
  // say so too; this catches a handler table built around them).
  const missing = Object.values(operations).filter((op) => !handlers[op.id]);
  if (missing.length)
    throw new Error(`dev server has no handler for: ${missing.map((op) => op.id).join(', ')}`);
  const { chaos } = options;

  return async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = newId('req');
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Tollgate-Version', CONTROL_PLANE_VERSION);
    if (cors(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://dev.invalid');
    let strike: Strike | undefined;
    let op: OperationInfo<OperationId> | undefined;
    let reply: Reply;
    try {
      const found = route(req.method ?? 'GET', url.pathname);
      if (!found)
        throw new HttpProblem(404, 'not_found', `No route ${req.method} ${url.pathname}.`);
      op = found.op;
      // The Anthropic client reads the request id from `request-id`.
      if (PROVIDER_OF[op.id] === 'anthropic') res.setHeader('Request-Id', requestId);
      strike = chaos?.strike(op.id, url.pathname, deps.timers);
      if (strike?.refuse(req)) return;
      const rawBody = await readBody(req);
      const principal = await authenticate(op, req, rawBody, deps.state, deps.verifier);
      const s = schemas[op.id];
      const headers = headerParams(op, req);
      const parts = {
        headers: validate('header', s.headers, headers),
        path: validate('path', s.path, found.path),
        query: validate('query', s.query, coerceQuery(s.query, url.searchParams)),
        body: checkBody(op, s.body, parseBody(op, rawBody, req.headers['content-type'])),
      };
      expireApprovals(deps);
      const ctx = validated({ op, req, requestId, rawBody, principal, ...parts });
      const run = async () => {
        await strike?.hold();
        return dispatch(handlers, ctx, deps);
      };
      const key = headers['Idempotency-Key'];
      reply =
        op.idempotent && key
          ? await deps.idempotency.run(
              `${principal.type}:${principal.id}`,
              key,
              [op.id, JSON.stringify(parts.path), rawBody],
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
    if (strike) strike.write(res, reply);
    else writeReply(res, reply);
  };
}

/**
 * The request's parts as the contract types them. They were just validated against
 * `operationSchemas[op.id]`, the zod schemas generated from the same contract as the types:
 * this is the one place the router vouches for that, as Hono's `c.req.valid('json')` does.
 */
function validated<Id extends OperationId>(
  parts: Omit<Context<Id>, Part> & Record<Part, unknown>,
): Context<Id> {
  return parts as Context<Id>;
}

/** Runs the handler of the context's own operation (typed by it: no handler sees another's). */
function dispatch<Id extends OperationId>(handlers: AllHandlers, ctx: Context<Id>, deps: Deps) {
  const handler: Handler<Id> = handlers[ctx.op.id];
  return handler(ctx, deps);
}

/** The LLM proxy operations, whose errors also speak the provider's envelope. */
const PROVIDER_OF: Partial<Record<OperationId, ProxiedProvider>> = {
  createChatCompletion: 'openai',
  createResponse: 'openai',
  createMessage: 'anthropic',
  generateContent: 'google',
  streamGenerateContent: 'google',
};

function problemReply(
  error: unknown,
  requestId: string,
  deps: Deps,
  op?: OperationInfo<OperationId>,
): Reply {
  if (!(error instanceof HttpProblem))
    deps.log(`internal error ${requestId}: ${(error instanceof Error && error.stack) || error}`);
  const p =
    error instanceof HttpProblem
      ? error
      : new HttpProblem(500, 'internal_error', 'Unexpected error.');
  const provider = op && PROVIDER_OF[op.id];
  const body = problemBody(p, requestId);
  return {
    status: p.status,
    body: provider ? providerProblemBody(provider, body) : body,
    headers: { 'Content-Type': 'application/problem+json', ...p.headers },
  };
}
