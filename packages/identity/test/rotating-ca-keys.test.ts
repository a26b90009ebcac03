import { describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  createVerifier,
  generateKeyPair,
  IdentityError,
  type Jwks,
  rotatingCaKeys,
  verifyCertificate as withJose,
} from '../src/index';
import { CERTIFICATE_PATHS, clock, code, ORIGIN, setup } from './helpers';

const MINUTE = 60_000;

async function rig() {
  let t = Date.parse('2026-11-22T12:00:00Z');
  const now = () => t;
  const ca = await createCertificateAuthority({ kid: 'ca-1', issuer: 'tollgate-test', now });
  const agent = await generateKeyPair();
  const issue = async () =>
    (await ca.issueCertificate(agent.publicJwk, { agentId: 'a', runId: 'run_1' })).certificate;
  let loads = 0;
  let failing = false;
  /** While held, loads wait: a test sees what happens with a load in flight. */
  let gate = Promise.resolve();
  const keys = rotatingCaKeys(
    async () => {
      loads++;
      await gate;
      if (failing) throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      return ca.jwks();
    },
    { now, maxAge: 10 * MINUTE, cooldown: 30_000 },
  );
  return {
    ca,
    issue,
    keys,
    now,
    loads: () => loads,
    advance: (ms: number) => {
      t += ms;
    },
    fail: (on: boolean) => {
      failing = on;
    },
    /** Holds loads until the returned function is called. */
    hold: () => {
      let release = () => {};
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return release;
    },
  };
}

describe.each(CERTIFICATE_PATHS)('rotatingCaKeys with %s', (_name, verifyCertificate) => {
  it('loads once, then follows a CA rotation and a retirement without a restart', async () => {
    const r = await rig();
    const first = await r.issue();
    const o = { now: r.now };
    expect((await verifyCertificate(first, r.keys, o)).sub).toBe('a');
    await verifyCertificate(first, r.keys, o);
    expect(r.loads()).toBe(1);

    await r.ca.rotate({ kid: 'ca-2' });
    const second = await r.issue();
    // A kid the cached set lacks reloads it, but not within the cooldown of the last load.
    expect(await code(verifyCertificate(second, r.keys, o))).toBe('certificate_invalid');
    expect(r.loads()).toBe(1);
    r.advance(30_000);
    expect((await verifyCertificate(second, r.keys, o)).sub).toBe('a');
    expect(r.loads()).toBe(2);
    // The rotated-out key is still published: its certificates still verify.
    expect((await verifyCertificate(first, r.keys, o)).sub).toBe('a');

    r.ca.retire('ca-1');
    r.advance(10 * MINUTE);
    expect(await code(verifyCertificate(first, r.keys, o))).toBe('certificate_invalid');
    expect(r.loads()).toBe(3);
  });

  it('one load for concurrent certificates; made-up kids cannot make every request a load', async () => {
    const r = await rig();
    const first = await r.issue();
    const o = { now: r.now };
    const release = r.hold();
    const all = Promise.all(Array.from({ length: 20 }, () => verifyCertificate(first, r.keys, o)));
    await new Promise((resolve) => setImmediate(resolve)); // every check is waiting on the load
    expect(r.loads()).toBe(1);
    release();
    expect((await all).map((c) => c.sub)).toEqual(Array(20).fill('a'));
    expect(r.loads()).toBe(1);
    const stranger = await createCertificateAuthority({ kid: 'not-ours', now: r.now });
    const forged = (
      await stranger.issueCertificate((await generateKeyPair()).publicJwk, {
        agentId: 'a',
        runId: 'r',
      })
    ).certificate;
    r.advance(30_000);
    const codes = await Promise.all(
      Array.from({ length: 50 }, () => code(verifyCertificate(forged, r.keys, o))),
    );
    expect(new Set(codes)).toEqual(new Set(['certificate_invalid']));
    expect(r.loads()).toBe(2);
  });

  it('an unreachable key set is ca_unavailable; a stale one is used while reloads fail', async () => {
    const r = await rig();
    const first = await r.issue();
    const o = { now: r.now };
    r.fail(true);
    const error = await verifyCertificate(first, r.keys, o).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityError);
    expect((error as IdentityError).code).toBe('ca_unavailable');
    expect((error as IdentityError).message).not.toContain(first);
    r.fail(false);
    await verifyCertificate(first, r.keys, o);
    r.fail(true);
    r.advance(10 * MINUTE);
    expect((await verifyCertificate(first, r.keys, o)).sub).toBe('a');
    expect(r.loads()).toBe(3);
  });
});

it('a loader that answers something other than a JWKS is ca_unavailable', async () => {
  const s = await setup();
  const keys = rotatingCaKeys(async () => ({ keys: 'nope' }) as unknown as Jwks);
  expect(await code(withJose(s.certificate, keys))).toBe('ca_unavailable');
});

it('createVerifier takes it as its ca: signed requests verify across a rotation', async () => {
  const s = await setup();
  const verifier = createVerifier({
    ca: rotatingCaKeys(async () => s.ca.jwks()),
    origin: ORIGIN,
    now: clock,
  });
  const verified = await verifier.verify(await s.request());
  expect(verified.certificate.sub).toBe('research-v1');
});
