/**
 * Side-by-side costs, one process, one run: minting a proof vs one bare native Ed25519
 * signature of the same bytes (target ≤ 1.5×), verifying a request vs one bare verify
 * (target ≤ 2×), and the tweetnacl fallback. Prints a table; exits 0 (it is a report).
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import nacl from 'tweetnacl';
import { decode, utf8 } from '../src/base64url';
import {
  CERTIFICATE_HEADER,
  createCertificateAuthority,
  createRequestSigner,
  createVerifier,
  generateKeyPair,
  PROOF_HEADER,
  setBackend,
} from '../src/index';

const N = Number(process.env.BENCH_ITERATIONS ?? 3000);
const URL = 'https://cp.example.test/v1/proxy/openai/v1/chat/completions';
const BODY = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello' }],
});

async function time(fn: (i: number) => unknown, n = N): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn(i); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / n / 1000; // µs per op
}

await setBackend('node');
const ca = await createCertificateAuthority({ kid: 'bench' });
const agent = await generateKeyPair();
const { certificate } = await ca.issueCertificate(agent.publicJwk, {
  agentId: 'bench',
  runId: 'run_bench',
});
const signer = await createRequestSigner(agent.privateJwk, certificate);

const keyObject = createPrivateKey({ key: { ...agent.privateJwk } as never, format: 'jwk' });
const publicObject = createPublicKey({ key: { ...agent.publicJwk } as never, format: 'jwk' });
const sample = await signer.proof({ method: 'POST', url: URL, body: BODY });
const signingInput = utf8(sample.slice(0, sample.lastIndexOf('.')));
const sampleSignature = decode(sample.slice(sample.lastIndexOf('.') + 1));

const bareSign = await time(() => sign(null, signingInput, keyObject));
const mintProof = await time(() => signer.proof({ method: 'POST', url: URL, body: BODY }));

const proofs = await Promise.all(
  Array.from({ length: N + 200 }, () => signer.proof({ method: 'POST', url: URL, body: BODY })),
);
const verifier = createVerifier({ ca: ca.jwks() });
const bareVerify = await time(() => verify(null, signingInput, publicObject, sampleSignature));
let k = 0;
const verifyReq = await time(() =>
  verifier.verify({
    method: 'POST',
    url: URL,
    body: BODY,
    headers: { [CERTIFICATE_HEADER]: certificate, [PROOF_HEADER]: proofs[k++]! },
  }),
);

const seed = decode(agent.privateJwk.d);
const naclKey = nacl.sign.keyPair.fromSeed(seed).secretKey;
const naclSign = await time(() => nacl.sign.detached(signingInput, naclKey), Math.min(N, 1000));
await setBackend('tweetnacl');
const naclSigner = await createRequestSigner(agent.privateJwk, certificate);
const naclProof = await time(
  () => naclSigner.proof({ method: 'POST', url: URL, body: BODY }),
  Math.min(N, 1000),
);

const rows: [string, number, string, string][] = [
  ['bare native Ed25519 sign (node:crypto)', bareSign, '1.00×', ''],
  [
    'mint a proof (native)',
    mintProof,
    `${(mintProof / bareSign).toFixed(2)}×`,
    mintProof / bareSign <= 1.5 ? 'PASS ≤ 1.5×' : 'FAIL > 1.5×',
  ],
  ['bare native Ed25519 verify', bareVerify, '1.00×', ''],
  [
    'verifyRequest (cert cached, proof, replay)',
    verifyReq,
    `${(verifyReq / bareVerify).toFixed(2)}×`,
    verifyReq / bareVerify <= 2 ? 'PASS ≤ 2×' : 'FAIL > 2×',
  ],
  ['tweetnacl sign (fallback)', naclSign, `${(naclSign / bareSign).toFixed(2)}× native`, ''],
  [
    'mint a proof (tweetnacl fallback)',
    naclProof,
    `${(naclProof / bareSign).toFixed(2)}× native`,
    '',
  ],
];
console.log(`@tollgate/identity bench — ${N} iterations, Node ${process.version}`);
console.log('| operation | µs/op | ratio | target |\n|---|---:|---:|---|');
for (const [name, us, ratio, target] of rows)
  console.log(`| ${name} | ${us.toFixed(1)} | ${ratio} | ${target} |`);
