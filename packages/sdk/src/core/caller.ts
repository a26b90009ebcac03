/**
 * One request pipeline for every call: auth → idempotency → retry/timeout → validation →
 * typed errors. openapi-fetch builds the request (path encoding, query and body
 * serialisation); the attempt loop is the `fetch` beneath it.
 */
import { createApiClient, type OperationId, type OperationInfo, operations } from '@tollgate/api';
import { APIPromise, type WithResponse } from './api-promise';
import { runAttempts } from './attempt-loop';
import { authorizerFor, type Credentials } from './auth';
import { TollgateError } from './errors';
import { mergeHeaders } from './headers';
import { newIdempotencyKey } from './idempotency';
import type { ResolvedOptions, ValidationMode } from './options';
import { Outgoing } from './outgoing';
import { type FetchPage, PagePromise, type Query } from './pagination';
import { INSPECT } from './redact';
import { ResponseValidator } from './validation';
import { VERSION_HEADERS, VersionCheck } from './version-check';

/** Per-call options, accepted as the last argument of every SDK method. */
export interface RequestOptions {
  /** Cancels the call, its retries and waits included. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms; overrides the client's. */
  timeout?: number;
  /** Whole-call timeout in ms; overrides the client's. */
  totalTimeout?: number;
  /** Retries after the first attempt; overrides the client's. */
  maxRetries?: number;
  /** Pins the idempotency key of a creating call (one is generated otherwise). */
  idempotencyKey?: string;
  /** Extra headers for this call; names are case-insensitive and replace the client's. */
  headers?: HeadersInit;
}

export interface CallInput {
  path?: Record<string, string | number> | undefined;
  query?: Query | undefined;
  body?: unknown;
  headers?: HeadersInit | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export class Caller {
  private readonly api;
  private readonly validator: ResponseValidator;
  private readonly versions: VersionCheck;

  constructor(
    readonly options: ResolvedOptions,
    readonly credentials: Credentials,
  ) {
    // Request and fetch given (each call passes its own), so that openapi-fetch's defaults,
    // globalThis.Request and .fetch, are not read: on Node the first read loads undici (tens of
    // ms), which would make constructing a client as slow as a first call.
    this.api = createApiClient({
      baseUrl: options.baseUrl,
      pathSerializer: serializePath,
      Request: Outgoing as never,
      fetch: options.send as never,
    });
    this.validator = new ResponseValidator(options.validate, options.logger);
    this.versions = new VersionCheck(options.logger);
  }

  /**
   * What printing shows of a client (every resource holds its caller): the control plane it
   * talks to, never its options, which hold the API key and the client secret.
   */
  toJSON() {
    return { baseUrl: this.options.baseUrl };
  }

  [INSPECT]() {
    return `Caller ${JSON.stringify(this.toJSON())}`;
  }

  /** Calls an operation of the contract by id. */
  call<T>(id: OperationId, input: CallInput = {}, options: RequestOptions = {}): APIPromise<T> {
    return this.callOperation<T>(operations[id], input, options);
  }

  callOperation<T>(
    op: OperationInfo,
    input: CallInput = {},
    options: RequestOptions = {},
  ): APIPromise<T> {
    return new APIPromise(this.execute<T>(op, input, options));
  }

  /** Calls a list operation and returns a PagePromise over its items. */
  list<Item>(
    id: OperationId,
    query: Query = {},
    input: CallInput = {},
    options: RequestOptions = {},
  ) {
    return this.listOperation<Item>(operations[id], query, input, options);
  }

  listOperation<Item>(
    op: OperationInfo,
    query: Query,
    input: CallInput = {},
    options: RequestOptions = {},
  ) {
    if (!op.pagination) throw new TollgateError(`${op.id} is not a paginated operation`);
    const fetchPage: FetchPage = (q) =>
      this.execute<Record<string, unknown>>(op, { ...input, query: q }, options);
    return PagePromise.start<Item>(op.pagination, fetchPage, stripUndefined(query));
  }

  /** Same pipeline with a per-client validation mode (used by the agent's own client). */
  withCredentials(credentials: Credentials, validate?: ValidationMode): Caller {
    return new Caller(
      { ...this.options, validate: validate ?? this.options.validate },
      credentials,
    );
  }

  async execute<T>(
    op: OperationInfo,
    input: CallInput,
    options: RequestOptions,
  ): Promise<WithResponse<T>> {
    const auth = authorizerFor(op, this.credentials);
    this.validator.prefetch();
    const headers = mergeHeaders(
      VERSION_HEADERS,
      this.options.defaultHeaders,
      input.headers,
      options.headers,
    );
    // The pinned key, else the caller's header in any spelling, else one made for this call.
    const key = options.idempotencyKey ?? headers.get('idempotency-key') ?? undefined;
    if (key !== undefined || op.idempotent)
      headers.set('idempotency-key', key ?? newIdempotencyKey());
    const form = op.requestContentType === 'application/x-www-form-urlencoded';
    if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
    checkPathParams(input.path);
    const stream =
      op.streaming && (op.responseContentTypes.length === 1 || isStreamBody(input.body));
    const totalTimeout = options.totalTimeout ?? this.options.totalTimeout;
    let body: unknown;
    let response = undefined as Response | undefined;
    await this.api.request(
      op.method.toLowerCase() as 'get',
      op.path as '/v1/health',
      {
        params: { path: input.path, query: stripUndefined(input.query ?? {}) } as never,
        body: input.body as never,
        headers,
        parseAs: 'stream',
        ...(form
          ? {
              bodySerializer: (b: unknown) =>
                new URLSearchParams(b as Record<string, string>).toString(),
            }
          : {}),
        // openapi-fetch builds an Outgoing instead of a Request: see core/outgoing.ts.
        Request: Outgoing,
        fetch: async (request: Outgoing) => {
          const result = await runAttempts(request, {
            send: auth.send ?? this.options.send,
            maxRetries: options.maxRetries ?? this.options.maxRetries,
            safeToRepeat: SAFE_METHODS.has(op.method) || headers.has('idempotency-key'),
            timeout: options.timeout ?? this.options.timeout,
            deadline: totalTimeout === undefined ? undefined : Date.now() + totalTimeout,
            signal: options.signal,
            budget: this.options.retryBudget,
            backoff: this.options.backoff,
            maxRetryAfter: this.options.maxRetryAfter,
            prepare: (r) => auth.prepare(r),
            recover: auth.recover ? (p) => auth.recover!(p) : undefined,
            stream,
            logger: this.options.logger,
            redactor: this.options.redactor,
          });
          response = result.response;
          body = stream ? result.response.body : result.body;
          // With parseAs 'stream' openapi-fetch reads nothing from a 2xx response, so the one
          // whose body the attempt loop already consumed can be handed back as it is.
          return result.response;
        },
      } as never,
    );
    if (!response) throw new TollgateError(`${op.id}: no response`);
    this.versions.observe(response);
    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (!stream) {
      await this.validator.check(op.id, body, requestId);
    }
    return { data: body as T, response, requestId };
  }
}

const PATH_PARAM = /\{([^{}]+)\}/g;

/**
 * Path parameters, percent-encoded. The contract only has simple-style path parameters, so
 * openapi-fetch's general serializer (label, matrix, explode styles) is more than needed here
 * and measurably slower on every call.
 */
function serializePath(path: string, params: Record<string, unknown>): string {
  return path.replace(PATH_PARAM, (match, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? match : encodeURIComponent(String(value));
  });
}

function isStreamBody(body: unknown): boolean {
  return (
    typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true
  );
}

/** `.` and `..` would be resolved away by URL parsing and reach another route. */
function checkPathParams(path: CallInput['path']) {
  for (const [name, value] of Object.entries(path ?? {})) {
    const s = String(value);
    if (s === '' || s === '.' || s === '..') {
      throw new TollgateError(`path parameter ${name} must not be empty, "." or ".."`);
    }
  }
}

function stripUndefined(query: Query): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}
