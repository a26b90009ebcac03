/** Budget groups: a team's or project's budget that its agents draw on besides their own. */
import { type Handlers, ok, reply } from '../http';
import { newId } from '../ids';
import { checkLevelInput, createGroupRecord, groupOr404 } from '../state/budget-groups';
import { cursorPage } from '../state/pagination';
import { view } from '../state/store';

export const budgetGroups = {
  listBudgetGroups: async ({ query }, { state, budgets }) => {
    const page = cursorPage(state.budgetGroups.values(), query, 'newest', (g) => g);
    await budgets.refresh(page.data);
    return ok({ ...page, data: page.data.map(view) });
  },
  createBudgetGroup: async (ctx, { state, budgets }) => {
    const id = ctx.body.id ?? newId('bgr');
    const group = await createGroupRecord(state, budgets, id, ctx.body);
    const target = { type: 'budget_group', id };
    state.record(ctx.principal, 'budget_group.created', ctx.requestId, target, ctx.body);
    return reply(201, view(group));
  },
  getBudgetGroup: async ({ path }, { state, budgets }) => {
    const group = groupOr404(state, path.group_id);
    await budgets.refresh([group]);
    return ok(view(group));
  },
  updateBudgetGroup: async (ctx, { state, budgets }) => {
    const group = groupOr404(state, ctx.path.group_id);
    const { name, ...settings } = checkLevelInput(ctx.body, 'body');
    if (name !== undefined) group.name = name;
    await budgets.set(group, settings);
    group.updated_at = state.nowIso();
    const target = { type: 'budget_group', id: group.id };
    state.record(ctx.principal, 'budget_group.updated', ctx.requestId, target, ctx.body);
    return ok(view(group));
  },
} satisfies Handlers;
