/**
 * Side by side, one run, one local dev server (in a child process, so its work and garbage
 * stay off the measured thread): the SDK against hand-written fetch code and two reference
 * clients doing the same call — openapi-fetch (`@tollgate/api`'s low-level client) and
 * openai-node (its generic `get`). Figures are medians of per-round ratios to raw fetch (see
 * measure.ts). Prints a table; exits 0 (it is a report, the targets are not asserted).
 *   GET /v1/agents/{id}: raw fetch, openapi-fetch, openai-node, tg.agents.get() strict / off
 *   agent.fetch vs fetch of the same URL (one proof per request), beside its floor: the same
 *   fetch plus one Ed25519 signature, plus a whole proof sent in its headers, and plus the
 *   per-attempt timeout every call of the pipeline has (a controller and a timer)
 *   paging 100 000 audit entries with `for await` vs a hand-written offset loop, peak heap
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createApiClient } from '@tollgate/api';
import { createRequestSigner, type PrivateJwk } from '@tollgate/identity';
import OpenAI from 'openai';
// The built package, as users run it (turbo builds it before `bench`).
import { Tollgate } from '../dist/index.js';
import { median, rounds, withHeap } from './measure';
import { startBenchServer } from './server';

const N = Number(process.env.BENCH_ITERATIONS ?? 3000);
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000);
const PAGE_ROUNDS = Number(process.env.BENCH_PAGE_ROUNDS ?? 5);
const server = await startBenchServer(ENTRIES);

const common = { baseUrl: server.url, apiKey: server.adminApiKey, logLevel: 'off' } as const;
const tg = new Tollgate({ ...common, caPublicKey: server.caPublicJwk, validate: 'strict' });
const tgOff = new Tollgate({ ...common, validate: 'off' });
await tg.agents.create({
  id: 'bench',
  name: 'Bench',
  budget: { limit_micros: 1_000_000, alert_threshold_pct: 80 },
});
const agent = await tg.agents.register({ agentId: 'bench-agent' });
const headers = { authorization: `Bearer ${server.adminApiKey}` };
const api = createApiClient({ baseUrl: server.url, headers });
const openai = new OpenAI({ baseURL: server.url, apiKey: server.adminApiKey, maxRetries: 0 });

const agentUrl = `${server.url}/v1/agents/bench`;
const get = await rounds(
  {
    raw: async () => JSON.parse(await (await fetch(agentUrl, { headers })).text()),
    openapiFetch: () =>
      api.GET('/v1/agents/{agent_id}', { params: { path: { agent_id: 'bench' } } }),
    openai: () => openai.get('/v1/agents/bench'),
    sdk: () => tg.agents.get('bench'),
    sdkOff: () => tgOff.agents.get('bench'),
  },
  'raw',
  N,
);
const healthUrl = `${server.url}/v1/health`;
// The floor of a signed request, by hand: one node:crypto signature (of a proof-sized
// input), and a whole proof from the identity library, sent in the same two headers.
const { privateKey } = generateKeyPairSync('ed25519');
const proofSized = Buffer.alloc(300, 'x');
const stored = await tg.credentialStore.load('bench-agent');
if (!stored) throw new Error('the bench agent was not stored');
const signer = await createRequestSigner(stored.privateJwk as PrivateJwk, stored.certificate);
const signed = await rounds(
  {
    plain: () => fetch(healthUrl).then((r) => r.text()),
    plainSign: () => {
      sign(null, proofSized, privateKey);
      return fetch(healthUrl).then((r) => r.text());
    },
    plainProof: async () => {
      const proof = await signer.headers({ method: 'GET', url: healthUrl });
      return fetch(healthUrl, { headers: proof }).then((r) => r.text());
    },
    // What agent.fetch must do at least besides: a per-attempt timeout it can cancel.
    plainProofTimeout: async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 60_000);
      const proof = await signer.headers({ method: 'GET', url: healthUrl });
      const response = await fetch(healthUrl, { headers: proof, signal: controller.signal });
      clearTimeout(timer);
      return response.text();
    },
    signed: () => agent.fetch(healthUrl).then((r) => r.text()),
  },
  'plain',
  N,
);

const pageSdk = async () => {
  let n = 0;
  for await (const _ of tg.auditLog.list({ limit: 500 })) n++;
  return n;
};
const pageByHand = async () => {
  let n = 0;
  for (let offset = 0; ; ) {
    const url = `${server.url}/v1/audit-log?limit=500&offset=${offset}`;
    const page = JSON.parse(await (await fetch(url, { headers })).text());
    n += page.data.length;
    offset += page.data.length;
    if (page.data.length === 0 || offset >= page.total) return n;
  }
};
const paging = { sdk: [] as number[], hand: [] as number[], ratio: [] as number[] };
const heap = { sdk: 0, hand: 0 };
let pagedCount = 0;
for (let round = 0; round < PAGE_ROUNDS; round++) {
  const order = round % 2 === 0 ? (['sdk', 'hand'] as const) : (['hand', 'sdk'] as const);
  const took = { sdk: 0, hand: 0 };
  for (const which of order) {
    const result = await withHeap(which === 'sdk' ? pageSdk : pageByHand);
    took[which] = result.ms;
    heap[which] = Math.max(heap[which], result.peakMb);
    if (which === 'sdk') pagedCount = result.count;
  }
  paging.sdk.push(took.sdk);
  paging.hand.push(took.hand);
  paging.ratio.push(took.hand / took.sdk);
}
await server.close();

const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const us = (micros: number) => `${micros.toFixed(0)} µs`;
const judged = N >= 1000 ? '' : ` (not judged: ${N} rounds)`;
const verdict = (ok: boolean, target: string) => `${ok ? 'met' : 'NOT met'}: ${target}${judged}`;
console.log(
  `@tollgate/sdk bench — ${N} rounds, ${pagedCount} audit entries × ${PAGE_ROUNDS}, Node ${process.version}`,
);
console.log('| measurement | median | × raw fetch (median of per-round ratios) | target |');
console.log('|---|---:|---:|---|');
const row = (what: string, micros: string, ratio: string, target = '') =>
  console.log(`| ${what} | ${micros} | ${ratio} | ${target} |`);
row('GET agent: raw fetch + JSON.parse', us(get.micros.raw), x(get.ratio.raw), 'reference');
row('… openapi-fetch (@tollgate/api)', us(get.micros.openapiFetch), x(get.ratio.openapiFetch));
row('… openai-node `openai.get()`', us(get.micros.openai), x(get.ratio.openai));
const gap = get.ratio.sdk - get.ratio.openapiFetch;
row(
  '… tg.agents.get(), validation strict',
  us(get.micros.sdk),
  x(get.ratio.sdk),
  verdict(gap <= 0.05, `within 0.05 of openapi-fetch (${gap >= 0 ? '+' : ''}${gap.toFixed(2)})`),
);
row('… tg.agents.get(), validation off', us(get.micros.sdkOff), x(get.ratio.sdkOff), 'breakdown');
row('health: raw fetch', us(signed.micros.plain), x(signed.ratio.plain), 'reference');
row(
  '… + one Ed25519 signature (node:crypto)',
  us(signed.micros.plainSign),
  x(signed.ratio.plainSign),
  'floor',
);
row(
  '… + a proof in its headers (identity library)',
  us(signed.micros.plainProof),
  x(signed.ratio.plainProof),
  'floor',
);
row(
  '… + a proof and a cancellable timeout',
  us(signed.micros.plainProofTimeout),
  x(signed.ratio.plainProofTimeout),
  'floor',
);
row(
  '… agent.fetch (a proof per request)',
  us(signed.micros.signed),
  x(signed.ratio.signed),
  verdict(signed.ratio.signed <= 1.25, '≤ 1.25×'),
);
const speed = median(paging.ratio);
row(
  `page ${pagedCount} audit entries: hand-written loop`,
  `${median(paging.hand).toFixed(0)} ms`,
  '',
  'reference',
);
row(
  '… `for await` (speed vs the loop)',
  `${median(paging.sdk).toFixed(0)} ms`,
  x(speed),
  verdict(speed >= 1.0, '≥ 1.0× the loop'),
);
row(
  '… peak heap growth, loop / SDK',
  `${heap.hand.toFixed(1)} / ${heap.sdk.toFixed(1)} MB`,
  '',
  'flat',
);
if (pagedCount < ENTRIES) console.log('note: fewer entries than seeded');
