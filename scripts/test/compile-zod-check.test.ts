import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { CheckCompiler, Unsupported } from '../lib/compile-zod-check.mjs';

type Schema = {
  safeParse(value: unknown): {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
};
type Issue = { path: (string | number)[]; message: string };

/**
 * Compiles `schemas` into one module and runs it: each schema's predicate (`checks[key]`) and
 * its explain walk (`issues[key]`).
 */
async function compileWithIssues<K extends string>(schemas: Record<K, Schema>) {
  const compiler = new CheckCompiler(new Map());
  const names = Object.entries(schemas).map(([key, schema]) => [
    key,
    compiler.predicate(schema, key),
  ]);
  const table = names.map(([key, name]) => `${JSON.stringify(key)}: ${name}`).join(', ');
  const walks = names
    .map(([key, name]) => `${JSON.stringify(key)}: ${compiler.issues(name)}`)
    .join(', ');
  const source = `${compiler.source()}\nexport const checks = { ${table} };\nexport const issues = { ${walks} };`;
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const url = `data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`;
  return (await import(url)) as {
    checks: Record<K, (v: unknown) => boolean>;
    issues: Record<K, (v: unknown) => Issue[]>;
  };
}

const datetime = '2026-01-31T12:00:00Z';
const pair = '\u{1F600}'; // one code point, two UTF-16 units
/** Values a JSON body can hold, and the ones that sit on each rule's edge. */
const LEAVES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 53),
  2 ** 53 - 1,
  1e308,
  '',
  'a',
  'ab',
  'abc',
  pair,
  `${pair}${pair}`,
  `a${pair}`,
  `${pair}${pair}${pair}`,
  '\uD800',
  datetime,
  '2026-01-31T12:00:00.123+02:00',
  '2026-02-30T12:00:00Z',
  '2026-01-31',
  'https://example.com/x',
  '  https://example.com  ',
  'not a url',
  'deadbeef',
  [],
  ['a'],
  [1],
  {},
  { a: 'a' },
  { a: 1 },
  { constructor: 'x' },
];

/** Every leaf, each object of leaves keyed by `keys` (present, absent or undefined), arrays. */
function values(keys: string[]): unknown[] {
  const out: unknown[] = [...LEAVES, undefined];
  for (const key of keys) {
    for (const leaf of [...LEAVES, undefined]) {
      out.push({ [key]: leaf });
      for (const other of keys.filter((k) => k !== key)) {
        out.push({ [key]: leaf, [other]: 'a' }, { [key]: leaf, [other]: 1 });
      }
      out.push({ [key]: leaf, extra: 1 });
    }
  }
  out.push(LEAVES.filter((v) => typeof v === 'string'));
  out.push(JSON.parse('{"__proto__": {"a": 1}}'));
  return out;
}

/**
 * Each predicate says what zod says of every value, and its explain walk finds no issue in
 * an accepted value and, in a refused one, first the very path of zod's first issue.
 */
async function expectSameAsZod(schemas: Record<string, Schema>, keys: string[]) {
  const { checks, issues } = await compileWithIssues(schemas);
  const disagreements: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    for (const value of values(keys)) {
      const result = schema.safeParse(value);
      if (checks[name]?.(value) !== result.success)
        disagreements.push(`${name} ${JSON.stringify(value)}: zod ${result.success}`);
      const found = issues[name]!(value);
      const zodPath = result.error?.issues[0]?.path.map(String);
      const ours = found[0]?.path.map(String);
      if (JSON.stringify(ours) !== JSON.stringify(zodPath))
        disagreements.push(
          `${name} ${JSON.stringify(value)}: first issue at ${JSON.stringify(ours)}, zod's at ${JSON.stringify(zodPath)}`,
        );
    }
  }
  expect(disagreements).toEqual([]);
}

describe('CheckCompiler: a predicate true exactly where zod accepts', () => {
  it('strings, numbers and their checks (lengths in code points, safe integers, bounds)', async () => {
    await expectSameAsZod(
      {
        string: z.string(),
        bounded: z.string().check(z.minLength(2), z.maxLength(2)),
        max1: z.string().check(z.maxLength(1)),
        pattern: z.string().check(z.regex(/^[0-9a-f]+$/)),
        datetime: z.iso.datetime({ offset: true }),
        url: z.url(),
        number: z.number().check(z.gte(0), z.lte(2)),
        int: z.int().check(z.gte(0)),
        exclusive: z.int().check(z.gt(-1), z.lt(2)),
        boolean: z.boolean(),
        void: z.void(),
        unknown: z.unknown(),
        enum: z.enum(['a', 'ab']),
        literal: z.literal(1),
        arrays: z.array(z.string()).check(z.minLength(1), z.maxLength(2)),
        union: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]),
        record: z.record(z.string(), z.int()),
        openRecord: z.record(z.string(), z.unknown()),
      },
      [],
    );
  });

  it('objects: required, nullable, optional and nullish keys, strict objects, inherited names', async () => {
    await expectSameAsZod(
      {
        required: z.object({ a: z.string(), b: z.nullable(z.int()) }),
        requiredUnknown: z.object({ a: z.unknown(), b: z.optional(z.string()) }),
        optional: z.object({ a: z.optional(z.string()), b: z.nullish(z.int()) }),
        strict: z.strictObject({ a: z.nullish(z.string()), b: z.optional(z.int()) }),
        emptyStrict: z.strictObject({}),
        inherited: z.object({ constructor: z.unknown(), toString: z.optional(z.unknown()) }),
        nested: z.object({ a: z.array(z.object({ b: z.string() })), b: z.optional(z.unknown()) }),
        both: z.intersection(
          z.object({ a: z.string() }),
          z.object({ b: z.optional(z.int()), a: z.unknown() }),
        ),
      },
      ['a', 'b', 'constructor', 'toString'],
    );
  });

  it('leaves a schema it does not know to zod, and keeps nothing of it', () => {
    const compiler = new CheckCompiler(new Map());
    const tagged = z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') })]);
    const inside = z.object({ fine: z.string(), t: z.pipe(z.string(), z.transform(Number)) });
    for (const schema of [
      tagged,
      inside,
      z.object({ a: z._default(z.string(), 'x') }),
      z.string().check(z.refine(() => true)),
      z.url({ protocol: /^https$/ }),
      z.email(),
      z.int32(),
      z.looseObject({ a: z.string() }),
    ]) {
      expect(() => compiler.predicate(schema, 'T')).toThrow(Unsupported);
    }
    expect(compiler.source()).toBe('');
  });

  it('compiles a schema shared by two others once, under its given name', () => {
    const shared = z.object({ id: z.string() });
    const compiler = new CheckCompiler(new Map([[shared, 'Shared']]));
    compiler.predicate(z.object({ a: shared }), 'First');
    compiler.predicate(z.array(shared), 'Second');
    const source = compiler.source();
    expect(source.match(/function isShared\(/g)).toHaveLength(1);
    // Used by both: in First's field table, and called over Second's items.
    expect(source).toContain('const F_First: Fields = [["a", isShared, 0]];');
    expect(source).toContain('if (!isShared(v[i])) return false;');
  });
});
