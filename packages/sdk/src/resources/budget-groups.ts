import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '../core/operation-types';
import type { RequestOptions } from '../core/request-options';
import { APIResource } from './resource';

export type BudgetGroup = ResponseOf<'getBudgetGroup'>;

/**
 * Budget groups: a team's or project's budget several agents draw on besides their own (an
 * agent joins with `agents.update(id, { budget_group_id })`). Every LLM call and charge of a
 * member must fit both budgets. Since control plane 2.20.
 */
export class BudgetGroups extends APIResource {
  list(query: QueryOf<'listBudgetGroups'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listBudgetGroups'>>('listBudgetGroups', query, {}, options);
  }

  /** Limit in micro-dollars (null = unlimited), period (none, daily, weekly, monthly), time zone. */
  create(body: BodyOf<'createBudgetGroup'>, options?: RequestOptions) {
    return this.caller.call<BudgetGroup>('createBudgetGroup', { body }, options);
  }

  get(groupId: string, options?: RequestOptions) {
    return this.caller.call<BudgetGroup>(
      'getBudgetGroup',
      { path: { group_id: groupId } },
      options,
    );
  }

  /** Changes the name, limit, threshold, period or time zone; spend and holds stay. */
  update(groupId: string, body: BodyOf<'updateBudgetGroup'>, options?: RequestOptions) {
    return this.caller.call<BudgetGroup>(
      'updateBudgetGroup',
      { path: { group_id: groupId }, body },
      options,
    );
  }
}
