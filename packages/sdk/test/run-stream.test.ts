/**
 * `runs.stream()` reconnects after a dropped connection with Last-Event-ID, waiting the shared
 * jittered backoff in between — on a manual clock, so no test time is spent waiting.
 */
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/core/options';
import { ConnectionError } from '../src/index';
import { Caller } from '../src/internal/caller';
import { Runs } from '../src/resources/runs';
import { manualTimers } from './manual-timers';

// The SSE parser is a lazy chunk: loaded here, so the manual clock never waits on a module load.
await import('../src/internal/sse');

const encoder = new TextEncoder();
const event = (sequence: number, type: string) => ({ sequence, type, run_id: 'run_1' });

/** An SSE answer with these events; `drop` cuts the connection after them. */
function sse(events: ReturnType<typeof event>[], drop: boolean) {
  const chunks = events.map((e) => `id: ${e.sequence}\ndata: ${JSON.stringify(e)}\n\n`);
  // Pulled one by one, so the drop comes after the reader has had every event.
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks.shift();
      if (next !== undefined) c.enqueue(encoder.encode(next));
      else if (drop) c.error(new TypeError('terminated'));
      else c.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/** Runs whose client answers with `answer`, on a manual clock and a fixed jitter draw. */
function runsWith(answer: (request: Request, n: number) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const timers = manualTimers();
  const resolved = resolveOptions({
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'k',
    logLevel: 'off',
    maxRetries: 0,
    fetch: async (r) => {
      requests.push(r);
      return answer(r, requests.length);
    },
  });
  const caller = new Caller({ ...resolved, timers, random: () => 0.5 }, { apiKey: 'k' });
  // What the stream waited between connections (each attempt's 30 s timeout left out).
  const waits = () => timers.scheduled.filter((ms) => ms !== 30_000);
  return { runs: new Runs(caller), requests, timers, waits };
}

describe('runs.stream reconnects', () => {
  it('after a drop, resumes with Last-Event-ID after a jittered wait; no event lost or repeated', async () => {
    const { runs, requests, timers, waits } = runsWith((_, n) =>
      n === 1
        ? sse([event(1, 'run.started'), event(2, 'step.completed')], true)
        : sse([event(3, 'run.succeeded')], false),
    );
    const seen: number[] = [];
    await timers.run(
      (async () => {
        for await (const e of runs.stream('run_1')) seen.push(e.sequence);
      })(),
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(requests[1]?.headers.get('last-event-id')).toBe('2');
    // Progress was made, so the first wait: half (the draw) of 250 ms.
    expect(waits()).toEqual([125]);
  });

  it('gives up after maxReconnects drops in a row, waiting growing jittered delays', async () => {
    const { runs, timers, waits } = runsWith(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    });
    const walk = (async () => {
      for await (const _ of runs.stream('run_1', { maxReconnects: 3 })) void _;
    })();
    await expect(timers.run(walk)).rejects.toBeInstanceOf(ConnectionError);
    // Ceilings 500, 1 000, 2 000 ms (250 · 2^n), each drawn at half.
    expect(waits()).toEqual([250, 500, 1000]);
  });
});
