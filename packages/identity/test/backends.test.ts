import { describe, expect, it } from 'vitest';
import { loadNodeCrypto, nodeBackend } from '../src/backend/node';
import { getBackend } from '../src/backend/select';
import { tweetnaclBackend } from '../src/backend/tweetnacl';
import type { Ed25519Backend } from '../src/backend/types';
import { webcryptoBackend } from '../src/backend/webcrypto';
import { hex, toHex } from './helpers';

// RFC 8032 §7.1, TEST 1–3.
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
];

const backends: Ed25519Backend[] = [tweetnaclBackend(), webcryptoBackend(globalThis.crypto.subtle)];
const nodeCrypto = loadNodeCrypto();
if (nodeCrypto) backends.push(nodeBackend(nodeCrypto));

describe.each(backends.map((b) => [b.name, b] as const))('%s backend', (_, backend) => {
  it.each(VECTORS.map((v, i) => [i + 1, v] as const))('RFC 8032 test %i', async (_, v) => {
    expect(toHex(await backend.publicKeyOf(hex(v.seed)))).toBe(v.pub);
    const key = await backend.importPrivate(hex(v.seed), hex(v.pub));
    expect(toHex(await backend.sign(key, hex(v.msg)))).toBe(v.sig);
    const pub = await backend.importPublic(hex(v.pub));
    expect(await backend.verify(pub, hex(v.msg), hex(v.sig))).toBe(true);
    const bad = hex(v.sig);
    bad[0]! ^= 1;
    expect(await backend.verify(pub, hex(v.msg), bad)).toBe(false);
  });

  it('signs identically to and verifies with every other backend', async () => {
    const { seed, publicKey } = await backend.generate();
    const message = new TextEncoder().encode('cross-backend');
    const signature = await backend.sign(await backend.importPrivate(seed, publicKey), message);
    for (const other of backends) {
      const theirs = await other.sign(await other.importPrivate(seed, publicKey), message);
      expect(toHex(theirs), other.name).toBe(toHex(signature));
      expect(
        await other.verify(await other.importPublic(publicKey), message, signature),
        other.name,
      ).toBe(true);
    }
  });
});

describe('backend selection', () => {
  it('honours TOLLGATE_IDENTITY_BACKEND (this suite runs once with tweetnacl)', async () => {
    const forced = process.env.TOLLGATE_IDENTITY_BACKEND;
    expect((await getBackend()).name).toBe(forced ?? 'node');
  });
});
