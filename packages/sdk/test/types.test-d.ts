import { describe, expectTypeOf, it } from 'vitest';
import type {
  Agent,
  APIPromise,
  Page,
  PagePromise,
  Run,
  ServiceRequest,
  Tollgate,
  WithResponse,
} from '../src/index';

declare const tg: Tollgate;

describe('the SDK surface is typed from the contract', () => {
  it('methods return APIPromises of the contract types', () => {
    expectTypeOf(tg.agents.get('a')).toEqualTypeOf<APIPromise<Agent>>();
    expectTypeOf(tg.runs.get('r')).toEqualTypeOf<APIPromise<Run>>();
    expectTypeOf(tg.serviceRequests.get('s')).toEqualTypeOf<APIPromise<ServiceRequest>>();
    expectTypeOf(tg.agents.get('a').withResponse()).toEqualTypeOf<Promise<WithResponse<Agent>>>();
  });

  it('lists return PagePromises of items', () => {
    expectTypeOf(tg.agents.list()).toEqualTypeOf<PagePromise<Agent>>();
    expectTypeOf<Awaited<ReturnType<typeof tg.agents.list>>>().toEqualTypeOf<Page<Agent>>();
  });

  it('bodies and queries are checked', () => {
    // @ts-expect-error name is required
    tg.agents.create({});
    // @ts-expect-error limit is a number
    tg.agents.list({ limit: 'ten' });
    // @ts-expect-error status is an enum
    tg.runs.list({ status: 'exploded' });
    tg.agents.setBudget('a', { limit_micros: null });
  });

  it('service request status is a union to branch on', () => {
    expectTypeOf<ServiceRequest['status']>().toEqualTypeOf<
      'executed' | 'blocked' | 'approval_required' | 'failed' | 'running'
    >();
  });
});
