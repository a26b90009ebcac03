import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadNodeCrypto, nodeBackend } from '../src/backend/node';
import { backendFor, TWEETNACL_SLOT } from '../src/backend/select';
import { tweetnaclBackend } from '../src/backend/tweetnacl';
import type { Ed25519Backend } from '../src/backend/types';
import { webcryptoBackend } from '../src/backend/webcrypto';
import { IdentityError } from '../src/errors';
import {
  CERTIFICATE_HEADER,
  createCertificateAuthority,
  createRequestSigner,
  createVerifier,
  generateKeyPair,
} from '../src/index';
import { BODY, code, hex, ORIGIN, PATH, toHex, URL_ } from './helpers';

// RFC 8032 §7.1, TEST 1, 2, 3 and SHA(abc).
const VECTORS = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    pub: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    msg: '',
    sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    pub: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    msg: '72',
    sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    pub: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    msg: 'af82',
    sig: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
  {
    seed: '833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42',
    pub: 'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf',
    msg: 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    sig: 'dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704',
  },
];

const backends: Ed25519Backend[] = [tweetnaclBackend(), webcryptoBackend(globalThis.crypto.subtle)];
const nodeCrypto = loadNodeCrypto();
if (nodeCrypto) backends.push(nodeBackend(nodeCrypto));
const labelled = backends.map((b) => [b.name, b] as const);

/** S + L: the malleated twin of a valid signature (RFC 8032 requires S < L). */
function addL(signature: Uint8Array): Uint8Array {
  const L = hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
  const out = signature.slice();
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = out[32 + i]! + L[i]! + carry;
    out[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}

describe.each(labelled)('%s backend', (_, backend) => {
  it.each(VECTORS.map((v, i) => [i + 1, v] as const))('RFC 8032 §7.1 test %i', async (_, v) => {
    expect(toHex(await backend.publicKeyOf(hex(v.seed)))).toBe(v.pub);
    const sign = await backend.signer(hex(v.seed), hex(v.pub));
    expect(toHex(await sign(hex(v.msg)))).toBe(v.sig);
    const verify = await backend.verifier(hex(v.pub));
    expect(await verify(hex(v.msg), hex(v.sig))).toBe(true);
    const bad = hex(v.sig);
    bad[0]! ^= 1;
    expect(await verify(hex(v.msg), bad)).toBe(false);
    expect(await verify(hex(v.msg), addL(hex(v.sig)))).toBe(false);
    expect(await verify(hex(v.msg), hex(v.sig).subarray(0, 63))).toBe(false);
  });

  it('signs byte-identically to, and verifies with, every other backend', async () => {
    const { seed, publicKey } = await backend.generate();
    expect(toHex(await backend.publicKeyOf(seed))).toBe(toHex(publicKey));
    const message = randomBytes(100);
    const signature = await (await backend.signer(seed, publicKey))(message);
    for (const other of backends) {
      const theirs = await (await other.signer(seed, publicKey))(message);
      expect(toHex(theirs), other.name).toBe(toHex(signature));
      const verify = await other.verifier(publicKey);
      expect(await verify(message, signature), other.name).toBe(true);
    }
  });

  it('hashes SHA-256 like node:crypto', async () => {
    expect(toHex(await backend.sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    for (const size of [0, 55, 56, 63, 64, 65, 1024, 1025, 5000]) {
      const data = randomBytes(size);
      const expected = createHash('sha256').update(data).digest('hex');
      expect(toHex(await backend.sha256(data)), `${size} bytes`).toBe(expected);
    }
  });
});

const slots = globalThis as { [TWEETNACL_SLOT]?: () => Ed25519Backend };
const registered = slots[TWEETNACL_SLOT];
afterEach(() => {
  slots[TWEETNACL_SLOT] = registered;
  vi.restoreAllMocks();
});

describe('backend selection', () => {
  it('honours TOLLGATE_IDENTITY_BACKEND (the suite runs once with tweetnacl)', async () => {
    const forced = process.env.TOLLGATE_IDENTITY_BACKEND;
    expect((await backendFor()).name).toBe(forced ?? 'node');
  });

  it('tweetnacl is opt-in: unregistered, asking for it is a clear unsupported_algorithm', async () => {
    expect(registered, 'test/setup.ts registers it').toEqual(expect.any(Function));
    const agent = await generateKeyPair();
    delete slots[TWEETNACL_SLOT];
    const error = await createRequestSigner(agent.privateJwk, 'c', { backend: 'tweetnacl' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdentityError);
    expect((error as IdentityError).code).toBe('unsupported_algorithm');
    expect((error as IdentityError).message).toContain("import '@tollgate/identity/tweetnacl'");
  });

  it('a CA, signers and verifiers each use the backend they name, side by side', async () => {
    const nacl = { signs: 0, verifies: 0 };
    slots[TWEETNACL_SLOT] = () => {
      const b = registered!();
      return {
        ...b,
        async signer(seed, publicKey) {
          const sign = await b.signer(seed, publicKey);
          return (data) => {
            nacl.signs++;
            return sign(data);
          };
        },
        async verifier(publicKey) {
          const verify = await b.verifier(publicKey);
          return (data, signature) => {
            nacl.verifies++;
            return verify(data, signature);
          };
        },
      };
    };
    const subtleSign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    const ca = await createCertificateAuthority({ backend: 'tweetnacl' });
    const agent = await generateKeyPair();
    const { certificate } = await ca.issueCertificate(agent.publicJwk, {
      agentId: 'a',
      runId: 'r',
    });
    expect(nacl.signs).toBe(1);

    const web = await createRequestSigner(agent.privateJwk, certificate, { backend: 'webcrypto' });
    const node = await createRequestSigner(agent.privateJwk, certificate, { backend: 'node' });
    const signed = async (signer: typeof web) => ({
      method: 'POST',
      url: PATH,
      body: BODY,
      headers: await signer.headers({ method: 'POST', url: URL_, body: BODY }),
    });
    const byWeb = await signed(web);
    expect(subtleSign).toHaveBeenCalledTimes(1);
    const byNode = await signed(node);
    expect(subtleSign).toHaveBeenCalledTimes(1);
    expect(nacl.signs).toBe(1);

    const options = { ca: ca.jwks(), origin: ORIGIN };
    const naclVerifier = createVerifier({ ...options, backend: 'tweetnacl' });
    const nodeVerifier = createVerifier({ ...options, backend: 'node' });
    expect(await code(naclVerifier.verify(byWeb))).toBe('ok');
    expect(nacl.verifies).toBe(2); // the certificate and the proof
    expect(await code(nodeVerifier.verify(byNode))).toBe('ok');
    expect(nacl.verifies).toBe(2);
    expect(byWeb.headers[CERTIFICATE_HEADER]).toBe(certificate);
  });
});
