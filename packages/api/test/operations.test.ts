import { describe, expect, it } from 'vitest';
import { operations } from '../src/index';
import { operationSchemas, responseSchemas } from '../src/schemas';
import { contractOperations, deref } from './contract';

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

  it('gives each operation its response schema alone, the same object as in operationSchemas', () => {
    expect(Object.keys(responseSchemas).sort()).toEqual(Object.keys(operations).sort());
    for (const id of Object.keys(operations) as (keyof typeof operations)[]) {
      expect(responseSchemas[id], id).toBe(operationSchemas[id].response);
    }
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
