/**
 * How the bench times things. Variants run in rounds, once each per round, their order
 * rotating from round to round, so drift, the server's garbage collection and other
 * processes' noise land on all alike; each variant's figure is the median over rounds of its
 * time divided by the reference's time in the same round.
 */

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
  for (let round = 0; round < count; round++) {
    const took = new Map<K, number>();
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(round + j) % keys.length] as K;
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
