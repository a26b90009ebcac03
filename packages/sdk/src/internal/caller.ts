/**
 * One request pipeline for every call: the request built from the operation table, then
 * auth → idempotency → attempts with retry/timeout → version check → validation → typed
 * errors. `agent.fetch` enters the same pipeline at `send`, with a request it was handed.
 */
import { type OperationId, type OperationInfo, operations } from '@tollgate/api';
import { APIPromise, type WithResponse } from '../core/api-promise';
import { type BackoffPolicy, retryPolicy } from '../core/backoff';
import { TollgateError } from '../core/errors';
import type { ResolvedOptions, ValidationMode } from '../core/options';
import { type FetchPage, PagePromise } from '../core/pagination';
import type { RequestOptions } from '../core/request-options';
import { type AttemptResult, type ReadMode, runAttempts } from './attempt-loop';
import { type Authorizer, authorizerFor, type Credentials } from './auth';
import { buildRequest, type CallInput, type Query } from './build-request';
import { mergeHeaders } from './headers';
import { newIdempotencyKey } from './idempotency';
import type { Outgoing } from './outgoing';
import { INSPECT } from './redact';
import { ResponseValidator } from './validation';
import { VERSION_HEADERS, VersionCheck } from './version-check';

export type { CallInput } from './build-request';

/** How `send` treats one request: the call's options, whether it may repeat, what it reads. */
export interface SendOptions extends RequestOptions {
  safeToRepeat: boolean;
  mode: ReadMode;
  /** The operation id, for tracing; `agent.fetch` leaves it to the tracer to find. */
  operation?: string;
}

/** A 2xx answer whose body is parsed but not yet checked against the contract. */
export interface Received extends WithResponse<unknown> {
  /** Validates `data` (per the client's mode); rejects with a ResponseValidationError. */
  check(): void | Promise<void>;
}

/** Methods that cannot double an effect when repeated. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export class Caller {
  private readonly validator: ResponseValidator;
  private readonly versions: VersionCheck;
  private readonly backoff: BackoffPolicy;

  constructor(
    readonly options: ResolvedOptions,
    readonly credentials: Credentials,
  ) {
    this.validator = new ResponseValidator(options.validate, options.logger);
    this.versions = new VersionCheck(options.logger);
    this.backoff = retryPolicy(options.backoff);
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
    const pagination = op.pagination;
    if (!pagination) throw new TollgateError(`${op.id} is not a paginated operation`);
    const fetchPage: FetchPage = (q, signal) =>
      this.receive(op, { ...input, query: q }, signal ? { ...options, signal } : options);
    return PagePromise.start<Item>(pagination, fetchPage, query, options.signal);
  }

  /** Same pipeline with a per-client validation mode (used by the agent's own client). */
  withCredentials(credentials: Credentials, validate?: ValidationMode): Caller {
    return new Caller(
      { ...this.options, validate: validate ?? this.options.validate },
      credentials,
    );
  }

  /** A call of the contract, its response validated. */
  async execute<T>(
    op: OperationInfo,
    input: CallInput,
    options: RequestOptions,
  ): Promise<WithResponse<T>> {
    const received = await this.receive(op, input, options);
    await received.check();
    // The schema checked the shape (in 'strict'); T is what the contract says it is.
    return { ...received, data: received.data as T };
  }

  /** A call of the contract up to its parsed body; `check()` validates it. */
  async receive(op: OperationInfo, input: CallInput, options: RequestOptions): Promise<Received> {
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
    const request = buildRequest(this.options.baseUrl, op, input, headers);
    const stream =
      op.streaming && (op.responseContentTypes.length === 1 || asksToStream(input.body));
    const safeToRepeat = SAFE_METHODS.has(op.method) || headers.has('idempotency-key');
    const mode = stream ? 'stream' : 'read';
    const sent: SendOptions = { ...options, safeToRepeat, mode, operation: op.id };
    const { response, body } = await this.send(request, auth, sent);
    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (stream) return { data: response.body, response, requestId, check: () => {} };
    const check = () => this.validator.check(op.id, body, requestId);
    return { data: body, response, requestId, check };
  }

  /** Sends a built request through the attempts, with `auth`'s credentials. */
  send(request: Outgoing, auth: Authorizer, o: SendOptions): Promise<AttemptResult> {
    const { tracing } = this.options;
    if (!tracing) return this.attempts(request, auth, o);
    // Every attempt is prepared by the authorizer (a renewal's too): each after the first is a retry.
    return tracing.trace(request, o.operation, (attempted) => {
      const prepare = (r: Outgoing) => {
        attempted();
        return auth.prepare(r);
      };
      return this.attempts(request, { ...auth, prepare }, o);
    });
  }

  private async attempts(request: Outgoing, auth: Authorizer, o: SendOptions) {
    const { options } = this;
    const totalTimeout = o.totalTimeout ?? options.totalTimeout;
    const result = await runAttempts(request, {
      send: options.send,
      auth,
      maxRetries: o.maxRetries ?? options.maxRetries,
      safeToRepeat: o.safeToRepeat,
      timeout: o.timeout ?? options.timeout,
      deadline: totalTimeout === undefined ? undefined : options.timers.now() + totalTimeout,
      signal: o.signal,
      budget: options.retryBudget,
      backoff: this.backoff,
      maxRetryAfter: options.maxRetryAfter,
      mode: o.mode,
      timers: options.timers,
      random: options.random,
      logger: options.logger,
      redactor: options.redactor,
    });
    this.versions.observe(result.response);
    return result;
  }
}

/** A body asking a dual-mode operation (JSON or SSE) for the stream. */
function asksToStream(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'stream' in body && body.stream === true;
}
