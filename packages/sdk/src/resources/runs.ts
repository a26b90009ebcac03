import { backoffDelay, RECONNECT_POLICY } from '../core/backoff';
import { AbortError, ConnectionError, TimeoutError } from '../core/errors';
import type {
  BodyOf,
  ItemOf,
  MethodOperations,
  QueryOf,
  ResponseOf,
} from '../core/operation-types';
import { type PollOptions, pollUntil } from '../core/polling';
import type { RequestOptions } from '../core/request-options';
import { lazy } from '../internal/lazy';
import { sleep } from '../internal/timers';
import { APIResource } from './resource';

export type Run = ResponseOf<'getRun'>;
export type RunEvent = ItemOf<'listRunEvents'>;

/** The SSE parser, loaded when the first stream opens. */
const sse = lazy(() => import('../internal/sse'));

/** Run states after which nothing more happens. */
export const TERMINAL_RUN_STATUSES = ['succeeded', 'failed', 'cancelled', 'denied'] as const;
const TERMINAL_EVENTS = new Set(['run.succeeded', 'run.failed', 'run.cancelled']);

export interface StreamOptions {
  /** Resume after this event id (the `sequence` of the last event seen). */
  lastEventId?: string;
  /** Ends the stream cleanly (the loop just stops). */
  signal?: AbortSignal;
  /** Reconnections in a row without a new event before giving up. @default 5 */
  maxReconnects?: number;
}

/** Governed runs: the decision, the events, the evidence. */
export class Runs extends APIResource {
  /** Creates a governed run: `decision` says allowed, denied or requires_approval. */
  create(body: BodyOf<'createRun'>, options?: RequestOptions) {
    return this.caller.call<ResponseOf<'createRun'>>('createRun', { body }, options);
  }

  list(query: QueryOf<'listRuns'> = {}, options?: RequestOptions) {
    return this.caller.list<ItemOf<'listRuns'>>('listRuns', query, {}, options);
  }

  get(runId: string, options?: RequestOptions) {
    return this.caller.call<Run>('getRun', { path: { run_id: runId } }, options);
  }

  /**
   * Ends a run the caller executes (from `tools.check`, or claimed): succeeded with the
   * tool's output, or failed with an error.
   */
  reportOutcome(runId: string, body: BodyOf<'reportRunOutcome'>, options?: RequestOptions) {
    const path = { run_id: runId };
    return this.caller.call<Run>('reportRunOutcome', { path, body }, options);
  }

  cancel(runId: string, options?: RequestOptions) {
    return this.caller.call<Run>('cancelRun', { path: { run_id: runId } }, options);
  }

  /** The run's events, oldest first, cursor-paginated. */
  events(runId: string, query: QueryOf<'listRunEvents'> = {}, options?: RequestOptions) {
    const path = { run_id: runId };
    return this.caller.list<RunEvent>('listRunEvents', query, { path }, options);
  }

  /**
   * Polls until the run leaves queued/running. A run awaiting approval is returned as it is
   * (a result to act on), unless `untilTerminal` also waits out the approval.
   */
  async wait(runId: string, options: PollOptions & { untilTerminal?: boolean } = {}) {
    const settled = (run: Run) =>
      TERMINAL_RUN_STATUSES.some((status) => status === run.status) ||
      (!options.untilTerminal && run.status === 'awaiting_approval');
    const get = () => this.get(runId, { signal: options.signal });
    const { timers, random } = this.caller.options;
    return pollUntil(await get(), get, settled, options, timers, random);
  }

  /**
   * The run's events as they happen (SSE), typed. Reconnects with Last-Event-ID after a
   * dropped connection, so no event is lost or repeated; ends after the run's terminal event
   * or when `signal` aborts.
   */
  async *stream(runId: string, options: StreamOptions = {}): AsyncGenerator<RunEvent> {
    const { sseMessages } = await sse();
    let last = options.lastEventId;
    let failures = 0;
    for (;;) {
      let progressed = false;
      try {
        const headers = last ? { 'Last-Event-ID': last } : undefined;
        const body = await this.caller.call<ReadableStream<Uint8Array>>(
          'streamRunEvents',
          { path: { run_id: runId }, headers },
          { signal: options.signal, timeout: 30_000 },
        );
        for await (const message of sseMessages(body)) {
          if (!message.data) continue;
          const event = JSON.parse(message.data) as RunEvent;
          last = message.id ?? String(event.sequence);
          progressed = true;
          failures = 0;
          yield event;
          if (TERMINAL_EVENTS.has(event.type)) return;
        }
      } catch (error) {
        if (options.signal?.aborted || error instanceof AbortError) return;
        // A dropped connection (before or during the body) reconnects; anything else is real.
        const dropped =
          error instanceof ConnectionError ||
          error instanceof TimeoutError ||
          error instanceof TypeError;
        if (!dropped) throw error;
      }
      if (options.signal?.aborted) return;
      if (!progressed && ++failures > (options.maxReconnects ?? 5)) {
        throw new ConnectionError(
          `the event stream of ${runId} kept dropping; resume with lastEventId ${last ?? '(none)'}`,
        );
      }
      // Jittered: clients dropped by one outage do not all reconnect in the same instant.
      const { timers, random } = this.caller.options;
      const wait = backoffDelay(failures, RECONNECT_POLICY, random);
      await sleep(wait, options.signal, timers).catch(() => undefined);
    }
  }

  /** Exports the run's evidence pack: a signed download URL that expires. */
  exportEvidence(runId: string, body: BodyOf<'exportRunEvidence'> = {}, options?: RequestOptions) {
    const path = { run_id: runId };
    return this.caller.call<ResponseOf<'exportRunEvidence'>>(
      'exportRunEvidence',
      { path, body },
      options,
    );
  }

  /** Downloads an evidence pack from the signed URL `exportEvidence` returned. */
  downloadEvidence(downloadUrl: string, options?: RequestOptions) {
    const url = new URL(downloadUrl);
    const packId = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const query = {
      expires: Number(url.searchParams.get('expires')),
      signature: url.searchParams.get('signature') ?? '',
    };
    return this.caller.call<ResponseOf<'downloadEvidence'>>(
      'downloadEvidence',
      { path: { pack_id: packId }, query },
      options,
    );
  }
}

/** The operation each method calls: an agent's `runs` keeps those its identity may call. */
export const RUN_OPERATIONS = {
  create: 'createRun',
  list: 'listRuns',
  get: 'getRun',
  reportOutcome: 'reportRunOutcome',
  cancel: 'cancelRun',
  events: 'listRunEvents',
  wait: 'getRun',
  stream: 'streamRunEvents',
  exportEvidence: 'exportRunEvidence',
  downloadEvidence: 'downloadEvidence',
} as const satisfies MethodOperations<Runs>;
