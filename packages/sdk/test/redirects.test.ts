import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APIError } from '../src/index';
import { redirectingControlPlane } from './fixtures/redirecting-control-plane';

let env: Awaited<ReturnType<typeof redirectingControlPlane>>;
beforeEach(async () => {
  env = await redirectingControlPlane();
});
afterEach(() => env.close());

const credentialsAt = (seen: { certificate: boolean; proof: boolean }[]) =>
  seen.filter((r) => r.certificate || r.proof).length;

describe('a signed request never leaves its origin', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`agent.fetch returns a ${status} to another origin unfollowed`, async () => {
      env.redirect('/v1/away', status, `${env.hostile.url}/steal`);
      const response = await env.agent.fetch(`${env.plane.url}/v1/away`, {
        method: 'POST',
        body: JSON.stringify({ secret: 'payload' }),
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('location')).toBe(`${env.hostile.url}/steal`);
      expect(env.hostile.seen).toEqual([]);
      expect(env.warnings).toEqual([
        `[tollgate] not following a signed request's redirect to ${env.hostile.url}`,
      ]);
    });
  }

  it('openai-node over agent.fetch: a 307 to another origin is an error, no credential leaves', async () => {
    env.redirect('/v1/proxy/openai/v1/chat/completions', 307, `${env.hostile.url}/steal`);
    const openai = new OpenAI({
      apiKey: 'unused',
      baseURL: env.agent.proxyUrl('openai'),
      fetch: env.agent.fetch,
      maxRetries: 0,
    });
    const error = await openai.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(307);
    expect(credentialsAt(env.hostile.seen)).toBe(0);
    expect(env.hostile.seen).toEqual([]);
  });

  it('agent.serviceRequests.create: a 302/307 to another origin is an APIError with that status', async () => {
    for (const status of [302, 307]) {
      env.redirect('/v1/service-requests', status, `${env.hostile.url}/v1/service-requests`);
      const error = await env.agent.serviceRequests
        .create({ service: 'email', operation: 'send', payload: {} })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status });
    }
    expect(env.hostile.seen).toEqual([]);
  });

  it('follows a same-origin redirect with a fresh proof for the new URL; POST 307 keeps its body', async () => {
    env.redirect('/v1/moved', 307, '/v1/landing?x=1');
    const response = await env.agent.fetch(`${env.plane.url}/v1/moved`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"n":1}'),
    });
    expect(response.status).toBe(200);
    // The landing verified the proof against its own URL, method and body.
    expect(await response.json()).toEqual({
      verified: 'redirected',
      method: 'POST',
      path: '/v1/landing?x=1',
      body: '{"n":1}',
    });
    expect(env.plane.seen.map((r) => r.path)).toEqual(['/v1/moved', '/v1/landing?x=1']);
  });

  it('a POST 308 with a Blob body lands with it (no detached ArrayBuffer)', async () => {
    env.redirect('/v1/proxy/openai/v1/chat/completions', 308, '/v1/landing');
    const response = await env.agent.fetch(`${env.plane.url}/v1/proxy/openai/v1/chat/completions`, {
      method: 'POST',
      body: new Blob(['{"model":"m"}']),
    });
    expect(await response.json()).toMatchObject({ method: 'POST', body: '{"model":"m"}' });
  });

  it('a 302/303 after a POST becomes a GET without a body, signed for GET', async () => {
    for (const status of [302, 303]) {
      env.redirect('/v1/form', status, `${env.plane.url}/v1/result`);
      const response = await env.agent.fetch(`${env.plane.url}/v1/form`, {
        method: 'POST',
        body: 'a=1',
      });
      expect(await response.json()).toMatchObject({ method: 'GET', path: '/v1/result', body: '' });
    }
  });

  it('SDK calls follow a same-origin redirect re-signed', async () => {
    env.redirect('/v1/service-requests', 307, '/v1/service-requests-v2');
    const result = await env.agent.serviceRequests.create({
      service: 'email',
      operation: 'send',
      payload: { to: 'a' },
    });
    expect(result).toMatchObject({ method: 'POST', path: '/v1/service-requests-v2' });
  });

  it('stops after 5 same-origin redirects and returns the last one', async () => {
    env.redirect('/v1/loop', 307, '/v1/loop');
    const response = await env.agent.fetch(`${env.plane.url}/v1/loop`);
    expect(response.status).toBe(307);
    expect(env.plane.seen).toHaveLength(6);
  });
});
