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
  type SecurityRequirement,
  type SecurityScheme,
} from './generated/operations';
export type { components, operations as OperationTypes, paths } from './generated/schema';
export { CONTROL_PLANE_MINOR, CONTROL_PLANE_VERSION, SDK_VERSION } from './generated/version';

/** The typed openapi-fetch client for every path of the contract. */
export type ApiClient = Client<paths>;

/**
 * Creates the typed openapi-fetch client. It adds no auth, retries or validation: that is
 * the job of @tollgate/sdk, which wraps this client.
 */
export function createApiClient(options?: ClientOptions): ApiClient {
  return createClient<paths>(options);
}
