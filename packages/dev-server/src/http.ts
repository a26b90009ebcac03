/**
 * What a handler receives about one request and what it returns, typed from the contract:
 * a handler of operation `Id` gets `Id`'s body, path, query and header parameters (already
 * validated against the contract's zod schemas by the router) and answers one of `Id`'s
 * success statuses with that status's content.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  BodyOf,
  HeadersOf,
  OperationId,
  OperationInfo,
  PathOf,
  QueryOf,
  ResponseOf,
  SuccessStatusOf,
} from '@tollgate/api';
import type { Deps } from './deps';

/** An operator credential (API key, OAuth client), the public, or the system itself. */
export interface OperatorPrincipal {
  type: 'api_key' | 'oauth_client' | 'public';
  id: string;
  name: string;
  scopes: string[];
  agentId?: undefined;
  runId?: undefined;
}

/** An agent identity (certificate + proof): acts for its agent, within one run. */
export interface AgentPrincipal {
  type: 'agent';
  id: string;
  name: string;
  scopes: string[];
  agentId: string;
  runId: string;
}

/** Who is calling. */
export type Principal = OperatorPrincipal | AgentPrincipal;

/** Everything a handler of `Id` gets about one request, already validated against the contract. */
export interface Context<Id extends OperationId = OperationId> {
  op: OperationInfo<Id>;
  req: IncomingMessage;
  requestId: string;
  path: PathOf<Id>;
  query: QueryOf<Id>;
  /** Header parameters of the operation, by their contract names (e.g. `Last-Event-ID`). */
  headers: HeadersOf<Id>;
  body: BodyOf<Id>;
  /** The exact body bytes (proof binding, trigger signatures, upstream forwarding). */
  rawBody: Buffer;
  principal: Principal;
}

/** What the router writes: any status and body (problem details included). */
export interface Reply {
  status: number;
  /** JSON to serialize, or a string sent as it is (bytes already serialized). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Writes the body itself (SSE): the router sends the status and headers only. */
  stream?: (res: ServerResponse) => void;
}

/**
 * What a handler of `Id` returns: one of its success statuses with that status's content,
 * or a string of bytes already serialized (the contract's YAML, an evidence pack's fixed
 * bytes, an upstream provider's answer), or a stream.
 */
export type ReplyOf<Id extends OperationId> = {
  [S in SuccessStatusOf<Id>]: Reply & { status: S; body?: ResponseOf<Id, S> | string };
}[SuccessStatusOf<Id>];

export type Handler<Id extends OperationId> = (
  ctx: Context<Id>,
  deps: Deps,
) => ReplyOf<Id> | Promise<ReplyOf<Id>>;

/** A handler for every operation of the contract: the server is complete or does not compile. */
export type AllHandlers = { [Id in OperationId]: Handler<Id> };

/**
 * A route module's handlers, each checked against its operation: `{ getAgent: (ctx) => … }
 * satisfies Handlers` types `ctx` as `Context<'getAgent'>` and the reply by getAgent's
 * responses; an id the contract lacks fails to compile.
 */
export type Handlers = Partial<AllHandlers>;

/** 200 with a body. */
export const ok = <B>(body: B, headers?: Record<string, string>) => ({
  status: 200 as const,
  body,
  headers,
});
/** Any status with a body. */
export const reply = <S extends number, B>(
  status: S,
  body: B,
  headers?: Record<string, string>,
) => ({
  status,
  body,
  headers,
});
export const noContent = () => ({ status: 204 as const });

/** The address a listening server is bound to (`address()` is a string only for a pipe). */
export function boundAddress(server: Server): AddressInfo {
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the server is not listening on a TCP port');
  return address;
}
