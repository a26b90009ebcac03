import { describe, expect, it } from 'vitest';
import {
  type OperationId,
  type OperationInfo,
  operations,
  responseSchemaLoaders,
} from '../src/index';
import { operationSchemas, responseSchemas } from '../src/schemas';
import { contractOperations, deref } from './contract';

type Node = Record<string, unknown>;

describe('the generated operation table', () => {
  const fromContract = contractOperations();

  it('has exactly the operations of the contract, with their method and path', () => {
    const table = Object.values(operations).map((op) => `${op.method} ${op.path} ${op.id}`);
    const expected = fromContract.map((op) => `${op.method.toUpperCase()} ${op.path} ${op.id}`);
    expect(table.sort()).toEqual(expected.sort());
  });

  it('marks idempotent operations and gives each an Idempotency-Key header', () => {
    for (const op of Object.values(operations)) {
      const declared = fromContract.find((c) => c.id === op.id)!.operation['x-tollgate-idempotent'];
      expect(op.idempotent, op.id).toBe(declared === true);
      if (op.idempotent) expect(op.parameters.header, op.id).toContain('Idempotency-Key');
    }
  });

  it('names pagination fields that exist in the response schema', () => {
    const paged = Object.values(operations).filter((op) => op.pagination);
    expect(paged.map((op) => op.pagination!.style)).toEqual(
      expect.arrayContaining(['cursor', 'offset']),
    );
    for (const op of paged) {
      const shape = (operationSchemas[op.id].response as { def: { shape?: object } }).def.shape;
      expect(Object.keys(shape ?? {}), op.id).toContain(op.pagination!.items);
      const p = op.pagination!;
      const field = p.style === 'cursor' ? p.nextCursor : p.total;
      expect(Object.keys(shape ?? {}), op.id).toContain(field);
      expect(op.parameters.query, op.id).toContain(p.limitParam);
    }
  });

  it('records every success status and a security decision for every operation', () => {
    for (const { id, operation } of fromContract) {
      const op = operations[id as keyof typeof operations];
      const statuses = Object.keys(operation.responses as object)
        .filter((s) => s.startsWith('2'))
        .map(Number);
      expect([...op.successStatuses].sort(), id).toEqual(statuses.sort());
      const declared = (operation.security ?? []) as object[];
      expect(op.security.length, id).toBe(declared.length);
    }
  });

  it('gives each operation a client response schema that reads enum values added later', () => {
    expect(Object.keys(responseSchemas).sort()).toEqual(Object.keys(operations).sort());
    const responses = fromContract.find((c) => c.id === 'getAgent')!.operation.responses as Node;
    const media = deref<{ content: { 'application/json': { examples: Node } } }>(responses['200'])
      .content['application/json'];
    const agent = deref<{ value: { budget: object } }>(Object.values(media.examples)[0]).value;
    const newer = { ...agent, status: 'hibernating', budget: { ...agent.budget, currency: 'EUR' } };
    expect(responseSchemas.getAgent.safeParse(newer).error).toBeUndefined();
    // The exact schemas, which a server holds itself to, refuse what the contract lacks.
    expect(operationSchemas.getAgent.response.safeParse(newer).success).toBe(false);
    // Open to any string, not to anything.
    expect(responseSchemas.getAgent.safeParse({ ...agent, status: 7 }).success).toBe(false);
    // Request enums stay closed.
    expect(operationSchemas.listAgents.query.safeParse({ status: 'hibernating' }).success).toBe(
      false,
    );
  });

  it("loads each operation's client response schema with its resource, the very schema responseSchemas holds", async () => {
    // Keyed by tag, an untagged operation by its own id.
    const units = Object.values(operations).map((op: OperationInfo<OperationId>) => ({
      id: op.id,
      unit: (op.tag ?? op.id) as keyof typeof responseSchemaLoaders,
    }));
    for (const { id, unit } of units) {
      const loaded: Record<string, unknown> = await responseSchemaLoaders[unit]();
      expect(loaded[id], id).toBe(responseSchemas[id]);
    }
    // One module per tag: what a client loads for one resource's call.
    const tags = new Set(units.map(({ unit }) => unit));
    expect(Object.keys(responseSchemaLoaders).sort()).toEqual([...tags].sort());
  });

  it('flags streaming operations', () => {
    const streaming = Object.values(operations)
      .filter((op) => op.streaming)
      .map((op) => op.id);
    expect(streaming).toContain('streamRunEvents');
    for (const id of streaming) {
      const ok = deref<{ content?: object }>(
        fromContract.find((c) => c.id === id)!.operation.responses,
      );
      expect(ok).toBeDefined();
    }
  });
});
