/**
 * A run's events as the contract streams them (streamRunEvents, SSE), counted by type. The dev
 * server appends `llm.called` to the run the certificate names once it has settled a call's
 * reservation (after the budget is charged), so a test that awaits those events waits for the
 * settlement itself, not for a while. A test's timeout bounds every wait; a stream that ends
 * or fails first rejects the waits still pending.
 */
import { createParser } from 'eventsource-parser';

/** Follows the run's event stream at `url` (its whole history first, then live). */
export function followRun(url: string, adminApiKey: string) {
  const abort = new AbortController();
  const counts = new Map<string, number>();
  let failure: Error | undefined;
  const waits = new Set<{ met(): boolean; resolve(): void; reject(error: Error): void }>();
  const notify = () => {
    for (const wait of waits) {
      if (!wait.met()) continue;
      waits.delete(wait);
      wait.resolve();
    }
  };
  const ended = (async () => {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${adminApiKey}` },
      signal: abort.signal,
    });
    if (!response.ok) throw new Error(`the run's event stream answered ${response.status}`);
    const parser = createParser({
      onEvent(event) {
        const type = event.event ?? 'message';
        counts.set(type, (counts.get(type) ?? 0) + 1);
        notify();
      },
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
      parser.feed(decoder.decode(chunk, { stream: true }));
    throw new Error('the run ended');
  })().catch((error: Error) => {
    failure = error;
    for (const wait of waits) wait.reject(error);
    waits.clear();
  });
  return {
    /** Resolves once the run has `n` events of `type` in all, counting those before following. */
    count(type: string, n: number) {
      return new Promise<void>((resolve, reject) => {
        const wait = { met: () => (counts.get(type) ?? 0) >= n, resolve, reject };
        if (wait.met()) return resolve();
        if (failure) return reject(failure);
        waits.add(wait);
      });
    },
    /** Stops following. */
    async close() {
      abort.abort();
      await ended;
    },
  };
}
