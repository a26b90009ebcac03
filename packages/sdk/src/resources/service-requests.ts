import type { BodyOf, MethodOperations, ResponseOf } from '../core/operation-types';
import { type PollOptions, pollUntil } from '../core/polling';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

export type ServiceRequest = ResponseOf<'getServiceRequest'>;

/**
 * Governed service requests. The outcome is a status to branch on, not an exception:
 * executed | blocked | approval_required | failed, or running (HTTP 202) for slow services.
 */
export class ServiceRequests extends APIResource {
  /** Creates a request (idempotent: a key is generated, or pin one with `idempotencyKey`). */
  create(body: BodyOf<'createServiceRequest'>, options?: RequestOptions) {
    return this.caller.call<ServiceRequest>('createServiceRequest', { body }, options);
  }

  get(requestId: string, options?: RequestOptions) {
    const path = { request_id: requestId };
    return this.caller.call<ServiceRequest>('getServiceRequest', { path }, options);
  }

  /**
   * Creates a request and, while it is `running`, polls it (interval × 1.5, capped) until it
   * settles. `approval_required` comes back as a result to act on, like every other status.
   */
  async createAndWait(
    body: BodyOf<'createServiceRequest'>,
    options: RequestOptions & PollOptions = {},
  ): Promise<ServiceRequest> {
    const created = await this.create(body, options);
    const { pollInterval, maxPollInterval, maxWait, idempotencyKey, ...requestOptions } = options;
    return pollUntil(
      created,
      () => this.get(created.id, requestOptions),
      (r) => r.status !== 'running',
      options,
      this.caller.options.timers,
      this.caller.options.random,
    );
  }
}

/** The operation each method calls: an agent's view keeps those its identity may call. */
export const SERVICE_REQUEST_OPERATIONS = {
  create: 'createServiceRequest',
  get: 'getServiceRequest',
  createAndWait: ['createServiceRequest', 'getServiceRequest'],
} as const satisfies MethodOperations<ServiceRequests>;
