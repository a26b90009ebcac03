/**
 * Key continuity: an existing agent's key changes only with a proof signed by its currently
 * certified key, or by an operator's explicit rotation (recorded in the audit log). An API key
 * with `agents:register` alone can certify no other key for an agent that has one.
 */
import { createRequestSigner, generateKeyPair } from '@tollgate/identity';
import { afterAll, describe, expect, it } from 'vitest';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const h = await harness({ clock, certificateTtlSeconds: 600 });
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

const registerKey = async () => {
  const created = await h.expectOk('createApiKey', {
    body: { name: 'deployer', scopes: ['agents:register'] },
  });
  return created.body.secret as string;
};

describe('key continuity', () => {
  it('refuses refresh and re-registration with another key on the API key alone (403 key_continuity_required)', async () => {
    const a = await h.agent('kc-refused');
    const thief = await generateKeyPair();
    const token = await registerKey();
    await h.expectProblem(
      'refreshAgentCredentials',
      { path: { agent_id: 'kc-refused' }, body: { public_key: thief.publicJwk }, token },
      403,
      'key_continuity_required',
    );
    await h.expectProblem(
      'registerAgentRun',
      { path: { agent_id: 'kc-refused' }, body: { public_key: thief.publicJwk }, token },
      403,
      'key_continuity_required',
    );
    // Nothing was revoked by the refused attempts: the agent's certificate still works.
    await h.expectOk('listServices', { agent: a.signer, token: null });
  });

  it('keeps same-key refresh and re-registration working, with or without the agent identity', async () => {
    const a = await h.agent('kc-same');
    const token = await registerKey();
    const body = { public_key: a.keys.publicJwk };
    const plain = await h.expectOk('refreshAgentCredentials', {
      path: { agent_id: 'kc-same' },
      body,
      token,
    });
    a.signer.setCertificate(plain.body.certificate);
    const signed = await h.expectOk('refreshAgentCredentials', {
      path: { agent_id: 'kc-same' },
      body,
      token,
      agent: a.signer,
    });
    a.signer.setCertificate(signed.body.certificate);
    await h.expectOk('registerAgentRun', { path: { agent_id: 'kc-same' }, body, token });
  });

  it('changes the key with a proof by the currently certified key; the old key then proves nothing', async () => {
    const a = await h.agent('kc-proven');
    const token = await registerKey();
    const next = await generateKeyPair();
    const changed = await h.expectOk('refreshAgentCredentials', {
      path: { agent_id: 'kc-proven' },
      body: { public_key: next.publicJwk },
      token,
      agent: a.signer,
    });
    const signer = await createRequestSigner(next.privateJwk, changed.body.certificate, {
      now: clock,
    });
    await h.expectOk('listServices', { agent: signer, token: null });
    // The old key's certificates are revoked, and its proofs no longer move the key.
    await h.expectProblem(
      'listServices',
      { agent: a.signer, token: null },
      401,
      'certificate_revoked',
    );
    const third = await generateKeyPair();
    await h.expectProblem(
      'registerAgentRun',
      {
        path: { agent_id: 'kc-proven' },
        body: { public_key: third.publicJwk },
        token,
        agent: a.signer,
      },
      403,
      'key_continuity_required',
    );
    // Re-registration with a new key, proven by the current one.
    const reg = await h.expectOk('registerAgentRun', {
      path: { agent_id: 'kc-proven' },
      body: { public_key: third.publicJwk },
      token,
      agent: signer,
    });
    expect(reg.status).toBe(200);
    const audit = await h.expectOk('listAuditLog', { query: { agent_id: 'kc-proven' } });
    const rotations = audit.body.data.filter(
      (e: { action: string }) => e.action === 'agent.key_changed',
    );
    expect(rotations).toHaveLength(2);
    expect(rotations[0].data).toMatchObject({ proven_by: 'agent' });
  });

  it('refuses a proof by another agent’s key', async () => {
    await h.agent('kc-victim');
    const other = await h.agent('kc-other');
    const token = await registerKey();
    const key = await generateKeyPair();
    await h.expectProblem(
      'refreshAgentCredentials',
      {
        path: { agent_id: 'kc-victim' },
        body: { public_key: key.publicJwk },
        token,
        agent: other.signer,
      },
      403,
      'key_continuity_required',
    );
  });

  it('rotates the key on an operator’s explicit action (agents:write), recorded in the audit log', async () => {
    const a = await h.agent('kc-rotated');
    const next = await generateKeyPair();
    const token = await registerKey();
    await h.expectProblem(
      'rotateAgentKey',
      { path: { agent_id: 'kc-rotated' }, body: { public_key: next.publicJwk }, token },
      403,
      'insufficient_scope',
    );
    const rotated = await h.expectOk('rotateAgentKey', {
      path: { agent_id: 'kc-rotated' },
      body: { public_key: next.publicJwk, reason: 'key leaked' },
    });
    expect(rotated.body.revoked_serials).toContain(a.registration.serial);
    await h.expectProblem(
      'listServices',
      { agent: a.signer, token: null },
      401,
      'certificate_revoked',
    );
    // The agent holding the new key registers with it on the API key alone.
    const reg = await h.expectOk('registerAgentRun', {
      path: { agent_id: 'kc-rotated' },
      body: { public_key: next.publicJwk },
      token,
    });
    const signer = await createRequestSigner(next.privateJwk, reg.body.certificate, {
      now: clock,
    });
    await h.expectOk('listServices', { agent: signer, token: null });
    await h.expectProblem(
      'registerAgentRun',
      { path: { agent_id: 'kc-rotated' }, body: { public_key: a.keys.publicJwk }, token },
      403,
      'key_continuity_required',
    );
    const audit = await h.expectOk('listAuditLog', { query: { agent_id: 'kc-rotated' } });
    const entry = audit.body.data.find((e: { action: string }) => e.action === 'agent.key_rotated');
    expect(entry.data).toMatchObject({
      reason: 'key leaked',
      revoked_serials: [a.registration.serial],
    });
  });

  it('lets a deleted agent’s id start over with any key', async () => {
    await h.agent('kc-deleted');
    await h.expectOk('deleteAgent', { path: { agent_id: 'kc-deleted' } });
    await h.agent('kc-deleted');
  });
});
