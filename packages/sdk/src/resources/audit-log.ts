import type { ItemOf, QueryOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

/** The audit log: every change and every governed call, offset-paginated with a total. */
export class AuditLog extends APIResource {
  list(query: QueryOf<'listAuditLog'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listAuditLog'>>('listAuditLog', query, {}, options);
  }
}
