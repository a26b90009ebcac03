import { describe, expectTypeOf, it } from 'vitest';
import {
  type components,
  createApiClient,
  type Known,
  type OperationId,
  operations,
} from '../src/index';

type Schemas = components['schemas'];
const client = createApiClient({ baseUrl: 'http://127.0.0.1:4010' });

describe('typed paths, params and bodies', () => {
  it('types responses by path and method', async () => {
    const { data } = await client.GET('/v1/agents/{agent_id}', {
      params: { path: { agent_id: 'a' } },
    });
    expectTypeOf(data).not.toBeAny();
    expectTypeOf(data!.budget.limit_micros).toEqualTypeOf<number | null>();
    // An open response enum reaches openapi-fetch's callers as a string (see ClientPaths).
    expectTypeOf(data!.status).toEqualTypeOf<string>();
  });

  it('opens response enums and keeps request enums closed', () => {
    expectTypeOf<Schemas['Agent']['status']>().toEqualTypeOf<
      'active' | 'suspended' | (string & {})
    >();
    expectTypeOf<Schemas['AgentStatusParam']>().toEqualTypeOf<'active' | 'suspended'>();
    expectTypeOf<Known<Schemas['RunDecision']>>().toEqualTypeOf<
      'allowed' | 'denied' | 'requires_approval'
    >();
    client.GET('/v1/agents', { params: { query: { status: 'suspended' } } });
    // @ts-expect-error a request enum is closed: the server would refuse the value
    client.GET('/v1/agents', { params: { query: { status: 'hibernating' } } });
  });

  it('requires path params and rejects unknown paths and wrong bodies', () => {
    // @ts-expect-error agent_id is required
    client.GET('/v1/agents/{agent_id}', { params: { path: {} } });
    // @ts-expect-error no such path
    client.GET('/v1/nope');
    // @ts-expect-error name must be a string
    client.POST('/v1/agents', { body: { name: 42 } });
    client.POST('/v1/agents', { body: { name: 'ok' } });
  });

  it('types query parameters', () => {
    client.GET('/v1/audit-log', { params: { query: { offset: 0, limit: 10 } } });
    // @ts-expect-error offset is a number
    client.GET('/v1/audit-log', { params: { query: { offset: 'zero' } } });
  });

  it('keeps the operation table literal', () => {
    expectTypeOf(operations.listAuditLog.pagination.style).toEqualTypeOf<'offset'>();
    expectTypeOf(operations.listRuns.pagination.style).toEqualTypeOf<'cursor'>();
    expectTypeOf<'getAgent'>().toExtend<OperationId>();
  });
});
