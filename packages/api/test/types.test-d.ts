import { describe, expectTypeOf, it } from 'vitest';
import type {
  BodyOf,
  components,
  HeadersOf,
  OperationId,
  OperationInfo,
  PathOf,
  QueryOf,
  ResponseOf,
  SuccessStatusOf,
} from '../src/index';
import { operations } from '../src/index';

type Schemas = components['schemas'];

describe('BodyOf, PathOf, QueryOf, HeadersOf, ResponseOf by operationId', () => {
  it('types request bodies: required, optional (| undefined) and absent (never)', () => {
    expectTypeOf<BodyOf<'createAgent'>>().toEqualTypeOf<Schemas['AgentCreate']>();
    expectTypeOf<BodyOf<'createOAuthToken'>>().toEqualTypeOf<Schemas['TokenRequest']>();
    expectTypeOf<BodyOf<'suspendAgent'>>().toEqualTypeOf<Schemas['SuspendRequest'] | undefined>();
    expectTypeOf<BodyOf<'getAgent'>>().toBeNever();
  });

  it('types path, query and header parameters by their contract names', () => {
    expectTypeOf<PathOf<'getAgent'>>().toEqualTypeOf<{ agent_id: string }>();
    expectTypeOf<PathOf<'listAgents'>>().toBeNever();
    expectTypeOf<QueryOf<'listAgents'>['status']>().toEqualTypeOf<
      Schemas['AgentStatusParam'] | undefined
    >();
    expectTypeOf<QueryOf<'getAgent'>>().toBeNever();
    expectTypeOf<HeadersOf<'createAgent'>>().toHaveProperty('Idempotency-Key');
  });

  it('types responses by status, and as the union of every success status', () => {
    expectTypeOf<ResponseOf<'getAgent'>>().toEqualTypeOf<Schemas['Agent']>();
    expectTypeOf<SuccessStatusOf<'registerAgentRun'>>().toEqualTypeOf<200 | 201>();
    expectTypeOf<SuccessStatusOf<'createServiceRequest'>>().toEqualTypeOf<200 | 202>();
    expectTypeOf<ResponseOf<'createServiceRequest', 202>>().toEqualTypeOf<
      Schemas['ServiceRequest']
    >();
    expectTypeOf<ResponseOf<'deleteAgent'>>().toEqualTypeOf<undefined>();
    expectTypeOf<ResponseOf<'getOpenApi'>>().toEqualTypeOf<string>();
    // @ts-expect-error getAgent never answers 201
    expectTypeOf<ResponseOf<'getAgent', 201>>();
    // @ts-expect-error not an operationId of the contract
    expectTypeOf<BodyOf<'getAgnet'>>();
  });
});

describe('the operation table', () => {
  it('types each entry by its operationId, method and path', () => {
    expectTypeOf(operations.getAgent.id).toEqualTypeOf<'getAgent'>();
    expectTypeOf(operations.getAgent.method).toEqualTypeOf<'GET'>();
    expectTypeOf(operations.getAgent.path).toEqualTypeOf<'/v1/agents/{agent_id}'>();
    expectTypeOf(Object.values(operations)[0]!).toMatchTypeOf<OperationInfo<OperationId>>();
    expectTypeOf<OperationInfo<OperationId>['id']>().toEqualTypeOf<OperationId>();
    // An operation built by hand, outside the contract, may take any id.
    expectTypeOf<OperationInfo['id']>().toEqualTypeOf<string>();
  });
});
