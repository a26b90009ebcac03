import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

/** Scoped operator API keys. The secret is in the create response only: store it then. */
export class ApiKeys extends APIResource {
  create(body: BodyOf<'createApiKey'>, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'createApiKey'>>('createApiKey', { body }, options);
  }

  list(query: QueryOf<'listApiKeys'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listApiKeys'>>('listApiKeys', query, {}, options);
  }

  revoke(keyId: string, options?: RequestOptions) {
    const path = { key_id: keyId };
    return this.caller.call<ResponseOf<'revokeApiKey'>>('revokeApiKey', { path }, options);
  }
}
