/**
 * How the bench times things. Variants run in rounds, once each per round, in an order
 * shuffled anew every round (a seeded shuffle, the same from run to run), so drift, the
 * server's garbage collection, other processes' noise and the after-effects of one variant on
 * the next (the garbage a heavy client leaves for the next call to collect) land on all
 * alike: with a fixed rotation, each variant always ran right after the same neighbour. Each
 * variant's figure is the median over rounds of its time divided by the reference's time in
 * the same round.
 */

/** A small seeded generator (mulberry32): the same shuffles every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export interface RoundsResult<K extends string> {
  /** Median µs per call. */
  micros: Record<K, number>;
  /** Median of per-round ratios to the reference. */
  ratio: Record<K, number>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const now = () => Number(process.hrtime.bigint()) / 1000;

/** Times `variants` in `rounds` rounds (after a warm-up); ratios are to `reference`. */
export async function rounds<K extends string>(
  variants: Record<K, () => Promise<unknown>>,
  reference: NoInfer<K>,
  count: number,
  warmup = 300,
): Promise<RoundsResult<K>> {
  const keys = Object.keys(variants) as K[];
  for (let i = 0; i < warmup; i++) for (const k of keys) await variants[k]();
  const times = new Map<K, number[]>(keys.map((k) => [k, []]));
  const ratios = new Map<K, number[]>(keys.map((k) => [k, []]));
  const random = seeded(0x7011);
  for (let round = 0; round < count; round++) {
    const took = new Map<K, number>();
    for (const k of shuffle([...keys], random)) {
      const t = now();
      await variants[k]();
      took.set(k, now() - t);
    }
    const base = took.get(reference) ?? 1;
    for (const k of keys) {
      times.get(k)?.push(took.get(k) ?? 0);
      ratios.get(k)?.push((took.get(k) ?? 0) / base);
    }
  }
  const pick = (m: Map<K, number[]>) =>
    Object.fromEntries(keys.map((k) => [k, median(m.get(k) ?? [])])) as Record<K, number>;
  return { micros: pick(times), ratio: pick(ratios) };
}

/** Runs `fn`, sampling the heap; returns its result, ms taken and peak heap growth in MB. */
export async function withHeap(fn: () => Promise<number>) {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const t = now();
  const count = await fn();
  const ms = (now() - t) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { count, ms, peakMb: (peak - base) / 1024 / 1024 };
}
