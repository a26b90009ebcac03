/**
 * Faults on demand, seeded and deterministic: the same seed and the same sequence of
 * requests give the same faults. Selectable per operation id or path pattern.
 *
 * - `429`, `503`: refused before anything happens, with Retry-After.
 * - `latency`: the handler starts late (while holding its idempotency key, as a slow server does).
 * - `reset-before`: the connection is dropped before the handler runs.
 * - `reset-after`: the handler runs and its effect (idempotency record included) is
 *   committed, then the connection is dropped without a response — what idempotency is for.
 * - `truncate`: after the effect, a body shorter than its Content-Length, then a hang-up.
 * - `malformed`: after the effect, a complete response whose JSON body is cut in half.
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
  /** Probability that a selected request gets a fault, 0..1. */
  rate: number;
  /** Faults to draw from, uniformly. @default all */
  faults?: Fault[];
  /**
   * Where faults strike: operation ids (`createAgent`, globs like `create*`) or paths
   * (`/v1/agents` is a prefix; `/v1/agents/*` matches one segment, `**` any depth).
   * @default every operation but getHealth
   */
  routes?: string[];
  /** Delay of the `latency` fault, in ms. @default 200 */
  latencyMs?: number;
  /** Retry-After of injected 429 and 503 answers, in seconds. @default 0 */
  retryAfterSeconds?: number;
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

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

/** A route selector: operation id or path, exact or glob; a plain path is a prefix. */
function selector(route: string): (operationId: string, path: string) => boolean {
  const isPath = route.startsWith('/');
  if (route.includes('*')) {
    const pattern = globToRegExp(route);
    return (id, path) => pattern.test(isPath ? path : id);
  }
  return isPath ? (_id, path) => path.startsWith(route) : (id) => id === route;
}

export class Chaos {
  private readonly random: () => number;
  private readonly faults: Fault[];
  private readonly selected: (operationId: string, path: string) => boolean;
  /** How many faults of each kind were injected (tests read this). */
  readonly injected: Partial<Record<Fault, number>> = {};

  constructor(readonly options: ChaosOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new Error('chaos rate must be in 0..1');
    const unknown = (options.faults ?? []).filter((f) => !ALL_FAULTS.includes(f));
    if (unknown.length) throw new Error(`unknown chaos faults: ${unknown.join(', ')}`);
    this.random = mulberry32(options.seed ?? 1);
    this.faults = options.faults?.length ? options.faults : ALL_FAULTS;
    const selectors = options.routes?.map(selector);
    this.selected = selectors
      ? (id, path) => selectors.some((s) => s(id, path))
      : (id) => id !== 'getHealth';
  }

  /** The fault for this request, or undefined. Unselected requests draw nothing. */
  draw(operationId: string, path: string): Fault | undefined {
    if (!this.selected(operationId, path) || this.random() >= this.options.rate) return undefined;
    const fault = this.faults[Math.floor(this.random() * this.faults.length)]!;
    this.injected[fault] = (this.injected[fault] ?? 0) + 1;
    return fault;
  }
}
