/** Types of an operation's parts, looked up by operationId in the generated contract types. */
import type { OperationId, OperationTypes } from '@tollgate/api';

type Op<Id extends OperationId> = OperationTypes[Id];

type ContentOf<R> = R extends { content: { 'application/json': infer T } }
  ? T
  : R extends { content: { 'application/x-www-form-urlencoded': infer T } }
    ? T
    : R extends { content: { 'text/event-stream': unknown } }
      ? ReadableStream<Uint8Array>
      : undefined;

type SuccessStatus = 200 | 201 | 202 | 204;

/** The parsed success body (a union when several 2xx statuses answer differently). */
export type ResponseOf<Id extends OperationId> = {
  [S in keyof Op<Id>['responses']]: S extends SuccessStatus
    ? ContentOf<Op<Id>['responses'][S]>
    : never;
}[keyof Op<Id>['responses']];

export type BodyOf<Id extends OperationId> =
  Op<Id> extends { requestBody: infer B }
    ? ContentOf<B>
    : Op<Id> extends { requestBody?: infer B }
      ? ContentOf<NonNullable<B>> | undefined
      : never;

export type QueryOf<Id extends OperationId> = NonNullable<Op<Id>['parameters']['query']>;

export type PathOf<Id extends OperationId> = NonNullable<Op<Id>['parameters']['path']>;

/** The item type of a paginated operation's `data` array. */
export type ItemOf<Id extends OperationId> =
  ResponseOf<Id> extends { data: (infer T)[] } ? T : never;

type Table = typeof import('@tollgate/api').operations;
type AgentOnly = { readonly schemes: readonly 'agentIdentity'[] };

/**
 * The operations an agent's identity may call, read from the generated table: those with a
 * security requirement an agent identity meets alone, and the public ones.
 */
export type AgentOperationId = {
  [K in OperationId]: Table[K]['security'] extends readonly []
    ? K
    : [Extract<Table[K]['security'][number], AgentOnly>] extends [never]
      ? never
      : K;
}[OperationId];

/** The operation(s) each public method of a resource calls. */
export type MethodOperations<R> = { readonly [K in keyof R]: OperationId | readonly OperationId[] };

/** A resource as an agent sees it: only the methods whose operation its identity may call. */
export type AgentView<R, M extends MethodOperations<R>> = Pick<
  R,
  {
    [K in keyof M]: M[K] extends AgentOperationId | readonly AgentOperationId[] ? K : never;
  }[keyof M] &
    keyof R
>;
