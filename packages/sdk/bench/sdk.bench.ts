/**
 * Side by side, one run, one local dev server: the SDK's overhead against hand-written
 * fetch code doing the same work. Prints a table; exits 0 (it is a report).
 *   tg.agents.get()       vs fetch + JSON.parse of the same URL (validation on; target ≤ 1.15×)
 *   agent.fetch           vs fetch of the same URL (one proof per request)
 *   paging 100 000 audit entries with `for await` vs a hand-written offset loop, peak heap
 */
import { startDevServer } from '@tollgate/dev-server';
import { Tollgate } from '../src/index';

const N = Number(process.env.BENCH_ITERATIONS ?? 1500);
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000);
const server = await startDevServer({ log: () => {}, seedAuditEntries: ENTRIES });
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

/** Runs a and b in alternating blocks (so drift hits both), returns µs/op of each. */
async function sideBySide(a: () => Promise<unknown>, b: () => Promise<unknown>, n = N) {
  for (let i = 0; i < 200; i++) await Promise.all([a(), b()]);
  let ta = 0n;
  let tb = 0n;
  for (let block = 0; block < 10; block++) {
    let t = process.hrtime.bigint();
    for (let i = 0; i < n / 10; i++) await a();
    ta += process.hrtime.bigint() - t;
    t = process.hrtime.bigint();
    for (let i = 0; i < n / 10; i++) await b();
    tb += process.hrtime.bigint() - t;
  }
  return [Number(ta) / n / 1000, Number(tb) / n / 1000] as const;
}

const agentUrl = `${server.url}/v1/agents/bench`;
const [getSdk, getRaw] = await sideBySide(
  () => tg.agents.get('bench'),
  async () => JSON.parse(await (await fetch(agentUrl, { headers })).text()),
);
const healthUrl = `${server.url}/v1/health`;
const [signed, plain] = await sideBySide(
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
  `| tg.agents.get() vs fetch + JSON.parse (validation strict) | ${getSdk.toFixed(0)} µs | ${getRaw.toFixed(0)} µs | ${ratio(getSdk, getRaw)} | ${getSdk / getRaw <= 1.15 ? 'PASS' : 'FAIL'} ≤ 1.15× |`,
);
console.log(
  `| agent.fetch vs fetch (same URL) | ${signed.toFixed(0)} µs | ${plain.toFixed(0)} µs | ${ratio(signed, plain)} | report |`,
);
console.log(
  `| page ${pageSdk.count} audit entries: time | ${pageSdk.ms.toFixed(0)} ms | ${pageRaw.ms.toFixed(0)} ms | ${ratio(pageSdk.ms, pageRaw.ms)} | report |`,
);
console.log(
  `| page ${pageSdk.count} audit entries: peak heap growth | ${pageSdk.peakMb.toFixed(1)} MB | ${pageRaw.peakMb.toFixed(1)} MB | | flat (one page held) |`,
);
if (pageSdk.count !== ENTRIES + 0 && pageSdk.count < ENTRIES)
  console.log('note: fewer entries than seeded');
