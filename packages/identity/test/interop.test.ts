import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { exportRaw, generateKeyPair, rawToPublicJwk } from '../src/index';
import { createSigner, createVerifyKey } from '../src/jws';
import { ORIGIN, setup } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-openssl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// SubjectPublicKeyInfo prefix for a raw Ed25519 key (RFC 8410).
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const pem = (label: string, der: Buffer) =>
  `-----BEGIN ${label}-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END ${label}-----\n`;
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

describe('interop with jose', () => {
  it('certificates verify with jose jwtVerify and the CA public key alone', async () => {
    const s = await setup();
    const { payload, protectedHeader } = await jwtVerify(
      s.certificate,
      await importJWK(s.ca.publicJwk, 'EdDSA'),
      {
        algorithms: ['EdDSA'],
        typ: 'agent-cert+jwt',
      },
    );
    expect(protectedHeader.kid).toBe('ca-1');
    expect(payload).toMatchObject({
      sub: 'research-v1',
      run_id: 'run_1',
      cnf: { jwk: s.agent.publicJwk },
    });
  });

  it("proofs verify with jose jwtVerify and the certificate's cnf key alone", async () => {
    const s = await setup();
    const proof = await s.signer.proof({ method: 'post', url: `${ORIGIN}/v1/runs`, body: '{}' });
    const { payload } = await jwtVerify(proof, await importJWK(s.claims.cnf.jwk, 'EdDSA'), {
      algorithms: ['EdDSA'],
      typ: 'agent-proof+jwt',
      maxTokenAge: 300,
    });
    expect(payload).toMatchObject({ htm: 'POST', htu: `${ORIGIN}/v1/runs` });
  });
});

describe('interop with the OpenSSL command line', () => {
  it('a signature made here verifies with openssl pkeyutl -verify -rawin', async () => {
    const pair = await generateKeyPair();
    const message = Buffer.from('signed by @tollgate/identity');
    const signature = await (await createSigner(pair.privateJwk)).sign(message);
    writeFileSync(
      join(dir, 'pub.pem'),
      pem('PUBLIC KEY', Buffer.concat([SPKI, Buffer.from(exportRaw(pair.publicJwk))])),
    );
    writeFileSync(join(dir, 'msg.bin'), message);
    writeFileSync(join(dir, 'sig.bin'), signature);
    const out = openssl(
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'pub.pem',
      '-rawin',
      '-in',
      'msg.bin',
      '-sigfile',
      'sig.bin',
    );
    expect(out.toString()).toMatch(/Signature Verified Successfully/);
    writeFileSync(join(dir, 'msg.bin'), Buffer.from('tampered'));
    expect(() =>
      openssl(
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'pub.pem',
        '-rawin',
        '-in',
        'msg.bin',
        '-sigfile',
        'sig.bin',
      ),
    ).toThrow();
  });

  it('a signature made by openssl verifies here', async () => {
    openssl('genpkey', '-algorithm', 'ed25519', '-out', 'key.pem');
    const der = openssl('pkey', '-in', 'key.pem', '-pubout', '-outform', 'DER');
    const publicJwk = rawToPublicJwk(new Uint8Array(der.subarray(der.length - 32)));
    writeFileSync(join(dir, 'msg2.bin'), 'signed by openssl');
    openssl(
      'pkeyutl',
      '-sign',
      '-inkey',
      'key.pem',
      '-rawin',
      '-in',
      'msg2.bin',
      '-out',
      'sig2.bin',
    );
    const key = await createVerifyKey(publicJwk);
    const signature = new Uint8Array(readFileSync(join(dir, 'sig2.bin')));
    expect(await key.verify(new TextEncoder().encode('signed by openssl'), signature)).toBe(true);
    expect(await key.verify(new TextEncoder().encode('signed by someone else'), signature)).toBe(
      false,
    );
  });
});
