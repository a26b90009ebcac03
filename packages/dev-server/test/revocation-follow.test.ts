/**
 * Revocations reach receivers other than the control plane: a verifier in another process
 * follows the dev server's revocation stream (followRevocations) and refuses a certificate
 * once an operator has revoked it. The wait is bounded by the test's timeout and driven by
 * the stream itself (the child says when it learned the revocation), never by a sleep.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createRequestSigner } from '@tollgate/identity';
import { afterAll, describe, expect, it } from 'vitest';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const h = await harness({ clock, timers: clock.timers });
const ORIGIN = 'https://tools.example.test';
let child: ChildProcess | undefined;
afterAll(async () => {
  child?.disconnect();
  if (child && child.exitCode === null) await once(child, 'exit');
  await h.server.close();
});

type Message = { ready?: true; revoked?: string; id?: number; result?: string };

/** The next message from the child that matches. */
function next(c: ChildProcess, match: (m: Message) => boolean) {
  return new Promise<Message>((resolve, reject) => {
    const onMessage = (m: Message) => {
      if (!match(m)) return;
      c.off('message', onMessage);
      c.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number) => reject(new Error(`the follower exited with ${code}`));
    c.on('message', onMessage);
    c.once('exit', onExit);
  });
}

describe('a verifier in another process following revocations', () => {
  it('refuses a certificate once an operator revokes it', async () => {
    const a = await h.agent('followed');
    const jwks = (await h.expectOk('getJwks', { token: null })).body;
    const c = fork(
      `${import.meta.dirname}/revocation-follower.ts`,
      [
        JSON.stringify({
          streamUrl: h.urlOf('streamRevocations'),
          jwks,
          origin: ORIGIN,
          nowMs: clock(),
        }),
      ],
      { execArgv: ['--import', 'tsx'], cwd: `${import.meta.dirname}/..` },
    );
    child = c;
    await next(c, (m) => m.ready === true);
    const signer = await createRequestSigner(a.keys.privateJwk, a.registration.certificate, {
      now: clock,
    });
    let id = 0;
    const verify = async () => {
      const url = `${ORIGIN}/tools/search?q=1`;
      const headers = await signer.headers({ method: 'GET', url });
      const request = { method: 'GET', url: '/tools/search?q=1', headers };
      const mine = ++id;
      const answer = next(c, (m) => m.id === mine);
      c.send({ id: mine, request });
      return (await answer).result;
    };
    expect(await verify()).toBe('ok');

    const learned = next(c, (m) => m.revoked === a.registration.serial);
    await h.expectOk('revokeAgentCredentials', {
      path: { agent_id: 'followed' },
      body: { reason: 'leak' },
    });
    await learned;
    expect(await verify()).toBe('certificate_revoked');
    // The status endpoint says the same, without a credential.
    const status = await h.expectOk('getCertificateStatus', {
      token: null,
      path: { serial: a.registration.serial },
    });
    expect(status.body).toMatchObject({ status: 'revoked', agent_id: 'followed' });
  });
});
