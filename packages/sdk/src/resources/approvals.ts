import type {
  BodyOf,
  ItemOf,
  MethodOperations,
  QueryOf,
  ResponseOf,
} from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

export type Approval = ResponseOf<'getApproval'>;

/**
 * Human decisions on runs and service requests that policy held back. An agent
 * (`agent.approvals`) lists and reads its own, and claims an approved call it executes itself.
 */
export class Approvals extends APIResource {
  list(query: QueryOf<'listApprovals'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listApprovals'>>('listApprovals', query, {}, options);
  }

  get(approvalId: string, options?: RequestOptions) {
    const path = { approval_id: approvalId };
    return this.caller.call<ResponseOf<'getApproval'>>('getApproval', { path }, options);
  }

  /** Approves; the run or service request that waited resumes. */
  approve(approvalId: string, body: BodyOf<'approveApproval'> = {}, options?: RequestOptions) {
    const path = { approval_id: approvalId };
    return this.caller.call<ResponseOf<'approveApproval'>>(
      'approveApproval',
      { path, body },
      options,
    );
  }

  /**
   * Claims an approved call (from `tools.check`) to execute it, exactly once, with the input
   * held for approval: the run starts and comes back with the approved input. A conflict
   * (409) says why not: `approval_pending`, `approval_rejected`, `approval_expired`,
   * `approval_claimed`, `input_mismatch`.
   */
  claim(approvalId: string, body: BodyOf<'claimApproval'>, options?: RequestOptions) {
    const path = { approval_id: approvalId };
    return this.caller.call<ResponseOf<'claimApproval'>>('claimApproval', { path, body }, options);
  }

  /** Rejects with a reason; what waited ends. */
  reject(approvalId: string, body: BodyOf<'rejectApproval'>, options?: RequestOptions) {
    const path = { approval_id: approvalId };
    return this.caller.call<ResponseOf<'rejectApproval'>>(
      'rejectApproval',
      { path, body },
      options,
    );
  }
}

/** The operation each method calls: an agent's `approvals` keeps those its identity may call. */
export const APPROVAL_OPERATIONS = {
  list: 'listApprovals',
  get: 'getApproval',
  approve: 'approveApproval',
  claim: 'claimApproval',
  reject: 'rejectApproval',
} as const satisfies MethodOperations<Approvals>;
