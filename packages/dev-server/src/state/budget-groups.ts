/** Budget groups: a budget several agents draw on, and the checks on budget settings. */
import type { components } from '@tollgate/api';
import { HttpProblem, notFound } from '../middleware/problem';
import { type LevelInput, newBudget } from './budget';
import type { Group, Ledger } from './ledger';
import { checkTimeZone } from './period';
import type { State } from './store';

type S = components['schemas'];

/** The settings as given, with a time zone Intl knows (else 422 naming the field). */
export function checkLevelInput<T extends LevelInput>(input: T, path: string): T {
  if (input.time_zone !== undefined) checkTimeZone(input.time_zone, `${path}.time_zone`);
  return input;
}

/** The group an agent is put in must exist (422 otherwise: the request names it). */
export function checkGroup(state: State, groupId: string) {
  if (!state.budgetGroups.has(groupId))
    throw new HttpProblem(422, 'validation_failed', `No budget group ${groupId}.`, {
      errors: [{ path: 'body.budget_group_id', message: `no budget group ${groupId}` }],
    });
}

export const groupOr404 = (state: State, id: string) => {
  const group = state.budgetGroups.get(id);
  if (!group) throw notFound(`budget group ${id}`);
  return group;
};

/** Creates the group; its budget is opened in the ledger (on Redis, shared by its id). */
export async function createGroupRecord(
  state: State,
  budgets: Ledger,
  id: string,
  input: S['BudgetGroupCreate'],
): Promise<Group> {
  if (state.budgetGroups.has(id))
    throw new HttpProblem(409, 'conflict', `Budget group ${id} already exists.`);
  checkLevelInput(input, 'body');
  const { agent_id: _agent, ...spend } = newBudget(state, id, input);
  const now = state.nowIso();
  const group: Group = {
    id,
    name: input.name,
    ...spend,
    period: spend.period ?? 'none',
    time_zone: spend.time_zone ?? 'UTC',
    period_start: null,
    period_end: null,
    created_at: now,
    seq: state.nextSeq(),
  };
  await budgets.open(group, input);
  if (state.budgetGroups.has(id))
    throw new HttpProblem(409, 'conflict', `Budget group ${id} already exists.`);
  state.budgetGroups.set(id, group);
  return group;
}
