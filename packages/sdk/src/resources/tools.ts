import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

/** Tools agents may call, each with a policy: allow, approval_required or deny. */
export class Tools extends APIResource {
  /** Registers a tool (idempotent). */
  register(body: BodyOf<'registerTool'>, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'registerTool'>>('registerTool', { body }, options);
  }

  list(query: QueryOf<'listTools'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listTools'>>('listTools', query, {}, options);
  }

  get(toolId: string, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'getTool'>>(
      'getTool',
      { path: { tool_id: toolId } },
      options,
    );
  }

  delete(toolId: string, options?: RequestOptions) {
    return this.caller.call<void>('deleteTool', { path: { tool_id: toolId } }, options);
  }
}
