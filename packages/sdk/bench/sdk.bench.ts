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

const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1]!;

/**
 * Runs a and b in alternating rounds (so drift and the other process's noise hit both, and
 * which goes first alternates too); returns the median µs/op of each and the median of the
 * per-round ratios a/b.
 */
async function sideBySide(a: () => Promise<unknown>, b: () => Promise<unknown>, n = N) {
  for (let i = 0; i < 300; i++) await Promise.all([a(), b()]);
  const rounds = 30;
  const per = Math.max(1, Math.round(n / rounds));
  const ta: number[] = [];
  const tb: number[] = [];
  const time = async (fn: () => Promise<unknown>) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < per; i++) await fn();
    return Number(process.hrtime.bigint() - t) / per / 1000;
  };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      ta.push(await time(a));
      tb.push(await time(b));
    } else {
      tb.push(await time(b));
      ta.push(await time(a));
    }
  }
  return [median(ta), median(tb), median(ta.map((x, i) => x / tb[i]!))] as const;
}

const agentUrl = `${server.url}/v1/agents/bench`;
const [getSdk, getRaw, getRatio] = await sideBySide(
  () => tg.agents.get('bench'),
  async () => JSON.parse(await (await fetch(agentUrl, { headers })).text()),
);
const healthUrl = `${server.url}/v1/health`;
const [signed, plain, signedRatio] = await sideBySide(
  () => agent.fetch(healthUrl).then((r) => r.text()),
  () => fetch(healthUrl).then((r) => r.text()),
);

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
console.log(
  `| tg.agents.get() vs fetch + JSON.parse (validation strict) | ${getSdk.toFixed(0)} µs | ${getRaw.toFixed(0)} µs | ${getRatio.toFixed(2)}× | ${getRatio <= 1.15 ? 'PASS' : 'FAIL'} ≤ 1.15× |`,
);
console.log(
  `| agent.fetch vs fetch (same URL) | ${signed.toFixed(0)} µs | ${plain.toFixed(0)} µs | ${signedRatio.toFixed(2)}× | report |`,
);
console.log(
  `| page ${pageSdk.count} audit entries: time | ${pageSdk.ms.toFixed(0)} ms | ${pageRaw.ms.toFixed(0)} ms | ${ratio(pageSdk.ms, pageRaw.ms)} | report |`,
);
console.log(
  `| page ${pageSdk.count} audit entries: peak heap growth | ${pageSdk.peakMb.toFixed(1)} MB | ${pageRaw.peakMb.toFixed(1)} MB | | flat (one page held) |`,
);
if (pageSdk.count !== ENTRIES + 0 && pageSdk.count < ENTRIES)
  console.log('note: fewer entries than seeded');
