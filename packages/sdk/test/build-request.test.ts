/**
 * The SDK builds requests from the operation table itself; on the wire they must be what
 * `@tollgate/api`'s openapi-fetch client sends for the same call (path encoding, query
 * format, body), so both clients of the contract stay interchangeable.
 */
import { createApiClient, operations } from '@tollgate/api';
import { describe, expect, it } from 'vitest';
import { TollgateError } from '../src/core/errors';
import { buildRequest, type CallInput } from '../src/internal/build-request';
import { HeaderMap } from '../src/internal/headers';

const base = 'http://127.0.0.1:9';

/** What openapi-fetch sends for a call: its URL, body and content type. */
async function viaOpenapiFetch(method: string, path: string, input: CallInput) {
  let sent: Request | undefined;
  const api = createApiClient({
    baseUrl: base,
    fetch: async (request: Request) => {
      sent = request;
      return Response.json({});
    },
  });
  const params = { path: input.path, query: input.query };
  // The typed client is keyed by literal paths; this test walks them generically.
  const call = Reflect.get(api, method) as (p: string, o: object) => Promise<unknown>;
  await call(path, { params, body: input.body });
  if (!sent) throw new Error('openapi-fetch sent nothing');
  return {
    url: sent.url,
    body: sent.body ? await sent.text() : null,
    type: sent.headers.get('content-type'),
  };
}

const cases: [keyof typeof operations, CallInput][] = [
  ['getAgent', { path: { agent_id: 'a/b c?d#e%ü' } }],
  ['listAuditLog', { query: { limit: 5, offset: 10, action: 'agent.created', since: undefined } }],
  ['listRuns', { query: { status: 'running', agent_id: 'x&y=z', cursor: null } }],
  ['listAgents', { query: { tags: ['a b', 'c'], filter: { name: 'n', kind: 'k&' } } }],
  ['createAgent', { body: { id: 'a', name: 'Ä', metadata: { n: 1 } } }],
  ['downloadEvidence', { path: { pack_id: 'p 1' }, query: { expires: 1, signature: 's+/=' } }],
];

describe('buildRequest', () => {
  for (const [id, input] of cases) {
    it(`${id}: the same request openapi-fetch sends`, async () => {
      const op = operations[id];
      const ours = buildRequest(base, op, input, new HeaderMap());
      const theirs = await viaOpenapiFetch(op.method, op.path, input);
      expect(ours.url).toBe(theirs.url);
      expect(ours.body).toBe(theirs.body);
      expect(ours.headers.get('content-type')).toBe(theirs.type);
    });
  }

  it('sends a form operation as application/x-www-form-urlencoded', () => {
    const body = { grant_type: 'client_credentials', client_id: 'c', client_secret: 's&=' };
    const request = buildRequest(base, operations.createOAuthToken, { body }, new HeaderMap());
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request.body).toBe('grant_type=client_credentials&client_id=c&client_secret=s%26%3D');
  });

  it('refuses an empty, "." or ".." path parameter before anything is sent', () => {
    for (const agent_id of ['', '.', '..']) {
      expect(() =>
        buildRequest(base, operations.getAgent, { path: { agent_id } }, new HeaderMap()),
      ).toThrow(TollgateError);
    }
  });
});
