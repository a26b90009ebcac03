import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Agent,
  AgentApprovals,
  AgentIdentity,
  AgentRuns,
  AgentServiceRequests,
  AgentTools,
  APIPromise,
  Page,
  PagePromise,
  Run,
  ServiceRequest,
  Tollgate,
  WithResponse,
} from '../src/index';

declare const tg: Tollgate;
declare const agent: AgentIdentity;

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
    // @ts-expect-error status is an enum: request enums stay closed
    tg.runs.list({ status: 'exploded' });
    // @ts-expect-error a request enum is closed even where the response enum is open
    tg.agents.list({ status: 'hibernating' });
    tg.agents.setBudget('a', { limit_micros: null });
  });

  it('response enums are the known values to branch on, open to values added later', () => {
    expectTypeOf<ServiceRequest['status']>().toEqualTypeOf<
      'executed' | 'blocked' | 'approval_required' | 'failed' | 'running' | (string & {})
    >();
    expectTypeOf<Agent['status']>().toEqualTypeOf<'active' | 'suspended' | (string & {})>();
  });
});

describe('an agent is offered only what its identity may call', () => {
  it('runs and service requests keep the operations that accept an agent identity', () => {
    expectTypeOf<keyof AgentRuns>().toEqualTypeOf<
      'create' | 'get' | 'wait' | 'reportOutcome' | 'downloadEvidence'
    >();
    expectTypeOf<keyof AgentServiceRequests>().toEqualTypeOf<'create' | 'get' | 'createAndWait'>();
    expectTypeOf(agent.runs.get('r')).toEqualTypeOf<APIPromise<Run>>();
    expectTypeOf(agent.serviceRequests.create).toEqualTypeOf(tg.serviceRequests.create);
    // @ts-expect-error listing runs takes an operator credential
    agent.runs.list();
    // @ts-expect-error cancelling takes an operator credential
    agent.runs.cancel('r');
    // @ts-expect-error reading events takes an operator credential
    agent.runs.events('r');
    // @ts-expect-error streaming events takes an operator credential
    agent.runs.stream('r');
    // @ts-expect-error exporting evidence takes an operator credential
    agent.runs.exportEvidence('r');
  });

  it('tools and approvals keep the lookup, the decision and the claim', () => {
    expectTypeOf<keyof AgentTools>().toEqualTypeOf<'list' | 'find' | 'get' | 'check'>();
    expectTypeOf<keyof AgentApprovals>().toEqualTypeOf<'list' | 'get' | 'claim'>();
    // @ts-expect-error registering a tool takes an operator credential
    agent.tools.register({ name: 'x', base_url: 'https://x.test', auth_type: 'none' });
    // @ts-expect-error approving takes an operator credential
    agent.approvals.approve('apr_1');
  });
});

describe('agent.openai() and agent.anthropic() are typed from the client class', () => {
  it('passing the class returns an instance of it, with its options checked', () => {
    expectTypeOf(agent.openai(OpenAI)).toEqualTypeOf<OpenAI>();
    expectTypeOf(agent.openai(OpenAI, { maxRetries: 0, timeout: 5000 })).toEqualTypeOf<OpenAI>();
    expectTypeOf(agent.anthropic(Anthropic, { maxRetries: 0 })).toEqualTypeOf<Anthropic>();
    // @ts-expect-error maxRetries is a number
    agent.openai(OpenAI, { maxRetries: 'none' });
    // @ts-expect-error fetch is the agent's own
    agent.openai(OpenAI, { fetch: globalThis.fetch });
    // @ts-expect-error baseURL is the proxy's
    agent.anthropic(Anthropic, { baseURL: 'https://api.anthropic.com' });
  });

  it('without a class, generic over the peer: the class type or, as before, the instance type', () => {
    expectTypeOf(agent.openai<typeof OpenAI>()).toEqualTypeOf<Promise<OpenAI>>();
    expectTypeOf(agent.openai<typeof OpenAI>({ maxRetries: 0 })).toEqualTypeOf<Promise<OpenAI>>();
    expectTypeOf(agent.openai<OpenAI>()).toEqualTypeOf<Promise<OpenAI>>();
    expectTypeOf(agent.anthropic<typeof Anthropic>()).toEqualTypeOf<Promise<Anthropic>>();
    expectTypeOf(agent.openai()).toEqualTypeOf<Promise<unknown>>();
    // @ts-expect-error maxRetries is a number
    agent.openai<typeof OpenAI>({ maxRetries: 'none' });
  });
});
