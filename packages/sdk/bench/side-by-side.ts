/**
 * What the framework integrations' benches share: a dev server with one agent (a budget that
 * outlasts every round), and pairs of calls timed side by side — each framework used bare
 * through `fetch: agent.fetch` against the same call through the Tollgate integration — printed
 * as a table of medians of per-round ratios (see measure.ts). A report: the target is printed,
 * never asserted.
 */
import { Tollgate } from '../dist/index.js';
import { rounds } from './measure';
import { type BenchServer, startBenchServer } from './server';

/** Rounds per pair (BENCH_ITERATIONS); below 1000 the figures are not judged. */
export const ROUNDS = Number(process.env.BENCH_ITERATIONS ?? 1000);
/** The ceiling of the integration's cost: its call time over the bare framework's. */
export const TARGET = 1.05;

export interface Pair {
  /** The framework on its own, pointed at the proxy with `fetch: agent.fetch`: the answer. */
  bare: () => Promise<string>;
  /** The same call through the Tollgate integration: the same answer. */
  tollgate: () => Promise<string>;
}

/** The dev server in its own process and an agent registered on it. */
export async function benchAgent(): Promise<{ server: BenchServer; agent: AgentOf }> {
  const server = await startBenchServer();
  const tg = new Tollgate({
    baseUrl: server.url,
    apiKey: server.adminApiKey,
    caPublicKey: server.caPublicJwk,
    logLevel: 'off',
  });
  const agent = await tg.agents.register({
    agentId: 'bench-agent',
    budget: { limitMicros: 1_000_000_000_000 },
  });
  return { server, agent };
}
type AgentOf = Awaited<ReturnType<Tollgate['agents']['register']>>;

/**
 * Checks each pair answers alike (both calls return the answer's text), times it over ROUNDS
 * rounds (after a warm-up) and prints one row per pair.
 */
export async function sideBySide(
  title: string,
  pairs: Record<string, Pair>,
): Promise<Record<string, number>> {
  const ratios: Record<string, number> = {};
  const rows: string[] = [];
  for (const [what, pair] of Object.entries(pairs)) {
    const [bare, tollgate] = [await pair.bare(), await pair.tollgate()];
    if (bare !== tollgate || !bare) throw new Error(`${what}: ${bare} ≠ ${tollgate}`);
    const result = await rounds({ ...pair }, 'bare', ROUNDS, Math.min(100, Math.ceil(ROUNDS / 4)));
    ratios[what] = result.ratio.tollgate;
    const verdict = `${result.ratio.tollgate <= TARGET ? 'met' : 'NOT met'}: ≤ ${TARGET}×`;
    rows.push(
      `| ${what} | ${us(result.micros.bare)} | ${us(result.micros.tollgate)} | ${result.ratio.tollgate.toFixed(3)}× | ${verdict}${ROUNDS >= 1000 ? '' : ` (not judged: ${ROUNDS} rounds)`} |`,
    );
  }
  console.log(`${title} — ${ROUNDS} rounds per row, Node ${process.version}`);
  console.log(
    '| call | bare, `fetch: agent.fetch` | through Tollgate | × bare (median of per-round ratios) | target |',
  );
  console.log('|---|---:|---:|---:|---|');
  for (const row of rows) console.log(row);
  return ratios;
}

const us = (micros: number) => `${micros.toFixed(0)} µs`;
