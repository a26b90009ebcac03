import type { MethodOperations, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

/** The catalog of governed services, with their operations, policies and prices. */
export class Services extends APIResource {
  list(options?: RequestOptions) {
    return this.caller.call<ResponseOf<'listServices'>>('listServices', {}, options);
  }
}

/** The operation each method calls: an agent's view keeps those its identity may call. */
export const SERVICE_OPERATIONS = {
  list: 'listServices',
} as const satisfies MethodOperations<Services>;
