/**
 * What metering costs an LLM call through the proxy (fake provider): a call reserved and
 * settled against a budget vs the same call through a ledger that meters nothing, on the
 * memory ledger and on Redis (where the proof id already costs one round trip and metering
 * adds two: reserve and settle). Requests are signed before the clock starts; 8 in flight.
 *
 * BENCH_ITERATIONS (default 2000) calls per variant, in 7 interleaved rounds. Redis needs
 * Debian's redis-server (started on a loopback port); without it that half reports "not run".
 */

import { createRequestSigner, generateKeyPair } from '@tollgate/identity';
import { startRedis } from '../../identity/test/redis-server';
import { startServer } from '../src/server';
import type { Ledger } from '../src/state/ledger';

const N = Number(process.env.BENCH_ITERATIONS ?? 2000);
const ROUNDS = 7;
const IN_FLIGHT = 8;
const body = JSON.stringify({
  model: 'gpt-4o-mini',
  max_tokens: 16,
  messages: [{ role: 'user', content: 'hello' }],
});

/** Holds nothing and charges nothing: the call's cost is reported, no budget is touched. */
const unmetered = (chosen: Ledger): Ledger => ({
  ...chosen,
  reserve: async (_agent, amount) => ({
    amount,
    settle: async (cost) => cost,
    release: async () => {},
  }),
});

async function variant(redisUrl: string | undefined, metered: boolean) {
  const server = await startServer(
    {
      log: () => {},
      redis: redisUrl ? { url: redisUrl, keyPrefix: `bench:${metered}:` } : undefined,
    },
    metered ? {} : { ledger: unmetered },
  );
  const keys = await generateKeyPair();
  const registered = await fetch(`${server.url}/v1/agents/bench/register`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminApiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ public_key: keys.publicJwk, budget: { limit_micros: 1e15 } }),
  });
  const { certificate } = (await registered.json()) as { certificate: string };
  const signer = await createRequestSigner(keys.privateJwk, certificate);
  const url = `${server.url}/v1/proxy/openai/v1/chat/completions`;
  let elapsed = 0;
  return {
    close: () => server.close(),
    elapsed: () => elapsed,
    async round(calls: number) {
      const signed = await Promise.all(
        Array.from({ length: calls }, () => signer.headers({ method: 'POST', url, body })),
      );
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < signed.length) {
            const headers = signed[next++]!;
            const r = await fetch(url, {
              method: 'POST',
              headers: { ...headers, 'content-type': 'application/json' },
              body,
            });
            if (r.status !== 200) throw new Error(`call answered ${r.status}: ${await r.text()}`);
            await r.arrayBuffer();
          }
        }),
      );
      elapsed += performance.now() - started;
    },
  };
}

async function compare(label: string, redisUrl?: string) {
  const [plain, metered] = [await variant(redisUrl, false), await variant(redisUrl, true)];
  const per = Math.max(1, Math.floor(N / ROUNDS));
  await plain.round(Math.min(50, per)); // warm both paths up, untimed
  await metered.round(Math.min(50, per));
  const ratios: number[] = [];
  const [warmPlain, warmMetered] = [plain.elapsed(), metered.elapsed()];
  for (let i = 0; i < ROUNDS; i++) {
    const [a0, b0] = [plain.elapsed(), metered.elapsed()];
    // Alternating which goes first, so neither always runs on a warmer (or busier) machine.
    for (const v of i % 2 ? [metered, plain] : [plain, metered]) await v.round(per);
    ratios.push((metered.elapsed() - b0) / (plain.elapsed() - a0));
  }
  const median = [...ratios].sort((x, y) => x - y)[Math.floor(ROUNDS / 2)]!;
  const us = (t: number) => ((t * 1000) / (per * ROUNDS)).toFixed(0);
  const [a, b] = [plain.elapsed() - warmPlain, metered.elapsed() - warmMetered];
  console.log(
    `${label}: unmetered ${us(a)} µs/call, reserved+settled ${us(b)} µs/call → overhead ${((median - 1) * 100).toFixed(1)} % (median of ${ROUNDS} rounds; ${per * ROUNDS} calls each, ${IN_FLIGHT} in flight)`,
  );
  await plain.close();
  await metered.close();
}

await compare('LLM proxy, memory ledger');
let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
try {
  redis = await startRedis();
} catch {
  console.log('LLM proxy, Redis ledger: NOT RUN, no redis-server (apt-get install redis-server)');
}
if (redis) {
  try {
    await compare('LLM proxy, Redis ledger (replay cache on Redis in both)', redis.url);
  } finally {
    await redis.stop();
  }
}
