/**
 * @tollgate/api: the low-level client generated from the Tollgate contract.
 * Everything here is generated (src/generated/); this file only names the entry points.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './generated/schema';

export {
  type CursorPagination,
  type OffsetPagination,
  type OperationId,
  type OperationInfo,
  operations,
  type PaginationSnapshot,
  type SecurityRequirement,
  type SecurityScheme,
} from './generated/operations';
export { responseSchemaLoaders } from './generated/response-loaders';
export { matchRoute, type RouteMatch } from './generated/routes';
export type { components, operations as OperationTypes, paths } from './generated/schema';
export type {
  BodyOf,
  HeadersOf,
  OperationParts,
  PathOf,
  QueryOf,
  ResponseOf,
  SuccessStatusOf,
} from './generated/types';
export { CONTROL_PLANE_MINOR, CONTROL_PLANE_VERSION, SDK_VERSION } from './generated/version';

/**
 * `paths` with each open response enum (`'a' | 'b' | (string & {})`) as plain `string`.
 * openapi-fetch's `Readable` turns a `string & {}` member into an object of String's methods
 * (openapi-ts/openapi-typescript#2765), which no string-typed code accepts; a plain `string`
 * stays honest: a newer control plane may send any string there.
 */
export type ClientPaths = OpenAsString<paths>;

/**
 * The values an open response enum is known to have, without the `string & {}` that keeps it
 * open: `Known<components['schemas']['RunStatus']>` is the contract's closed union, for
 * exhaustive maps and switches.
 */
export type Known<T> = T extends string ? (string extends T ? never : T) : T;

type OpenAsString<T> = T extends string
  ? string extends T
    ? string
    : T
  : T extends readonly (infer E)[]
    ? OpenAsString<E>[]
    : T extends object
      ? { [K in keyof T]: OpenAsString<T[K]> }
      : T;

/** The typed openapi-fetch client for every path of the contract. */
export type ApiClient = Client<ClientPaths>;

/**
 * Creates the typed openapi-fetch client. It adds no auth, retries or validation: that is
 * the job of @tollgate/sdk, which wraps this client.
 */
export function createApiClient(options?: ClientOptions): ApiClient {
  return createClient<ClientPaths>(options);
}
