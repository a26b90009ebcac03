/**
 * Faults on demand, seeded and deterministic: the same seed and the same sequence of
 * requests give the same faults. Selectable per operation id or path pattern. Everything
 * chaos does is here: which fault strikes (`draw`), and what each does to a request
 * (`strike`: refused before it runs, started late, or its committed reply broken).
 *
 * - `429`, `503`: refused before anything happens, with Retry-After.
 * - `latency`: the handler starts late (while holding its idempotency key, as a slow server does).
 * - `reset-before`: the connection is dropped before the handler runs.
 * - `reset-after`: the handler runs and its effect (idempotency record included) is
 *   committed, then the connection is dropped without a response — what idempotency is for.
 * - `truncate`: after the effect, a body shorter than its Content-Length, then a hang-up.
 * - `malformed`: after the effect, a complete response whose JSON body is cut in half.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay, type Timers } from '../clock';
import type { Reply } from '../http';
import { HttpProblem } from './problem';
import { type SendBytes, writeReply } from './write-reply';

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
    const fault = this.faults[Math.floor(this.random() * this.faults.length)];
    if (fault) this.injected[fault] = (this.injected[fault] ?? 0) + 1;
    return fault;
  }

  /** What the fault drawn for this request does to it, or undefined when none strikes. */
  strike(operationId: string, path: string, timers: Timers): Strike | undefined {
    const fault = this.draw(operationId, path);
    return fault && new Strike(fault, this.options, timers);
  }
}

/** One request's fault, applied where the router calls it. */
export class Strike {
  constructor(
    readonly fault: Fault,
    private readonly options: ChaosOptions,
    private readonly timers: Timers,
  ) {}

  /**
   * Before anything runs: `reset-before` drops the connection (true: nothing more to do);
   * `429` and `503` are thrown as problems with Retry-After.
   */
  refuse(req: IncomingMessage): boolean {
    if (this.fault === 'reset-before') {
      req.socket.destroy();
      return true;
    }
    if (this.fault !== '429' && this.fault !== '503') return false;
    const seconds = this.options.retryAfterSeconds ?? 0;
    throw new HttpProblem(
      Number(this.fault),
      this.fault === '429' ? 'rate_limited' : 'service_unavailable',
      `Injected ${this.fault} (chaos).`,
      { retry_after: seconds },
      { 'Retry-After': String(seconds) },
    );
  }

  /** Before the handler (its idempotency key already taken): `latency` starts it late. */
  async hold(): Promise<void> {
    if (this.fault === 'latency') await delay(this.timers, this.options.latencyMs ?? 200);
  }

  /**
   * Writes the reply once its effect (idempotency record included) is committed:
   * `reset-after` drops the connection instead, `truncate` and `malformed` break the body.
   */
  write(res: ServerResponse, reply: Reply) {
    if (this.fault === 'reset-after') return void res.socket?.destroy();
    writeReply(res, reply, BREAKS[this.fault]);
  }
}

const BREAKS: Partial<Record<Fault, SendBytes>> = {
  // Promise the whole body, send half, hang up: the client sees a cut-off body.
  truncate(res, status, bytes) {
    res.writeHead(status, { 'Content-Length': bytes.length });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    setImmediate(() => res.socket?.destroy());
  },
  // A complete HTTP response whose JSON is cut in half: the body cannot be parsed.
  malformed(res, status, bytes) {
    const sent = bytes.subarray(0, Math.max(1, bytes.length >> 1));
    res.writeHead(status, { 'Content-Length': sent.length });
    res.end(sent);
  },
};
