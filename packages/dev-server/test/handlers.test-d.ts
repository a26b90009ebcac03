import type { components } from '@tollgate/api';
import { describe, expectTypeOf, it } from 'vitest';
import { type Handlers, noContent, ok, reply } from '../src/http';

type S = components['schemas'];

describe('handlers typed by their operation', () => {
  it('hands each handler its own validated body, path, query and headers', () => {
    ({
      createAgent: (ctx) => {
        expectTypeOf(ctx.body).toEqualTypeOf<S['AgentCreate']>();
        expectTypeOf(ctx.headers['Idempotency-Key']).toEqualTypeOf<string | undefined>();
        return reply(201, { ...({} as S['Agent']) });
      },
      getAgent: (ctx) => {
        expectTypeOf(ctx.path).toEqualTypeOf<{ agent_id: string }>();
        expectTypeOf(ctx.body).toBeNever();
        expectTypeOf(ctx.op.id).toEqualTypeOf<'getAgent'>();
        return ok({} as S['Agent']);
      },
      suspendAgent: (ctx) => {
        expectTypeOf(ctx.body).toEqualTypeOf<S['SuspendRequest'] | undefined>();
        return ok({} as S['Agent']);
      },
      listRuns: (ctx) => {
        expectTypeOf(ctx.query.status).toEqualTypeOf<S['RunStatusParam'] | undefined>();
        return ok({} as S['RunList']);
      },
    }) satisfies Handlers;
  });

  it('holds each reply to its operation: statuses and content', () => {
    ({
      // @ts-expect-error deleteAgent answers 204 only
      deleteAgent: () => ok({}),
      // @ts-expect-error getAgent answers an Agent, not a Run
      getAgent: () => ok({} as S['Run']),
    }) satisfies Handlers;
    ({
      deleteAgent: () => noContent(),
      // Either status of registerAgentRun, each with its content.
      registerAgentRun: () => reply(Math.random() > 0.5 ? 200 : 201, {} as S['AgentRegistration']),
    }) satisfies Handlers;
  });

  it('refuses an operation id the contract lacks', () => {
    ({
      // @ts-expect-error not an operation of the contract
      getAgnet: () => ok({}),
    }) satisfies Handlers;
  });
});
