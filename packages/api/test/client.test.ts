import { describe, expect, it } from 'vitest';
import { createApiClient } from '../src/index';

/** Each test gets its own fetch that records the request and answers with a fixed response. */
function observedClient(answer: () => Response) {
  const seen: Request[] = [];
  const client = createApiClient({
    baseUrl: 'http://127.0.0.1:4010',
    fetch: async (input: Request) => {
      seen.push(input);
      return answer();
    },
  });
  return { client, seen };
}

describe('createApiClient', () => {
  it('builds the URL from path parameters and query, and parses JSON', async () => {
    const agent = { id: 'agt_1', name: 'a' };
    const { client, seen } = observedClient(() => Response.json(agent));
    const { data } = await client.GET('/v1/agents/{agent_id}', {
      params: { path: { agent_id: 'research v1' } },
    });
    expect(seen[0]!.url).toBe('http://127.0.0.1:4010/v1/agents/research%20v1');
    expect(data).toEqual(agent);
  });

  it('sends JSON bodies and headers such as Idempotency-Key', async () => {
    const { client, seen } = observedClient(() => Response.json({}, { status: 201 }));
    await client.POST('/v1/agents', {
      body: { name: 'Research agent' },
      params: { header: { 'Idempotency-Key': 'k1' } },
    });
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers.get('idempotency-key')).toBe('k1');
    expect(await seen[0]!.json()).toEqual({ name: 'Research agent' });
  });

  it('returns problem details as error, not data', async () => {
    const problem = { code: 'not_found', status: 404, title: 'Not Found', request_id: 'req_1' };
    const { client } = observedClient(() =>
      Response.json(problem, {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
      }),
    );
    const { data, error, response } = await client.GET('/v1/agents/{agent_id}', {
      params: { path: { agent_id: 'x' } },
    });
    expect(data).toBeUndefined();
    expect(error).toEqual(problem);
    expect(response.status).toBe(404);
  });
});
