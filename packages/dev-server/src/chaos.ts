/**
 * Faults on demand, seeded and deterministic: the same seed gives the same faults in the same
 * order. Selectable per operation id or path prefix. `reset-after`, `truncate` and
 * `malformed` strike after the handler committed its effect — the cases idempotency is for.
 */
export type Fault =
  | '429'
  | '503'
  | 'latency'
  | 'reset-before'
  | 'reset-after'
  | 'truncate'
  | 'malformed';

export const ALL_FAULTS: Fault[] = [
  '429',
  '503',
  'latency',
  'reset-before',
  'reset-after',
  'truncate',
  'malformed',
];

export interface ChaosOptions {
  /** PRNG seed. @default 1 */
  seed?: number;
  /** Probability that a request gets a fault, 0..1. */
  rate: number;
  /** Faults to draw from. @default all */
  faults?: Fault[];
  /** Only these operation ids or path prefixes. @default every operation but health */
  routes?: string[];
  /** Delay of the `latency` fault, in ms. @default 200 */
  latencyMs?: number;
}

/** mulberry32: a tiny seeded PRNG, good enough to pick faults reproducibly. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Chaos {
  private readonly random: () => number;
  private readonly faults: Fault[];
  /** How many faults of each kind were injected (tests read this). */
  readonly injected: Partial<Record<Fault, number>> = {};

  constructor(readonly options: ChaosOptions) {
    this.random = mulberry32(options.seed ?? 1);
    this.faults = options.faults?.length ? options.faults : ALL_FAULTS;
  }

  /** The fault for this request, or undefined. */
  draw(operationId: string, path: string): Fault | undefined {
    const routes = this.options.routes;
    const selected = routes
      ? routes.some((r) => r === operationId || path.startsWith(r))
      : operationId !== 'getHealth';
    if (!selected || this.random() >= this.options.rate) return undefined;
    const fault = this.faults[Math.floor(this.random() * this.faults.length)]!;
    this.injected[fault] = (this.injected[fault] ?? 0) + 1;
    return fault;
  }
}
