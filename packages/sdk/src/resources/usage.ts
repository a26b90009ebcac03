import type { QueryOf, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

/** Spend and token usage, and the balance across budgets. */
export class Usage extends APIResource {
  get(query: QueryOf<'getUsage'> = {}, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'getUsage'>>('getUsage', { query }, options);
  }

  balance(options?: RequestOptions) {
    return this.caller.call<ResponseOf<'getBalance'>>('getBalance', {}, options);
  }
}
