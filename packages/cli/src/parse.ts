/** Parsers for flag and argument values: a bad value is a usage error (exit 2) naming the flag. */
import { InvalidArgumentError } from 'commander';

/** A whole number within [min, max]. */
export const integer =
  (min = 0, max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('not a whole number.');
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be within ${min}..${max}.`);
    return n;
  };

/** A micro-dollar amount given as dollars ("1.50", "$2"), micros ("1500000u") or "unlimited". */
export function parseMicros(value: string): number | null {
  if (value === 'unlimited' || value === 'none') return null;
  const micros = /^(\d+)u$/.exec(value);
  if (micros) return Number(micros[1]);
  const text = value.replace(/^\$/, '');
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new InvalidArgumentError(
      'not an amount: dollars ("5.00"), micros ("5000000u") or "unlimited".',
    );
  return Math.round(Number(text) * 1_000_000);
}

/** A JSON value; the error names what was wrong, and commander names the flag. */
export function json(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('not valid JSON.');
  }
}

/** A JSON object. */
export function jsonObject(value: string): Record<string, unknown> {
  const parsed = json(value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidArgumentError('must be a JSON object.');
  return Object.fromEntries(Object.entries(parsed));
}

/** A comma-separated list, empty items dropped. */
export const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const dollars = (micros: number | null | undefined) =>
  micros === null || micros === undefined
    ? 'unlimited'
    : `$${(micros / 1_000_000).toFixed(micros % 10_000 === 0 ? 2 : 6)}`;
