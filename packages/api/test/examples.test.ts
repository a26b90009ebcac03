import { describe, expect, it } from 'vitest';
import * as schemas from '../src/schemas';
import { contract, contractOperations, deref } from './contract';

type Media = {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown }> | unknown[];
};
type Validator = { safeParse(value: unknown): { success: boolean; error?: unknown } };

function examplesOf(media: Media | undefined): [string, unknown][] {
  if (!media) return [];
  // A schema's `examples` (JSON Schema) is an array of values; a media type's a map of Example objects.
  if (Array.isArray(media.examples))
    return media.examples.map((value, i) => [String(i), value] as [string, unknown]);
  const named = Object.entries(media.examples ?? {}).map(
    ([name, ex]) => [name, deref<{ value?: unknown }>(ex).value] as [string, unknown],
  );
  return 'example' in media ? [['example', media.example], ...named] : named;
}

const JSON_TYPES = ['application/json', 'application/problem+json'];
const cases: { where: string; schema: Validator; value: unknown }[] = [];

for (const { id, operation } of contractOperations()) {
  const parts = schemas.operationSchemas[id as keyof typeof schemas.operationSchemas] as Record<
    string,
    Validator
  >;
  const body = deref<{ content?: Record<string, Media> }>(operation.requestBody);
  for (const [type, media] of Object.entries(body?.content ?? {})) {
    if (!JSON_TYPES.includes(type) && type !== 'application/x-www-form-urlencoded') continue;
    for (const [name, value] of examplesOf(media)) {
      cases.push({ where: `${id} request ${name}`, schema: parts.body!, value });
    }
  }
  const responses = operation.responses as Record<string, unknown>;
  for (const [status, ref] of Object.entries(responses)) {
    const response = deref<{ content?: Record<string, Media> }>(ref);
    for (const [type, media] of Object.entries(response?.content ?? {})) {
      if (!JSON_TYPES.includes(type)) continue;
      const schema = status.startsWith('2') ? parts.response! : schemas.zProblem;
      for (const [name, value] of examplesOf(media)) {
        cases.push({ where: `${id} ${status} ${name}`, schema, value });
        // What the server answers, a client reads (its schemas only widen enums).
        if (status.startsWith('2')) {
          const read = schemas.responseSchemas[id as keyof typeof schemas.responseSchemas];
          cases.push({ where: `${id} ${status} ${name} (client)`, schema: read, value });
        }
      }
    }
  }
}

const componentSchemas = (contract.components?.schemas ?? {}) as Record<string, Media>;
for (const [name, schema] of Object.entries(componentSchemas)) {
  const zod = (schemas as unknown as Record<string, Validator>)[`z${name}`];
  for (const [label, value] of examplesOf(schema)) {
    cases.push({ where: `components.schemas.${name} ${label}`, schema: zod as Validator, value });
  }
}

describe('every example in the contract parses with its generated zod schema', () => {
  it('finds examples for every operation that answers with JSON', () => {
    const withExamples = new Set(cases.map((c) => c.where.split(' ')[0]));
    const jsonOps = contractOperations().filter(({ operation }) =>
      Object.entries(operation.responses as Record<string, unknown>).some(
        ([status, r]) =>
          status.startsWith('2') &&
          Object.keys(deref<{ content?: object }>(r)?.content ?? {}).includes('application/json'),
      ),
    );
    expect(jsonOps.filter(({ id }) => !withExamples.has(id)).map(({ id }) => id)).toEqual([]);
  });

  it.each(cases.map((c) => [c.where, c] as const))('%s', (_, { schema, value }) => {
    expect(schema, 'a zod schema exists for this example').toBeDefined();
    const result = schema.safeParse(value);
    expect(result.error).toBeUndefined();
    expect(result.success).toBe(true);
  });
});
