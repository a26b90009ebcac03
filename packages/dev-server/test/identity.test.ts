import {
  CERTIFICATE_HEADER,
  createRequestSigner,
  generateKeyPair,
  verifyCertificate,
} from '@tollgate/identity';
import { afterAll, describe, expect, it } from 'vitest';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const h = await harness({ clock, certificateTtlSeconds: 600 });
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

describe('agent registration', () => {
  it('certifies the agent’s own key; registering again keeps the agent and starts a new run', async () => {
    const a = await h.agent('reg');
    expect(a.registration).toMatchObject({ ca_kid: 'dev-ca-1', agent: { id: 'reg' } });
    const jwks = await h.expectOk('getJwks', { token: null });
    expect(jwks.body.keys[0]).toMatchObject({ kid: 'dev-ca-1', x: h.server.caPublicJwk.x });
    const again = await h.expectOk('registerAgentRun', {
      path: { agent_id: 'reg' },
      body: { public_key: a.keys.publicJwk },
    });
    expect(again.status).toBe(200);
    expect(again.body.run_id).not.toBe(a.registration.run_id);
    expect(again.body.agent.last_run_id).toBe(again.body.run_id);
  });

  it('keeps the scope it granted across refreshes: of the run named, else of the latest run', async () => {
    const keys = await generateKeyPair();
    const scopeOf = async (certificate: string) =>
      (await verifyCertificate(certificate, h.server.caPublicJwk, { now: clock })).scope;
    const reg = await h.expectOk('registerAgentRun', {
      path: { agent_id: 'scoped' },
      body: { public_key: keys.publicJwk, scope: ['llm:call'] },
    });
    expect(await scopeOf(reg.body.certificate)).toEqual(['llm:call']);
    const refresh = (body: { run_id?: string }) =>
      h.expectOk('refreshAgentCredentials', {
        path: { agent_id: 'scoped' },
        body: { public_key: keys.publicJwk, ...body },
      });
    const named = await refresh({ run_id: reg.body.run_id });
    expect(await scopeOf(named.body.certificate)).toEqual(['llm:call']);
    // Refreshing a refreshed certificate still carries the original grant.
    expect(await scopeOf((await refresh({})).body.certificate)).toEqual(['llm:call']);
    // A second run with its own grant: each run keeps its own.
    const other = await h.expectOk('registerAgentRun', {
      path: { agent_id: 'scoped' },
      body: { public_key: keys.publicJwk, scope: ['tools:call'] },
    });
    expect(await scopeOf((await refresh({})).body.certificate)).toEqual(['tools:call']);
    const first = await refresh({ run_id: reg.body.run_id });
    expect(first.body.run_id).toBe(reg.body.run_id);
    expect(await scopeOf(first.body.certificate)).toEqual(['llm:call']);
    expect(other.body.run_id).not.toBe(reg.body.run_id);
  });

  it('refuses a key that is not Ed25519 or is weak, and an invalid agent id, with 422', async () => {
    const bad = await h.expectProblem(
      'registerAgentRun',
      {
        path: { agent_id: 'badkey' },
        body: { public_key: { kty: 'OKP', crv: 'Ed25519', x: 'AA' } },
      },
      422,
      'validation_failed',
    );
    expect(bad.body.errors[0].path).toMatch(/^body\.public_key/);
    await h.expectProblem('getAgent', { path: { agent_id: 'badkey' } }, 404, 'not_found');
    // A weak key: the neutral point (0x01 then 31 zero bytes), for which anyone can "sign".
    const neutral = Buffer.alloc(32);
    neutral[0] = 1;
    const weak = await h.expectProblem(
      'registerAgentRun',
      {
        path: { agent_id: 'weakkey' },
        body: { public_key: { kty: 'OKP', crv: 'Ed25519', x: neutral.toString('base64url') } },
      },
      422,
      'validation_failed',
    );
    expect(weak.body.errors[0]).toMatchObject({
      path: 'body.public_key',
      message: expect.stringContaining('small-order'),
    });
    await h.expectProblem('getAgent', { path: { agent_id: 'weakkey' } }, 404, 'not_found');
    const keys = await generateKeyPair();
    await h.expectProblem(
      'registerAgentRun',
      { path: { agent_id: '-nope' }, body: { public_key: keys.publicJwk } },
      422,
      'validation_failed',
    );
  });
});

describe('verifying agent requests', () => {
  it('refuses a replayed proof with 401 proof_replayed', async () => {
    const a = await h.agent('replayer');
    const url = `${h.server.url}/v1/services`;
    const headers = await a.signer.headers({ method: 'GET', url });
    expect((await fetch(url, { headers })).status).toBe(200);
    const replay = await fetch(url, { headers });
    expect(replay.status).toBe(401);
    expect((await replay.json()).code).toBe('proof_replayed');
  });

  it('binds the proof to method, URL and body', async () => {
    const a = await h.agent('binder');
    const url = `${h.server.url}/v1/service-requests`;
    const body = JSON.stringify({
      service: 'email',
      operation: 'send',
      payload: { to: 'x@a.test' },
    });
    const post = async (sendBody: string, sendUrl = url, signed = { url, body }) => {
      const headers = await a.signer.headers({ method: 'POST', ...signed });
      const r = await fetch(sendUrl, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: sendBody,
      });
      return (await r.json()).code;
    };
    expect(await post(body.replace('x@', 'y@'))).toBe('binding_mismatch');
    expect(await post(body, `${url}?x=1`)).toBe('binding_mismatch');
    expect(await post(body)).toBeUndefined();
    const missing = await fetch(url, {
      method: 'POST',
      headers: {
        [CERTIFICATE_HEADER]: a.registration.certificate,
        'content-type': 'application/json',
      },
      body,
    });
    expect(missing.status).toBe(401);
    // The identity library says proof_missing; the contract's ErrorCode knows proof_invalid.
    expect((await missing.json()).code).toBe('proof_invalid');
  });

  it('answers 401 certificate_revoked after revocation and after rotation', async () => {
    const a = await h.agent('rotating');
    await h.expectOk('listServices', { agent: a.signer, token: null });
    const revoked = await h.expectOk('revokeAgentCredentials', {
      path: { agent_id: 'rotating' },
      body: { reason: 'leak' },
    });
    expect(revoked.body.revoked_serials).toContain(a.registration.serial);
    await h.expectProblem(
      'listServices',
      { agent: a.signer, token: null },
      401,
      'certificate_revoked',
    );
    const first = await h.expectOk('refreshAgentCredentials', {
      path: { agent_id: 'rotating' },
      body: { public_key: a.keys.publicJwk },
    });
    a.signer.setCertificate(first.body.certificate);
    await h.expectOk('listServices', { agent: a.signer, token: null });
    // Rotation: a second refresh revokes the first refreshed certificate.
    const second = await h.expectOk('refreshAgentCredentials', {
      path: { agent_id: 'rotating' },
      body: { public_key: a.keys.publicJwk },
    });
    await h.expectProblem(
      'listServices',
      { agent: a.signer, token: null },
      401,
      'certificate_revoked',
    );
    a.signer.setCertificate(second.body.certificate);
    await h.expectOk('listServices', { agent: a.signer, token: null });
  });

  it('answers 403 agent_suspended while suspended, everywhere, and not after resuming', async () => {
    const a = await h.agent('suspended');
    await h.expectOk('suspendAgent', {
      path: { agent_id: 'suspended' },
      body: { reason: 'audit' },
    });
    const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
    await h.expectProblem('listServices', { agent: a.signer, token: null }, 403, 'agent_suspended');
    await h.expectProblem(
      'createChatCompletion',
      { agent: a.signer, token: null, body: chat },
      403,
      'agent_suspended',
    );
    await h.expectProblem(
      'refreshAgentCredentials',
      { path: { agent_id: 'suspended' }, body: { public_key: a.keys.publicJwk } },
      403,
      'agent_suspended',
    );
    await h.expectProblem(
      'registerAgentRun',
      { path: { agent_id: 'suspended' }, body: { public_key: a.keys.publicJwk } },
      403,
      'agent_suspended',
    );
    await h.expectOk('resumeAgent', { path: { agent_id: 'suspended' } });
    await h.expectOk('createChatCompletion', { agent: a.signer, token: null, body: chat });
  });

  it('expires certificates with the server clock', async () => {
    const a = await h.agent('ageing');
    clock.advance(600_000 + 31_000);
    await h.expectProblem(
      'listServices',
      { agent: a.signer, token: null },
      401,
      'certificate_expired',
    );
  });

  it('refuses certificates of deleted agents, other CAs, and agents acting for others', async () => {
    const a = await h.agent('deleted');
    await h.expectOk('deleteAgent', { path: { agent_id: 'deleted' } });
    await h.expectProblem(
      'listServices',
      { agent: a.signer, token: null },
      401,
      'certificate_revoked',
    );
    const b = await h.agent('honest');
    const forged = await createRequestSigner(b.keys.privateJwk, `${b.registration.certificate}x`, {
      now: clock,
    });
    const r = await h.call('listServices', { agent: forged, token: null });
    expect(r.status).toBe(401);
    expect(r.body.code).toMatch(/^certificate_invalid$/);
    await h.expectProblem(
      'createServiceRequest',
      {
        agent: b.signer,
        token: null,
        body: {
          agent_id: 'someone-else',
          service: 'email',
          operation: 'send',
          payload: { to: 'x' },
        },
      },
      403,
      'forbidden',
    );
    await h.expectProblem(
      'checkAgentBudget',
      {
        agent: b.signer,
        token: null,
        path: { agent_id: 'reg' },
        body: { estimated_cost_micros: 1 },
      },
      403,
      'forbidden',
    );
  });

  it('keeps operator-only operations closed to agents', async () => {
    const a = await h.agent('limited');
    await h.expectProblem('listAgents', { agent: a.signer, token: null }, 401, 'unauthorized');
  });
});
