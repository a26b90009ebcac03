/** Who may call the runtime: agents verified with @tollgate/identity; the unauthenticated as configured. */
import {
  createCertificateAuthority,
  createRequestSigner,
  generateKeyPair,
} from '@tollgate/identity';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentHandler } from '../src/index';
import { post, type RuntimeSetup, runtimeStack } from './setup';

const whoCalls: AgentHandler = async (_request, ctx) =>
  `caller: ${ctx.caller?.agentId ?? 'nobody'}`;

let stack: Awaited<ReturnType<typeof runtimeStack>> | undefined;
afterEach(() => stack?.close());
const start = async (setup: RuntimeSetup = {}) => {
  stack = await runtimeStack({ handler: whoCalls, ...setup });
  return stack;
};
const hello = { message: 'hello' };

describe('requests signed by another agent', () => {
  it('are verified: the handler sees the calling agent', async () => {
    const { runtime, callerAgent } = await start();
    const response = await post(`${runtime.url}/invoke`, hello, await callerAgent('front-desk'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ response: 'caller: front-desk' });
  });

  it('are refused when the certificate is not the control plane CA’s (a forgery)', async () => {
    const { runtime } = await start();
    const forger = await createCertificateAuthority({ issuer: 'tollgate' });
    const keys = await generateKeyPair();
    const { certificate } = await forger.issueCertificate(keys.publicJwk, {
      agentId: 'front-desk',
      runId: 'run_forged',
    });
    const forged = await createRequestSigner(keys.privateJwk, certificate);
    const response = await post(`${runtime.url}/invoke`, hello, forged);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'certificate_invalid' });
  });

  it('are refused when replayed or when the body is not the one signed', async () => {
    const { runtime, callerAgent } = await start();
    const signer = await callerAgent();
    const url = `${runtime.url}/invoke`;
    const body = JSON.stringify(hello);
    const headers = {
      'content-type': 'application/json',
      ...(await signer.headers({ method: 'POST', url, body })),
    };
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(200);
    const replayed = await fetch(url, { method: 'POST', headers, body });
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ code: 'proof_replayed' });

    const signedFor = await signer.headers({ method: 'POST', url, body });
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedFor },
      body: JSON.stringify({ message: 'something else' }),
    });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ code: 'binding_mismatch' });
  });

  it('are refused, even when unauthenticated requests are allowed, if the credentials fail', async () => {
    const { runtime, callerAgent } = await start({ callers: { unauthenticated: 'allow' } });
    const signer = await callerAgent();
    const url = `${runtime.url}/invoke`;
    const headers = await signer.headers({ method: 'POST', url, body: '{"message":"a"}' });
    const response = await fetch(url, { method: 'POST', headers, body: '{"message":"b"}' });
    expect(response.status).toBe(401);
  });

  it('from an agent outside `agents` are refused with 403', async () => {
    const { runtime, callerAgent } = await start({ callers: { agents: ['front-desk'] } });
    const response = await post(`${runtime.url}/invoke`, hello, await callerAgent('stranger'));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'caller_not_allowed' });
  });
});

describe('requests without agent credentials', () => {
  it('are refused by default (401 unauthenticated), on every route that acts', async () => {
    const { runtime } = await start();
    for (const path of ['/invoke', '/invoke/stream', '/resume/apr_1']) {
      const response = await post(`${runtime.url}${path}`, hello);
      expect(response.status, path).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it('are let through as nobody when `unauthenticated: "allow"`', async () => {
    const { runtime } = await start({ callers: { unauthenticated: 'allow' } });
    const response = await post(`${runtime.url}/invoke`, hello);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ response: 'caller: nobody' });
  });
});
