import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

/** OAuth2 clients for the client-credentials flow. The secret is shown once, at creation. */
export class OAuthClients extends APIResource {
  create(body: BodyOf<'createOAuthClient'>, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'createOAuthClient'>>(
      'createOAuthClient',
      { body },
      options,
    );
  }

  list(query: QueryOf<'listOAuthClients'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listOAuthClients'>>('listOAuthClients', query, {}, options);
  }

  delete(clientId: string, options?: RequestOptions) {
    const path = { client_id: clientId };
    return this.caller.call<void>('deleteOAuthClient', { path }, options);
  }
}
