/**
 * Budget periods: when spend resets, computed in the budget's IANA time zone with the
 * platform's Intl (no time-zone data of our own). A day starts at local midnight (or, where a
 * clock change skips midnight, at the first instant of the local day); a week on Monday; a
 * month on its first day.
 */
import type { components } from '@tollgate/api';
import { validationFailed } from '../middleware/problem';

export type Period = components['schemas']['BudgetPeriod'];

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The local wall-clock time at instant `t`, as if it were UTC (ms). */
function wall(timeZone: string, t: number): number {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of format(timeZone).formatToParts(t))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  // The format asks for every one of these parts: the defaults are never used.
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

const DAY = 86_400_000;
const dateOf = (ms: number) => Math.floor(ms / DAY);

/** The first instant of the local day `localMidnight` (a wall time at 00:00, as UTC ms). */
function startOfLocalDay(timeZone: string, localMidnight: number): number {
  // The offset a day before and a day after (clock changes are further apart than that):
  // of the instants they give, the earliest that falls on the day is its start. Where the
  // change skips midnight, that is the first instant after the gap.
  const candidates = [localMidnight - DAY, localMidnight + DAY]
    .map((probe) => localMidnight - (wall(timeZone, probe) - probe))
    .filter((t) => dateOf(wall(timeZone, t)) === dateOf(localMidnight));
  return Math.min(...candidates);
}

export interface Bounds {
  start: number;
  end: number;
}

/** The period containing `now` in `timeZone`; undefined for `none` (spend never resets). */
export function periodBounds(period: Period, timeZone: string, now: number): Bounds | undefined {
  if (period === 'none') return undefined;
  const local = new Date(wall(timeZone, now));
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
  let from: number;
  let to: number;
  if (period === 'daily') {
    from = Date.UTC(y, m, d);
    to = Date.UTC(y, m, d + 1);
  } else if (period === 'weekly') {
    const sinceMonday = (local.getUTCDay() + 6) % 7;
    from = Date.UTC(y, m, d - sinceMonday);
    to = Date.UTC(y, m, d - sinceMonday + 7);
  } else {
    from = Date.UTC(y, m, 1);
    to = Date.UTC(y, m + 1, 1);
  }
  return { start: startOfLocalDay(timeZone, from), end: startOfLocalDay(timeZone, to) };
}

/** The time zone if Intl knows it; else 422 naming the field. */
export function checkTimeZone(timeZone: string, path: string): string {
  try {
    format(timeZone);
    return timeZone;
  } catch {
    throw validationFailed([{ path, message: `${timeZone} is not an IANA time zone` }]);
  }
}
