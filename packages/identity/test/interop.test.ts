import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { encode, encodeJson } from '../src/base64url';
import {
  createRequestSigner,
  createSigner,
  createVerifier,
  exportRaw,
  generateKeyPair,
  rawToPublicJwk,
} from '../src/index';
import { bodyHash } from '../src/testing';
import { BODY, CERTIFICATE_PATHS, clock, code, nowSeconds, PATH, setup, T0, URL_ } from './helpers';

const currentDate = new Date(T0);

const dir = mkdtempSync(join(tmpdir(), 'tollgate-openssl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// SubjectPublicKeyInfo prefix of a raw Ed25519 key (RFC 8410).
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const pem = (der: Buffer) =>
  `-----BEGIN PUBLIC KEY-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END PUBLIC KEY-----\n`;
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const opensslVerify = (pub: string, msg: string, sig: string) =>
  openssl('pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', msg, '-sigfile', sig);

describe('interop with jose', () => {
  it('certificates verify with jose jwtVerify and the CA public key alone', async () => {
    const s = await setup();
    const { payload, protectedHeader } = await jwtVerify(
      s.certificate,
      await importJWK(s.ca.publicJwk, 'EdDSA'),
      { algorithms: ['EdDSA'], typ: 'agent-cert+jwt', issuer: 'tollgate-test', currentDate },
    );
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'agent-cert+jwt', kid: 'ca-1' });
    expect(payload).toEqual(s.claims);
  });

  it('a certificate minted by jose alone, with exactly the documented claims (no iat), verifies', async () => {
    const s = await setup();
    const t = nowSeconds();
    const claims = {
      iss: 'tollgate-test',
      sub: 'jose-agent',
      run_id: 'run_jose',
      project: 'default',
      scope: ['llm:call'],
      serial: 'jose-1',
      nbf: t,
      exp: t + 600,
      cnf: { jwk: s.agent.publicJwk },
    };
    const certificate = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'agent-cert+jwt', kid: 'ca-1' })
      .sign(await importJWK(s.ca.privateJwk, 'EdDSA'));
    for (const [name, verify] of CERTIFICATE_PATHS)
      expect(await verify(certificate, s.ca.jwks(), { issuer: 'tollgate-test' }), name).toEqual(
        claims,
      );
    const signer = await createRequestSigner(s.agent.privateJwk, certificate, { now: clock });
    const headers = await signer.headers({ method: 'POST', url: URL_, body: BODY });
    const verified = await s.verifier.verify({ method: 'POST', url: PATH, body: BODY, headers });
    expect(verified.agentId).toBe('jose-agent');
  });

  it("proofs verify with jose jwtVerify and the certificate's cnf key alone", async () => {
    const s = await setup();
    const proof = await s.signer.proof({ method: 'post', url: URL_, body: BODY });
    const { payload, protectedHeader } = await jwtVerify(
      proof,
      await importJWK(s.claims.cnf.jwk, 'EdDSA'),
      { algorithms: ['EdDSA'], typ: 'agent-proof+jwt', maxTokenAge: 300, currentDate },
    );
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'agent-proof+jwt' });
    expect(payload).toMatchObject({ htm: 'POST', htu: URL_, bh: bodyHash(BODY) });
  });
});

describe('an agent and a CA written with jose alone, from PROTOCOL.md (every claim)', () => {
  it('a jose certificate with aud and a jose proof with cth verify here; either swapped is refused', async () => {
    const s = await setup();
    const t = nowSeconds();
    const caKey = await importJWK(s.ca.privateJwk, 'EdDSA');
    const agentKey = await importJWK(s.agent.privateJwk, 'EdDSA');
    const certify = (serial: string) =>
      new SignJWT({
        iss: 'tollgate-test',
        aud: ['https://cp.example.test'],
        sub: 'jose-agent',
        run_id: 'run_jose',
        project: 'default',
        scope: ['llm:call'],
        serial,
        iat: t,
        nbf: t,
        exp: t + 600,
        cnf: { jwk: s.agent.publicJwk },
      })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'agent-cert+jwt', kid: 'ca-1' })
        .sign(caKey);
    const [certificate, other] = [await certify('jose-1'), await certify('jose-2')];
    // The proof, from the protocol text alone: SHA-256 with node:crypto, not this package.
    const sha = (text: string) => createHash('sha256').update(text).digest('base64url');
    const prove = (jti: string, cth: string) =>
      new SignJWT({ jti, iat: t, exp: t + 60, htm: 'POST', htu: URL_, bh: sha(BODY), cth })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'agent-proof+jwt' })
        .sign(agentKey);
    const verifier = createVerifier({
      ca: s.ca.jwks(),
      origin: 'https://cp.example.test',
      audience: 'https://cp.example.test',
      requireCertificateHash: true,
      now: clock,
    });
    const send = (cert: string, proof: string) =>
      verifier.verify({
        method: 'POST',
        url: PATH,
        body: BODY,
        headers: { 'x-tollgate-certificate': cert, 'x-tollgate-proof': proof },
      });
    expect(
      await code(send(certificate, await prove('jose-proof-aaaaaaaaaaaa', sha(certificate)))),
    ).toBe('ok');
    // The same key's other certificate, with a proof made for the first: refused.
    expect(await code(send(other, await prove('jose-proof-bbbbbbbbbbbb', sha(certificate))))).toBe(
      'binding_mismatch',
    );
    // And this package's proofs verify with jose, cth included.
    const signer = await createRequestSigner(s.agent.privateJwk, certificate, { now: clock });
    const { payload } = await jwtVerify(
      await signer.proof({ method: 'POST', url: URL_, body: BODY }),
      await importJWK(s.agent.publicJwk, 'EdDSA'),
      { algorithms: ['EdDSA'], typ: 'agent-proof+jwt', currentDate },
    );
    expect(payload.cth).toBe(sha(certificate));
  });

  it("jose's jwtVerify checks a certificate's aud as this package does", async () => {
    const { createCertificateAuthority } = await import('../src/index');
    const ca = await createCertificateAuthority({
      kid: 'ca-aud',
      now: clock,
      audience: ['https://cp.example.test'],
    });
    const agent = await generateKeyPair();
    const { certificate } = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'a',
      runId: 'r',
    });
    const key = await importJWK(ca.publicJwk, 'EdDSA');
    const options = { algorithms: ['EdDSA'], typ: 'agent-cert+jwt', currentDate };
    await expect(
      jwtVerify(certificate, key, { ...options, audience: 'https://cp.example.test' }),
    ).resolves.toBeDefined();
    await expect(
      jwtVerify(certificate, key, { ...options, audience: 'https://other.test' }),
    ).rejects.toThrow();
  });
});

describe('interop with the OpenSSL command line', () => {
  it('a proof signed here verifies with openssl pkeyutl -verify -rawin', async () => {
    const s = await setup();
    const proof = await s.signer.proof({ method: 'POST', url: URL_, body: BODY });
    const dot = proof.lastIndexOf('.');
    writeFileSync(join(dir, 'agent.pem'), pem(Buffer.concat([SPKI, exportRaw(s.agent.publicJwk)])));
    writeFileSync(join(dir, 'input.bin'), proof.slice(0, dot));
    writeFileSync(join(dir, 'sig.bin'), Buffer.from(proof.slice(dot + 1), 'base64url'));
    expect(opensslVerify('agent.pem', 'input.bin', 'sig.bin').toString()).toMatch(
      /Signature Verified Successfully/,
    );
    writeFileSync(join(dir, 'input.bin'), `${proof.slice(0, dot)}x`);
    expect(() => opensslVerify('agent.pem', 'input.bin', 'sig.bin')).toThrow();
  });

  it('raw signatures cross both ways with an openssl-generated key', async () => {
    openssl('genpkey', '-algorithm', 'ed25519', '-out', 'key.pem');
    const der = openssl('pkey', '-in', 'key.pem', '-pubout', '-outform', 'DER');
    const publicJwk = rawToPublicJwk(new Uint8Array(der.subarray(der.length - 32)));
    const privDer = openssl('pkey', '-in', 'key.pem', '-outform', 'DER');
    const privateJwk = {
      ...publicJwk,
      d: encode(new Uint8Array(privDer.subarray(privDer.length - 32))),
    };
    writeFileSync(join(dir, 'msg.bin'), 'signed by both');
    openssl(
      'pkeyutl',
      '-sign',
      '-inkey',
      'key.pem',
      '-rawin',
      '-in',
      'msg.bin',
      '-out',
      'ossl.bin',
    );
    const ours = await (await createSigner(privateJwk)).sign(
      new TextEncoder().encode('signed by both'),
    );
    // Ed25519 is deterministic: the same key signs the same bytes identically everywhere.
    expect(encode(ours)).toBe(encode(new Uint8Array(readFileSync(join(dir, 'ossl.bin')))));
  });

  it('a proof signed by openssl verifies here, through verifyRequest', async () => {
    openssl('genpkey', '-algorithm', 'ed25519', '-out', 'agent2.pem');
    const der = openssl('pkey', '-in', 'agent2.pem', '-pubout', '-outform', 'DER');
    const agentJwk = rawToPublicJwk(new Uint8Array(der.subarray(der.length - 32)));
    const s = await setup();
    const { certificate } = await s.ca.issueCertificate(agentJwk, { agentId: 'ossl', runId: 'r' });
    const iat = nowSeconds();
    const claims = { jti: encode(crypto.getRandomValues(new Uint8Array(16))), iat, exp: iat + 60 };
    const input = `${encodeJson({ alg: 'EdDSA', typ: 'agent-proof+jwt' })}.${encodeJson({
      ...claims,
      htm: 'POST',
      htu: URL_,
      bh: bodyHash(BODY),
    })}`;
    writeFileSync(join(dir, 'proof-input.bin'), input);
    openssl(
      'pkeyutl',
      '-sign',
      '-inkey',
      'agent2.pem',
      '-rawin',
      '-in',
      'proof-input.bin',
      '-out',
      'p.bin',
    );
    const proof = `${input}.${readFileSync(join(dir, 'p.bin')).toString('base64url')}`;
    const request = s.withProof(proof, {
      headers: { 'x-tollgate-certificate': certificate, 'x-tollgate-proof': proof },
    });
    expect(await code(s.verifier.verify(request))).toBe('ok');
    const tampered = { ...request, body: `${BODY}\n` };
    expect(await code(s.verifier.verify(tampered))).toBe('binding_mismatch');
  });
});

describe('keys generated here load in openssl', () => {
  it('as a public key openssl can print', async () => {
    const pair = await generateKeyPair();
    writeFileSync(join(dir, 'gen.pem'), pem(Buffer.concat([SPKI, exportRaw(pair.publicJwk)])));
    const text = openssl('pkey', '-pubin', '-in', 'gen.pem', '-noout', '-text').toString();
    expect(text).toMatch(/ED25519 Public-Key/);
  });
});
