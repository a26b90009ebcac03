import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

/** Human decisions on runs and service requests that policy held back. */
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
