/**
 * Where budgets are kept: the seam between the rules (budget.ts) and their storage. In memory
 * (the default) every operation is the synchronous step of budget.ts, so the check and the
 * hold still happen at once; on Redis (src/redis/) each is one atomic script, so several
 * processes share the budgets. Every budget an agent record carries is this process's copy:
 * `refresh` brings it up to date before it is read.
 */
import type { components } from '@tollgate/api';
import { charge, fits, reserve, setBudget } from './budget';
import type { Seq, State } from './store';

type S = components['schemas'];
export type Agent = Seq<S['Agent']>;

/** An amount held against a budget until the call it covers settles or gives up. */
export interface Hold {
  readonly amount: number;
  /**
   * Charges `cost` (never more than the amount held) and releases the rest; resolves to what
   * was charged. Only the first settle or release counts: later ones change nothing and
   * resolve to `undefined`.
   */
  settle(cost: number, runId?: string): Promise<number | undefined>;
  /** Gives the whole amount back, charging nothing (unless already settled). */
  release(): Promise<void>;
}

export interface Ledger {
  /** Brings these agents' budgets up to date before they are read (memory: nothing to do). */
  refresh(agents: readonly Agent[]): Promise<void>;
  /**
   * A new agent record's budget: the input's limit and threshold; on Redis, the budget its id
   * already has (another process created it) is kept, with the input's limit applied if given.
   */
  open(agent: Agent, input?: S['BudgetInput']): Promise<void>;
  /** Sets the limit (and the threshold, when given); spend and holds stay. */
  set(agent: Agent, input: S['BudgetInput']): Promise<void>;
  /** Whether `cost` more fits beside spend and holds (a check only: nothing is held). */
  fits(agent: Agent, cost: number): Promise<boolean>;
  /** Holds `amount` if it fits, atomically with the check; `undefined` when it does not. */
  reserve(agent: Agent, amount: number): Promise<Hold | undefined>;
  /** Charges a price known in advance if it fits, atomically with the check. */
  chargeIfFits(agent: Agent, cost: number, runId?: string): Promise<boolean>;
}

/** The budgets of one process, kept on its agent records (budget.ts). */
export function memoryLedger(state: State): Ledger {
  return {
    refresh: async () => {},
    // createAgentRecord already gave the record `newBudget(input)`.
    open: async () => {},
    set: async (agent, input) => setBudget(state, agent.budget, input),
    fits: async (agent, cost) => fits(state, agent.budget, cost),
    async reserve(agent, amount) {
      const held = reserve(state, agent.budget, amount);
      if (!held) return undefined;
      return {
        amount,
        settle: async (cost, runId) => held.settle(cost, runId),
        release: async () => held.release(),
      };
    },
    async chargeIfFits(agent, cost, runId) {
      if (!fits(state, agent.budget, cost)) return false;
      charge(state, agent.budget, cost, runId);
      return true;
    },
  };
}
