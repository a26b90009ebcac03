import { describe, expect, it } from 'vitest';
import { responseChecks } from '../src/checks';
import { operations } from '../src/index';
import { responseIssues } from '../src/issues';
import { responseSchemas } from '../src/schemas';
import { contractOperations, deref } from './contract';

type Media = { example?: unknown; examples?: Record<string, { value?: unknown }> };
type Id = keyof typeof responseSchemas;

/** Each operation's 2xx JSON examples from the contract. */
function examples(responses: Record<string, unknown>): unknown[] {
  const found: unknown[] = [];
  for (const [status, ref] of Object.entries(responses)) {
    if (!status.startsWith('2')) continue;
    const media = deref<{ content?: Record<string, Media> }>(ref)?.content?.['application/json'];
    if (!media) continue;
    if ('example' in media) found.push(media.example);
    for (const ex of Object.values(media.examples ?? {}))
      found.push(deref<{ value?: unknown }>(ex).value);
  }
  return found.map((v) => JSON.parse(JSON.stringify(v)));
}

const pair = '\u{1F600}';
/** What each value in a body is replaced by, one at a time: every JSON kind and the edges. */
const REPLACEMENTS: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53,
  '',
  'x',
  pair.repeat(40),
  'x'.repeat(2001),
  '2026-13-01T00:00:00Z',
  '2026-01-01T00:00:00',
  '2026-01-01T00:00:00.5+01:00',
  'https://example.com',
  'a'.repeat(64),
  '0'.repeat(64),
  [],
  [{}],
  {},
  { unexpected: 1 },
];

/** The example, and one variant per (place, replacement), per removed key, per added key. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [value, ...REPLACEMENTS];
  const visit = (node: unknown, rebuild: (replacement: unknown) => unknown) => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) {
        visit(item, (r) => rebuild(node.map((old, j) => (j === i ? r : old))));
      }
      out.push(rebuild([]), rebuild([...node, ...node.slice(0, 1)]));
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const without = { ...record };
        delete without[key];
        out.push(rebuild(without));
        for (const r of REPLACEMENTS) out.push(rebuild({ ...record, [key]: r }));
        visit(record[key], (r) => rebuild({ ...record, [key]: r }));
      }
      out.push(rebuild({ ...record, unexpected_field: 'x' }));
    }
  };
  visit(value, (r) => r);
  return out;
}

describe('responseChecks: accepts exactly what responseSchemas accepts', () => {
  it('has a check for every operation (none falls back to zod)', () => {
    expect(Object.keys(responseChecks).sort()).toEqual(Object.keys(operations).sort());
    expect(Object.keys(responseIssues).sort()).toEqual(Object.keys(operations).sort());
  });

  const cases = contractOperations()
    .map(({ id, operation }) => ({
      id: id as Id,
      bodies: examples(operation.responses as Record<string, unknown>).flatMap(variants),
    }))
    .filter(({ bodies }) => bodies.length > 0);

  it('covers the operations that answer JSON', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s, its examples mutated', (id, { bodies }) => {
    const check = responseChecks[id];
    const schema = responseSchemas[id];
    const disagreements = bodies
      .filter((body) => check?.(body) !== schema.safeParse(body).success)
      .map((body) => `zod ${schema.safeParse(body).success}: ${JSON.stringify(body)}`);
    expect(disagreements).toEqual([]);
    // The explain walk finds nothing in an accepted body and, in a refused one, first the very
    // path of zod's first issue.
    const misplaced = bodies
      .map((body) => {
        const zod = schema.safeParse(body).error?.issues[0]?.path.map(String);
        const ours = responseIssues[id]?.(body)[0]?.path.map(String);
        return JSON.stringify(ours) === JSON.stringify(zod)
          ? undefined
          : `ours ${JSON.stringify(ours)}, zod ${JSON.stringify(zod)}: ${JSON.stringify(body)}`;
      })
      .filter(Boolean);
    expect(misplaced).toEqual([]);
    // Both verdicts occur, so the comparison means something.
    expect(bodies.some((b) => check?.(b))).toBe(true);
    expect(bodies.some((b) => !check?.(b))).toBe(true);
  });
});
