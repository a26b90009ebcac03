/**
 * Side-by-side costs from one run: minting a proof against one bare native Ed25519 signature
 * of the same bytes (target ≤ 1.5×), verifying a request against one bare verify (target
 * ≤ 2×), verifying with the Redis replay cache against the memory one (a real redis-server
 * on loopback, when one is installed; the target: the Redis round trip is the only added
 * cost), and the WebCrypto and tweetnacl backends for the docs. Each pair is measured in
 * interleaved rounds and compared by medians, so a noisy neighbour slows both sides of a
 * ratio alike. Prints a table; exits 0 either way (it is a report).
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { createClient } from 'redis';
import nacl from 'tweetnacl';
import { decode, utf8 } from '../src/base64url';
import {
  type BackendName,
  CERTIFICATE_HEADER,
  createCertificateAuthority,
  createRequestSigner,
  createVerifier,
  generateKeyPair,
  PROOF_HEADER,
  type ReplayCache,
} from '../src/index';
import { RedisReplayCache } from '../src/redis';
import { redisServerBinary, startRedis } from '../test/redis-server';
// The tweetnacl backend is opt-in (what `import '@tollgate/identity/tweetnacl'` does for users).
import '../src/tweetnacl';

const N = Number(process.env.BENCH_ITERATIONS ?? 3000);
const ROUNDS = 7;
const ORIGIN = 'https://cp.example.test';
const PATH = '/v1/proxy/openai/v1/chat/completions';
const BODY = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello in one short sentence, please.' }],
});

type Op = () => unknown;
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const verdict = (ratio: number, target: number) =>
  N < 1000
    ? `not judged (${N} iterations) ≤ ${target}×`
    : `${ratio <= target ? 'PASS' : 'FAIL'} ≤ ${target}×`;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** µs/op of each op: `ROUNDS` interleaved rounds of `n / ROUNDS` calls, median per op. */
async function measure<T extends Op[]>(
  ops: [...T],
  n: number,
): Promise<{ [K in keyof T]: number }> {
  const per = Math.max(1, Math.floor(n / ROUNDS));
  const samples = ops.map(() => [] as number[]);
  for (const op of ops) for (let i = 0; i < Math.min(100, per); i++) await op(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [j, op] of ops.entries()) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < per; i++) await op();
      samples[j]!.push(Number(process.hrtime.bigint() - start) / per / 1000);
    }
  }
  return samples.map(median) as { [K in keyof T]: number };
}

const ca = await createCertificateAuthority({ kid: 'bench' });
const agent = await generateKeyPair();
const { certificate } = await ca.issueCertificate(agent.publicJwk, {
  agentId: 'bench',
  runId: 'run_bench',
});
const request = { method: 'POST', url: ORIGIN + PATH, body: BODY };

/** A signer, a verifier and enough fresh proofs for `count` verifications on a backend. */
async function rig(backend: BackendName, count: number, replayCache?: ReplayCache) {
  const signer = await createRequestSigner(agent.privateJwk, certificate, { backend });
  const verifier = createVerifier({ ca: ca.jwks(), origin: ORIGIN, replayCache, backend });
  const proofs: string[] = [];
  for (let i = 0; i < count; i++) proofs.push(await signer.proof(request));
  let k = 0;
  return {
    mint: () => signer.proof(request),
    verify: () =>
      verifier.verify({
        method: 'POST',
        url: PATH,
        body: BODY,
        headers: { [CERTIFICATE_HEADER]: certificate, [PROOF_HEADER]: proofs[k++]! },
      }),
    sample: proofs[0]!,
  };
}

// Native: node:crypto, the backend Node selects.
const native = await rig('node', N + 200);
const keyObject = createPrivateKey({ key: { ...agent.privateJwk } as never, format: 'jwk' });
const publicObject = createPublicKey({ key: { ...agent.publicJwk } as never, format: 'jwk' });
const dot = native.sample.lastIndexOf('.');
const input = utf8(native.sample.slice(0, dot));
const signature = decode(native.sample.slice(dot + 1));
const [bareSign, mint] = await measure([() => sign(null, input, keyObject), native.mint], N);
const [bareVerify, verifyReq] = await measure(
  [() => verify(null, input, publicObject, signature), native.verify],
  N,
);

// The Redis replay cache against the memory one, with a bare SET NX EX round trip beside them.
type RedisRow = [string, number | undefined, string, string];
const redisRows: RedisRow[] = [];
if (redisServerBinary()) {
  const server = await startRedis();
  const client = createClient({ url: server.url });
  client.on('error', () => {});
  await client.connect();
  try {
    const memory = await rig('node', 2 * N + 400);
    const shared = await rig('node', N + 200, new RedisReplayCache({ client }));
    let k = 0;
    const roundTrip = () => client.sendCommand(['SET', `bench:${k++}`, '1', 'NX', 'EX', '60']);
    // What "the round trip is the only added cost" predicts: a memory verify, then a SET.
    const predicted = async () => {
      await memory.verify();
      await roundTrip();
    };
    const [mem, red, trip, sum] = await measure(
      [memory.verify, shared.verify, roundTrip, predicted],
      N,
    );
    redisRows.push(
      ['verifyRequest, memory replay cache (node)', mem, '1.00×', `${(1e6 / mem).toFixed(0)}/s`],
      [
        'verifyRequest, Redis replay cache (node-redis, loopback)',
        red,
        x(red, mem),
        `${(1e6 / red).toFixed(0)}/s; +${(red - mem).toFixed(1)} µs`,
      ],
      ['bare Redis SET NX EX round trip (loopback)', trip, '', ''],
      [
        'memory verifyRequest, then a bare SET NX EX',
        sum,
        `Redis cache = ${x(red, sum)} this`,
        `round trip the only added cost: ${verdict(red / sum, 1.15)}`,
      ],
    );
  } finally {
    client.destroy();
    await server.stop();
  }
} else {
  for (const name of ['verifyRequest, memory vs Redis replay cache', 'bare Redis round trip'])
    redisRows.push([name, undefined, '', 'NOT RUN (no redis-server installed)']);
}

// Why proofs are minted and checked by hand: jose goes through WebCrypto, which on Node is
// an async job per signature. Measured here, not assumed.
const joseSigningKey = await importJWK(agent.privateJwk, 'EdDSA');
const joseVerifyKey = await importJWK(agent.publicJwk, 'EdDSA');
const claims = JSON.parse(new TextDecoder().decode(decode(native.sample.split('.')[1]!)));
const [joseSign, joseVerify] = await measure(
  [
    () =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', typ: 'agent-proof+jwt' })
        .sign(joseSigningKey),
    () =>
      jwtVerify(native.sample, joseVerifyKey, { algorithms: ['EdDSA'], currentDate: new Date() }),
  ],
  Math.min(N, 1000),
);

// WebCrypto (browsers, Deno, workers) and tweetnacl (no native Ed25519), for the docs.
const WN = Math.min(N, 1000);
const web = await rig('webcrypto', WN + 200);
const subtle = globalThis.crypto.subtle;
const ED = { name: 'Ed25519' };
const webPrivate = await subtle.importKey('jwk', { ...agent.privateJwk }, ED, false, ['sign']);
const webPublic = await subtle.importKey('jwk', { ...agent.publicJwk }, ED, false, ['verify']);
const [webSign, webMint, webBareVerify, webVerify] = await measure(
  [
    () => subtle.sign(ED, webPrivate, input as BufferSource),
    web.mint,
    () => subtle.verify(ED, webPublic, signature as BufferSource, input as BufferSource),
    web.verify,
  ],
  WN,
);
const TN = Math.min(N, 140);
const naclKey = nacl.sign.keyPair.fromSeed(decode(agent.privateJwk.d)).secretKey;
const fallback = await rig('tweetnacl', TN + 100);
const [naclSign, naclMint, naclVerify] = await measure(
  [() => nacl.sign.detached(input, naclKey), fallback.mint, fallback.verify],
  TN,
);

const rows: [string, number | undefined, string, string][] = [
  ['bare Ed25519 sign (node:crypto)', bareSign, '1.00×', ''],
  ['mint a proof (node)', mint, x(mint, bareSign), verdict(mint / bareSign, 1.5)],
  ['bare Ed25519 verify (node:crypto)', bareVerify, '1.00×', ''],
  [
    'verifyRequest: cached cert, proof, binding, replay (node)',
    verifyReq,
    x(verifyReq, bareVerify),
    verdict(verifyReq / bareVerify, 2),
  ],
  ...redisRows,
  [
    'jose SignJWT, same claims (not used)',
    joseSign,
    `${x(joseSign, bareSign)} bare sign`,
    'why by hand',
  ],
  [
    'jose jwtVerify of a proof (not used)',
    joseVerify,
    `${x(joseVerify, bareVerify)} bare verify`,
    'why by hand',
  ],
  ['bare WebCrypto sign', webSign, `${x(webSign, bareSign)} bare sign`, 'for the docs'],
  ['mint a proof (webcrypto)', webMint, `${x(webMint, webSign)} WebCrypto sign`, 'for the docs'],
  [
    'bare WebCrypto verify',
    webBareVerify,
    `${x(webBareVerify, bareVerify)} bare verify`,
    'for the docs',
  ],
  [
    'verifyRequest (webcrypto)',
    webVerify,
    `${x(webVerify, webBareVerify)} WebCrypto verify`,
    'for the docs',
  ],
  ['bare tweetnacl sign', naclSign, `${x(naclSign, bareSign)} bare sign`, 'for the docs'],
  ['mint a proof (tweetnacl)', naclMint, `${x(naclMint, bareSign)} bare sign`, 'for the docs'],
  [
    'verifyRequest (tweetnacl)',
    naclVerify,
    `${x(naclVerify, bareVerify)} bare verify`,
    'for the docs',
  ],
];
console.log(
  `@tollgate/identity bench: Node ${process.version}, ${N} iterations (webcrypto ${WN}, tweetnacl ${TN}), medians of ${ROUNDS} interleaved rounds`,
);
console.log('| operation | µs/op | ratio | target |\n| --- | ---: | ---: | --- |');
for (const [name, us, ratio, target] of rows)
  console.log(`| ${name} | ${us === undefined ? '—' : us.toFixed(1)} | ${ratio} | ${target} |`);
