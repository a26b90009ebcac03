/** The pieces of compile-zod-check.mjs that are not the walk itself. */

/** A schema (or a part of one) the compiler does not know: its operation keeps plain zod. */
export class Unsupported extends Error {}

/** Functions the compiled module carries when a predicate needs them, each as zod does it. */
export const HELPERS = {
  isPlainObject: `/** zod's \`isPlainObject\`: what a record accepts. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const ctor: unknown = (v as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = ctor.prototype;
  if (typeof proto !== 'object' || proto === null || Array.isArray(proto)) return false;
  return Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}`,
  hasFields: `/** An object's field: [key, its test or 0, mode]; mode 1: the key must be present; 2: an absent key passes. */
type Fields = readonly (readonly [string, ((x: unknown) => boolean) | 0, 0 | 1 | 2])[];
/** zod's object parse, as a yes or no: each field of the table passes. */
function hasFields(v: unknown, fields: Fields): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  for (const [k, test, mode] of fields) {
    if (mode !== 0 && !(k in v)) {
      if (mode === 1) return false;
    } else if (test && !test((v as Record<string, unknown>)[k])) return false;
  }
  return true;
}`,
  codePoints: `/** zod's string length: Unicode code points (a surrogate pair counts once). */
function codePoints(s: string): number {
  let count = s.length;
  if (!/[\\uD800-\\uDBFF]/.test(s)) return count;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}`,
  canParseUrl: `/** zod's \`z.url()\` without options: what the platform's URL parser takes, trimmed. */
function canParseUrl(s: string): boolean {
  const trimmed = s.trim();
  if (typeof URL.canParse === 'function') return URL.canParse(trimmed);
  try {
    new URL(trimmed);
    return true;
  } catch {
    return false;
  }
}`,
};

/** `z.record(z.string(), z.unknown())`: any plain object, nothing to look at inside. */
export function isOpenRecord(schema) {
  const { keyType, valueType, checks } = schema._zod.def;
  const key = keyType._zod.def;
  const value = valueType._zod.def;
  return (
    key.type === 'string' &&
    !key.checks?.length &&
    !key.coerce &&
    value.type === 'unknown' &&
    !value.checks?.length &&
    !checks?.length
  );
}

export function literal(value) {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) {
    return JSON.stringify(value);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Unsupported(`a ${typeof value} literal`);
}
