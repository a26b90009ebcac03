/**
 * Budgets on Redis, shared by every dev server pointing at it: the settings, the spend of the
 * current period, the open holds and the alert crossings of a level live under its id (an
 * agent's under `<prefix>budget:<agent id>` and `<prefix>held:<agent id>`, a group's under
 * `<prefix>group-budget:<id>` and `<prefix>group-held:<id>`), and each change is one atomic
 * script over every level a call draws on (budget-scripts.ts). A record's budget is this
 * process's copy, refreshed from every script's answer and before every read.
 *
 * What stays per process: agent and group records, the audit entries, usage records and run
 * events of the calls this process served (an alert crossing is recorded by the process whose
 * call crossed it).
 */
import { randomUUID } from 'node:crypto';
import { stateUnavailable } from '../middleware/problem';
import { boundsOf, type Level, type LevelInput, recordAlert, type Spend } from '../state/budget';
import { type Ledger, type LedgerOptions, levelOf, levelsOf, type Owner } from '../state/ledger';
import type { State } from '../state/store';
import { CHARGE_IF_FITS, PUT, RESERVE, SETTLE } from './budget-scripts';
import type { Script, SharedRedis } from './client';

type Answer = [status: number, charged: number, alerts: string[], levels: string[][]];

/** A hash's fields from HGETALL's flat list (field, value, field, value…). */
function pairs(flat: readonly string[]) {
  const h = new Map<string, string>();
  let field: string | undefined;
  for (const item of flat) {
    if (field === undefined) field = item;
    else {
      h.set(field, item);
      field = undefined;
    }
  }
  return h;
}

/** Brings a level's wire copy up to date from its hash's fields. */
function fromHash(spend: Spend, h: Map<string, string>, now: number) {
  spend.period = h.get('period') ?? 'none';
  spend.time_zone = h.get('tz') ?? 'UTC';
  const bounds = boundsOf(spend, now);
  // A period that began since the last write has spent nothing yet (the next script resets it).
  const stale = bounds !== undefined && bounds.start > Number(h.get('pstart') ?? 0);
  const limit = h.has('limit') ? Number(h.get('limit')) : null;
  const spent = stale ? 0 : Number(h.get('spent') ?? 0);
  const alerts: Spend['alerts'] = [];
  for (const [field, value] of h) {
    if (stale || !field.startsWith('alert:')) continue;
    const [crossedAt = '', spentThen] = value.split(' ');
    alerts.push({
      threshold_pct: Number(field.slice('alert:'.length)),
      crossed_at: crossedAt,
      spent_micros: Number(spentThen),
    });
  }
  alerts.sort((a, b) => a.crossed_at.localeCompare(b.crossed_at));
  Object.assign(spend, {
    limit_micros: limit,
    alert_threshold_pct: h.has('pct') ? Number(h.get('pct')) : null,
    spent_micros: spent,
    remaining_micros:
      limit === null ? null : Math.max(0, limit - spent - Number(h.get('held') ?? 0)),
    alerts,
    updated_at: h.get('updated') ?? spend.updated_at,
    period_start: bounds ? new Date(bounds.start).toISOString() : null,
    period_end: bounds ? new Date(bounds.end).toISOString() : null,
  });
}

export function redisLedger(state: State, redis: SharedRedis, options: LedgerOptions): Ledger {
  const keys = ({ target }: Level): [budget: string, held: string] =>
    target.type === 'agent'
      ? [`${redis.prefix}budget:${target.id}`, `${redis.prefix}held:${target.id}`]
      : [`${redis.prefix}group-budget:${target.id}`, `${redis.prefix}group-held:${target.id}`];
  const missing = ({ target }: Level) =>
    stateUnavailable(
      `The budget of ${target.type === 'agent' ? 'agent' : 'budget group'} ${target.id} is missing from the shared state (Redis).`,
    );
  const periodArgs = (spend: Spend) => [
    `${spend.period ?? 'none'}|${spend.time_zone ?? 'UTC'}`,
    boundsOf(spend, state.now())?.start ?? '',
  ];

  /**
   * Runs a budget script over the levels and brings their copies up to date; asks again when
   * another process changed a level's period meanwhile (-3: the copies now say how).
   */
  async function run(
    levels: readonly [Level, ...Level[]],
    s: Script,
    args: (spend: Spend) => (string | number)[],
    runId?: string,
  ): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const now = state.now();
      // The scripts' reply, as budget-scripts.ts writes it.
      const answer = (await redis.run(
        s,
        levels.flatMap(keys),
        [now, new Date(now).toISOString(), ...levels.flatMap((l) => periodArgs(l.spend))].concat(
          args(levels[0].spend),
        ),
      )) as Answer;
      const [status, , alerts, fields] = answer;
      levels.forEach((level, i) => {
        if (fields[i]?.length) fromHash(level.spend, pairs(fields[i]), now);
      });
      if (status === -3 && attempt < 3) continue;
      const gone = levels.find((_, i) => !fields[i]?.length);
      if (gone || status === -1 || status === -3) throw missing(gone ?? levels[0]);
      levels.forEach((level, i) => {
        const pct = alerts[i];
        if (!pct) return;
        const alert = level.spend.alerts.find((a) => a.threshold_pct === Number(pct));
        if (alert) recordAlert(state, level.target, alert, runId);
      });
      return answer;
    }
  }

  const put = (owner: Owner, mode: 'open' | 'set', input?: LevelInput) => {
    const level = levelOf(owner);
    const keep = (v: string | number | null | undefined) => (v === undefined ? '-' : (v ?? ''));
    return run([level], PUT, (spend) => {
      const after = { ...spend, ...(input?.period && { period: input.period }) };
      if (input?.time_zone) after.time_zone = input.time_zone;
      return [
        mode,
        keep(input?.limit_micros),
        keep(input?.alert_threshold_pct),
        keep(input?.period),
        keep(input?.time_zone),
        boundsOf(after, state.now())?.start ?? '',
      ];
    });
  };

  async function refresh(levels: readonly Level[]) {
    if (!levels.length) return;
    const replies = await redis.guard('reading budgets', async () => {
      const pipeline = redis.client.pipeline();
      for (const level of levels) pipeline.hgetall(keys(level)[0]);
      return (await pipeline.exec()) ?? [];
    });
    levels.forEach((level, i) => {
      const [error, hash] = replies[i] ?? [];
      if (error) throw stateUnavailable('The shared state (Redis) did not answer a read.');
      // HGETALL answers an object of strings ({} for a missing key).
      const fields = new Map<string, string>();
      if (typeof hash === 'object' && hash !== null)
        for (const [field, value] of Object.entries(hash))
          if (typeof value === 'string') fields.set(field, value);
      if (!fields.size) throw missing(level);
      fromHash(level.spend, fields, state.now());
    });
  }

  return {
    refresh: (owners) => refresh(owners.map(levelOf)),
    open: async (owner, input) => void (await put(owner, input ? 'set' : 'open', input)),
    set: async (owner, input) => void (await put(owner, 'set', input)),
    async fits(agent, cost) {
      const levels = levelsOf(state, agent);
      await refresh(levels);
      return levels.every(({ spend: b }) => {
        if (b.limit_micros === null) return true;
        const used = b.limit_micros - (b.remaining_micros ?? 0);
        return used < b.limit_micros && used + cost <= b.limit_micros;
      });
    },
    async reserve(agent, amount) {
      const levels = levelsOf(state, agent);
      const id = randomUUID();
      const expiresAt = state.now() + options.holdTtlMs;
      const [status] = await run(levels, RESERVE, () => [amount, id, expiresAt]);
      if (status !== 1) return undefined;
      const close = async (cost: number | undefined, runId?: string) => {
        const [closed, charged] = await run(levels, SETTLE, () => [id, cost ?? ''], runId);
        return closed === 1 ? charged : undefined;
      };
      return {
        amount,
        settle: (cost, runId) => close(cost, runId),
        release: async () => void (await close(undefined)),
      };
    },
    async chargeIfFits(agent, cost, runId) {
      const [status] = await run(levelsOf(state, agent), CHARGE_IF_FITS, () => [cost], runId);
      return status === 1;
    },
  };
}
