/**
 * One pipeline for every request, driven by the generated operation table: route →
 * chaos → body → auth → validation (the contract's zod schemas; 422 names the field) →
 * idempotency → handler → response, with X-Request-Id and X-Tollgate-Version on everything.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CONTROL_PLANE_VERSION,
  type OperationId,
  type OperationInfo,
  operations,
} from '@tollgate/api';
import { operationSchemas } from '@tollgate/api/schemas';
import { authenticate } from './auth';
import type { Chaos } from './chaos';
import type { Deps } from './deps';
import { type Context, HttpProblem, problemBody, type Reply } from './http';
import { newId } from './ids';

export type Handler = (ctx: Context, deps: Deps) => Reply | Promise<Reply>;

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
    if (m)
      return {
        op: route.op,
        path: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])),
      };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type Schema = {
  safeParse(v: unknown): {
    success: boolean;
    data?: unknown;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
};

function validate(where: string, schema: unknown, value: unknown): unknown {
  if (!schema) return value;
  const result = (schema as Schema).safeParse(value);
  if (result.success) return result.data;
  const errors = (result.error?.issues ?? []).map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new HttpProblem(
    422,
    'validation_failed',
    `${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    { errors },
  );
}

/** An optional body may be absent; a present one must match the contract. */
function checkBody(op: OperationInfo, schema: unknown, body: unknown): unknown {
  if (!op.requestContentType) return undefined;
  if (body === undefined && !op.requestBodyRequired) return undefined;
  return validate('body', schema, body);
}

/** Query strings carry text; the contract's integers and booleans are coerced before checking. */
function coerceQuery(query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of query)
    out[k] = /^-?\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
  return out;
}

function parseBody(op: OperationInfo, raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'bad_request', `The body of ${op.id} is not valid JSON.`);
  }
}

export function createRouter(
  handlers: Record<OperationId, Handler>,
  deps: Deps,
  chaos: Chaos | undefined,
) {
  const missing = Object.keys(operations).filter((id) => !(id in handlers));
  if (missing.length) throw new Error(`dev server has no handler for: ${missing.join(', ')}`);

  return async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = newId('req');
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Tollgate-Version', CONTROL_PLANE_VERSION);
    const url = new URL(req.url ?? '/', 'http://dev.invalid');
    let after: 'reset-after' | 'truncate' | 'malformed' | undefined;
    try {
      const found = match(req.method ?? 'GET', url.pathname);
      if (!found)
        throw new HttpProblem(404, 'not_found', `No route ${req.method} ${url.pathname}.`);
      const { op } = found;
      const fault = chaos?.draw(op.id, url.pathname);
      if (fault === 'reset-before') return void req.socket.destroy();
      if (fault === '429')
        throw new HttpProblem(
          429,
          'rate_limited',
          'Injected rate limit.',
          { retry_after: 0 },
          { 'Retry-After': '0' },
        );
      if (fault === '503')
        throw new HttpProblem(
          503,
          'service_unavailable',
          'Injected outage.',
          { retry_after: 0 },
          { 'Retry-After': '0' },
        );
      if (fault === 'latency')
        await new Promise((r) => setTimeout(r, chaos?.options.latencyMs ?? 200));
      if (fault === 'reset-after' || fault === 'truncate' || fault === 'malformed') after = fault;

      const rawBody = await readBody(req);
      const principal = await authenticate(op, req, rawBody, deps.state, deps.verifier);
      const schemas = (operationSchemas as Record<string, Record<string, unknown>>)[op.id]!;
      const ctx: Context = {
        op,
        req,
        requestId,
        headers: req.headers,
        rawBody,
        principal,
        path: validate('path', schemas.path, found.path) as Record<string, string>,
        query: validate('query', schemas.query, coerceQuery(url.searchParams)) as Record<
          string,
          unknown
        >,
        body: checkBody(op, schemas.body, parseBody(op, rawBody, req.headers['content-type'])),
      };
      const key = req.headers['idempotency-key'];
      const run = async () => handlers[op.id as OperationId](ctx, deps);
      const reply =
        op.idempotent && typeof key === 'string' && key !== ''
          ? await deps.idempotency.run(
              `${principal.type}:${principal.id}`,
              key,
              [op.id, JSON.stringify(ctx.path), rawBody],
              run,
            )
          : await run();
      write(res, reply, after);
    } catch (error) {
      if (!(error instanceof HttpProblem)) {
        deps.log(`internal error ${requestId}: ${(error as Error)?.stack ?? error}`);
      }
      const p =
        error instanceof HttpProblem
          ? error
          : new HttpProblem(500, 'internal_error', 'Unexpected error.');
      const body = problemBody(p.status, p.code, p.message, requestId, p.extra);
      write(
        res,
        {
          status: p.status,
          body,
          headers: { 'Content-Type': 'application/problem+json', ...p.headers },
        },
        after,
      );
    }
  };
}

function write(
  res: ServerResponse,
  reply: Reply,
  fault?: 'reset-after' | 'truncate' | 'malformed',
) {
  if (fault === 'reset-after') return void res.socket?.destroy();
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  if (reply.stream) {
    res.writeHead(reply.status, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    return reply.stream(res);
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status);
    return void res.end();
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/json');
  const bytes = Buffer.from(text);
  if (fault === 'truncate') {
    // Promise the whole body, send half, hang up: the client sees a cut-off body.
    res.writeHead(reply.status, { 'Content-Length': bytes.length });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    return void setImmediate(() => res.socket?.destroy());
  }
  const sent =
    fault === 'malformed'
      ? Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length / 2))))
      : bytes;
  res.writeHead(reply.status, { 'Content-Length': sent.length });
  res.end(sent);
}
