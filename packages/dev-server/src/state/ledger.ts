/**
 * Where budgets are kept: the seam between the rules (budget.ts) and their storage. In memory
 * (the default) every operation is the synchronous step of budget.ts, so the check and the
 * hold happen at once on every level; on Redis (src/redis/) each is one atomic script over
 * every level, so several processes share the budgets. Every budget an agent or group record
 * carries is this process's copy: `refresh` brings it up to date before it is read.
 */
import type { components } from '@tollgate/api';
import { invalidState } from '../middleware/problem';
import type { Level, LevelInput } from './budget';
import * as rules from './budget';
import type { Seq, State } from './store';

type S = components['schemas'];
export type Agent = Seq<S['Agent']>;
export type Group = Seq<S['BudgetGroup']>;
/** A record that carries a budget. */
export type Owner = Agent | Group;

/** The budget level of an agent or a group record. */
export const levelOf = (owner: Owner): Level =>
  'budget' in owner
    ? { spend: owner.budget, target: { type: 'agent', id: owner.id } }
    : { spend: owner, target: { type: 'budget_group', id: owner.id } };

/** The levels a call of the agent draws on: its own budget, then its group's. */
export function levelsOf(state: State, agent: Agent): [Level] | [Level, Level] {
  const groupId = agent.budget_group_id;
  if (!groupId) return [levelOf(agent)];
  const group = state.budgetGroups.get(groupId);
  // Fail closed: a member of a group this process does not know is not let through unchecked.
  if (!group)
    throw invalidState(`The budget group ${groupId} of agent ${agent.id} is unknown here.`);
  return [levelOf(agent), levelOf(group)];
}

/** An amount held against budgets until the call it covers settles, gives up or expires. */
export interface Hold {
  readonly amount: number;
  /**
   * Charges `cost` (never more than the amount held) and releases the rest; resolves to what
   * was charged. Only the first settle or release counts (an expired hold counts as
   * released): later ones change nothing and resolve to `undefined`.
   */
  settle(cost: number, runId?: string): Promise<number | undefined>;
  /** Gives the whole amount back, charging nothing (unless already settled). */
  release(): Promise<void>;
}

export interface Ledger {
  /** Brings these records' budgets up to date before they are read. */
  refresh(owners: readonly Owner[]): Promise<void>;
  /**
   * A new record's budget: the input's settings; on Redis, the budget its id already has
   * (another process created it) is kept, with the input applied if given.
   */
  open(owner: Owner, input?: LevelInput): Promise<void>;
  /** Applies the limit, threshold, period and zone the input gives; spend and holds stay. */
  set(owner: Owner, input: LevelInput): Promise<void>;
  /** Whether `cost` more fits the agent's levels (a check only: nothing is held). */
  fits(agent: Agent, cost: number): Promise<boolean>;
  /**
   * Holds `amount` on every level of the agent if it fits every level, atomically with the
   * check; `undefined` when it does not. The hold expires after the ledger's hold lifetime.
   */
  reserve(agent: Agent, amount: number): Promise<Hold | undefined>;
  /** Charges a price known in advance to every level if it fits every level, atomically. */
  chargeIfFits(agent: Agent, cost: number, runId?: string): Promise<boolean>;
}

export interface LedgerOptions {
  /** How long a hold lives unsettled before it is dropped (its process is taken for dead). */
  holdTtlMs: number;
}

/** The budgets of one process, kept on its records (budget.ts). */
export function memoryLedger(state: State, options: LedgerOptions): Ledger {
  return {
    refresh: async (owners) => {
      for (const owner of owners) rules.prepare(state, levelOf(owner));
    },
    // The record was made with the input's settings: bring its view up to date.
    open: async (owner) => void rules.prepare(state, levelOf(owner)),
    set: async (owner, input) => rules.setLevel(state, levelOf(owner), input),
    fits: async (agent, cost) => rules.fits(state, levelsOf(state, agent), cost),
    async reserve(agent, amount) {
      const held = rules.reserve(state, levelsOf(state, agent), amount, options.holdTtlMs);
      if (!held) return undefined;
      return {
        amount,
        settle: async (cost, runId) => held.settle(cost, runId),
        release: async () => held.release(),
      };
    },
    chargeIfFits: async (agent, cost, runId) =>
      rules.chargeIfFits(state, levelsOf(state, agent), cost, runId),
  };
}
