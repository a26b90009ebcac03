import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { mergeHeaders } from '../internal/headers';
import { SIGNATURE_HEADER, signWebhook } from '../webhooks';
import { APIResource } from './resource';

/** Webhook triggers: an HMAC-signed POST starts a governed service request for an agent. */
export class Triggers extends APIResource {
  /** Creates a trigger. The response's `secret` is shown once: store it now. */
  create(body: BodyOf<'createTrigger'>, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'createTrigger'>>('createTrigger', { body }, options);
  }

  list(query: QueryOf<'listTriggers'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listTriggers'>>('listTriggers', query, {}, options);
  }

  get(triggerId: string, options?: RequestOptions) {
    const path = { trigger_id: triggerId };
    return this.caller.call<ResponseOf<'getTrigger'>>('getTrigger', { path }, options);
  }

  delete(triggerId: string, options?: RequestOptions) {
    const path = { trigger_id: triggerId };
    return this.caller.call<void>('deleteTrigger', { path }, options);
  }

  /**
   * Fires a trigger as its webhook sender would: the payload signed with the trigger's secret,
   * no bearer credential. Answers 202 even when dispatch was refused: read `dispatch_status`.
   */
  async fire(
    triggerId: string,
    payload: Record<string, unknown>,
    { secret, ...options }: RequestOptions & { secret: string },
  ) {
    const signature = await signWebhook(JSON.stringify(payload), secret);
    const headers = mergeHeaders(options.headers, { [SIGNATURE_HEADER]: signature });
    const path = { trigger_id: triggerId };
    return this.caller.call<ResponseOf<'fireTrigger'>>(
      'fireTrigger',
      { path, body: payload },
      { ...options, headers: headers.toRecord() },
    );
  }
}
