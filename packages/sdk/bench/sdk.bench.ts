/**
 * Side by side, one run, one local dev server (in a child process, so its work and garbage
 * stay off the measured thread): the SDK's overhead against hand-written fetch code doing the
 * same work. Prints a table; exits 0 (it is a report).
 *   tg.agents.get()       vs fetch + JSON.parse of the same URL (validation on; target ≤ 1.15×)
 *   agent.fetch           vs fetch of the same URL (one proof per request)
 *   paging 100 000 audit entries with `for await` vs a hand-written offset loop, peak heap
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
// The built package, as users run it (turbo builds it before `bench`).
import { Tollgate } from '../dist/index.js';

const N = Number(process.env.BENCH_ITERATIONS ?? 3000);
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('./server-process.ts', import.meta.url).pathname],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_AUDIT_ENTRIES: String(ENTRIES) },
  },
);
const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
const server = {
  ...(JSON.parse(line) as { url: string; adminApiKey: string; caPublicJwk: JsonWebKey }),
  close: async () => {
    child.stdin!.end();
    await once(child, 'exit');
  },
};
const tg = new Tollgate({
  baseUrl: server.url,
  apiKey: server.adminApiKey,
  caPublicKey: server.caPublicJwk,
  logLevel: 'off',
  validate: 'strict',
});
await tg.agents.create({
  id: 'bench',
  name: 'Bench',
  budget: { limit_micros: 1_000_000, alert_threshold_pct: 80 },
});
const agent = await tg.agents.register({ agentId: 'bench-agent' });
const headers = { authorization: `Bearer ${server.adminApiKey}` };

/** Mean of the values with the slowest 1% left out (a scheduler stall on a 2-core machine). */
const trimmedMean = (values: number[]) => {
  const kept = [...values].sort((x, y) => x - y).slice(0, Math.ceil(values.length * 0.99));
  return kept.reduce((sum, x) => sum + x, 0) / kept.length;
};

/**
 * Times the variants call by call, in turn (forwards, then backwards, ...), so drift, the
 * server's garbage collection and the other process's noise land on all alike. Returns the
 * trimmed mean µs/op of each. The mean (not a median) keeps the SDK's own garbage-collection
 * pauses in its figure.
 */
async function interleaved<K extends string>(variants: Record<K, () => Promise<unknown>>, n = N) {
  const keys = Object.keys(variants) as K[];
  for (let i = 0; i < 300; i++) await Promise.all(keys.map((k) => variants[k]()));
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < n; i++) {
    for (const k of i % 2 === 0 ? keys : [...keys].reverse()) {
      const t = process.hrtime.bigint();
      await variants[k]();
      times[k].push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, trimmedMean(times[k])])) as Record<K, number>;
}

const agentUrl = `${server.url}/v1/agents/bench`;
const tgOff = new Tollgate({
  baseUrl: server.url,
  apiKey: server.adminApiKey,
  logLevel: 'off',
  validate: 'off',
});
// What the SDK hands to fetch for that call, sent by hand: its headers and a per-attempt
// timeout signal. The gap between this and the raw fetch is transport cost, not SDK code.
const sdkHeaders: Record<string, string> = {};
await new Tollgate({
  baseUrl: server.url,
  apiKey: server.adminApiKey,
  logLevel: 'off',
  fetch: async (request: Request) => {
    request.headers.forEach((value, name) => {
      sdkHeaders[name] = value;
    });
    return fetch(request);
  },
}).agents.get('bench');
const get = await interleaved({
  sdk: () => tg.agents.get('bench'),
  raw: async () => JSON.parse(await (await fetch(agentUrl, { headers })).text()),
  sdkOff: () => tgOff.agents.get('bench'),
  sameInit: async () =>
    JSON.parse(
      await (
        await fetch(agentUrl, { headers: sdkHeaders, signal: AbortSignal.timeout(60_000) })
      ).text(),
    ),
});
const healthUrl = `${server.url}/v1/health`;
const health = await interleaved({
  signed: () => agent.fetch(healthUrl).then((r) => r.text()),
  plain: () => fetch(healthUrl).then((r) => r.text()),
});

async function measureHeap(fn: () => Promise<number>) {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const t = process.hrtime.bigint();
  const count = await fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { count, ms, peakMb: (peak - base) / 1024 / 1024 };
}
const pageSdk = await measureHeap(async () => {
  let n = 0;
  for await (const _ of tg.auditLog.list({ limit: 500 })) n++;
  return n;
});
const pageRaw = await measureHeap(async () => {
  let n = 0;
  for (let offset = 0; ; ) {
    const page = JSON.parse(
      await (
        await fetch(`${server.url}/v1/audit-log?limit=500&offset=${offset}`, { headers })
      ).text(),
    );
    n += page.data.length;
    offset += page.data.length;
    if (page.data.length === 0 || offset >= page.total) return n;
  }
});
await server.close();

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
console.log(
  `@tollgate/sdk bench — ${N} calls each, ${pageSdk.count} audit entries, Node ${process.version}`,
);
console.log('| measurement | SDK | hand-written | ratio | target |\n|---|---:|---:|---:|---|');
const row = (what: string, a: number, b: number, target: string) =>
  console.log(
    `| ${what} | ${a.toFixed(0)} µs | ${b.toFixed(0)} µs | ${(a / b).toFixed(2)}× | ${target} |`,
  );
const getRatio = get.sdk / get.raw;
row(
  'tg.agents.get() vs fetch + JSON.parse (validation strict)',
  get.sdk,
  get.raw,
  N < 1000 ? `not judged (${N} calls) ≤ 1.15×` : `${getRatio <= 1.15 ? 'PASS' : 'FAIL'} ≤ 1.15×`,
);
row('… the same with validation off', get.sdkOff, get.raw, 'breakdown');
row('… fetch with the SDK’s headers + timeout signal, by hand', get.sameInit, get.raw, 'breakdown');
row('agent.fetch vs fetch (same URL)', health.signed, health.plain, 'report');
console.log(
  `| page ${pageSdk.count} audit entries: time | ${pageSdk.ms.toFixed(0)} ms | ${pageRaw.ms.toFixed(0)} ms | ${ratio(pageSdk.ms, pageRaw.ms)} | report |`,
);
console.log(
  `| page ${pageSdk.count} audit entries: peak heap growth | ${pageSdk.peakMb.toFixed(1)} MB | ${pageRaw.peakMb.toFixed(1)} MB | | flat (one page held) |`,
);
if (pageSdk.count !== ENTRIES + 0 && pageSdk.count < ENTRIES)
  console.log('note: fewer entries than seeded');
