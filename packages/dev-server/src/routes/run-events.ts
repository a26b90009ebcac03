/**
 * A run's events: paged (cursor) and streamed (SSE). The stream replays the events after
 * Last-Event-ID, then follows new ones live, with keep-alive comments in between, and ends
 * once the run is over.
 */
import type { ServerResponse } from 'node:http';
import type { components } from '@tollgate/api';
import type { Timers } from '../clock';
import { type Handlers, ok } from '../http';
import { isTerminal, runOr404 } from '../state/governance';
import { cursorPage } from '../state/pagination';
import { type Seq, type State, view } from '../state/store';

type RunEvent = Seq<components['schemas']['RunEvent']>;

interface KeepAlive {
  timers: Timers;
  everyMs: number;
}

const TERMINAL_EVENTS = new Set(['run.succeeded', 'run.failed', 'run.cancelled']);

function sse(state: State, runId: string, lastEventId: number, keepAlive: KeepAlive) {
  return (res: ServerResponse) => {
    const send = (e: RunEvent) =>
      res.write(`id: ${e.sequence}\nevent: ${e.type}\ndata: ${JSON.stringify(view(e))}\n\n`);
    const channel = `event:${runId}`;
    const stop = () => {
      state.bus.off(channel, onEvent);
      stopKeepAlive();
      res.end();
    };
    const onEvent = (e: RunEvent) => {
      send(e);
      if (TERMINAL_EVENTS.has(e.type)) stop();
    };
    for (const e of state.events.get(runId) ?? []) if (e.sequence > lastEventId) send(e);
    const run = state.runs.get(runId);
    // A finished run has nothing more to say (a denied one never had a terminal event).
    if (!run || isTerminal(run)) return void res.end();
    // Comments keep proxies and idle timeouts from closing a quiet stream.
    const stopKeepAlive = keepAlive.timers.setInterval(
      () => res.write(': keep-alive\n\n'),
      keepAlive.everyMs,
    );
    state.bus.on(channel, onEvent);
    res.on('close', stop);
  };
}

export const runEvents = {
  listRunEvents: ({ path, query }, { state }) => {
    runOr404(state, path.run_id);
    return ok(cursorPage(state.events.get(path.run_id) ?? [], query, 'oldest', view));
  },
  streamRunEvents: (ctx, { state, keepAliveMs, timers }) => {
    const run = runOr404(state, ctx.path.run_id);
    const last = Number.parseInt(ctx.headers['Last-Event-ID'] ?? '0', 10);
    const keepAlive = { timers, everyMs: keepAliveMs };
    return { status: 200, stream: sse(state, run.id, Number.isFinite(last) ? last : 0, keepAlive) };
  },
} satisfies Handlers;
