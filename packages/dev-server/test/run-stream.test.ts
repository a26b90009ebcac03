import { afterAll, describe, expect, it } from 'vitest';
import { harness, manualClock } from './helpers';

const clock = manualClock();
const KEEP_ALIVE_MS = 20;
const WORK_DELAY_MS = 10;
const h = await harness({
  clock,
  timers: clock.timers,
  keepAliveMs: KEEP_ALIVE_MS,
  workDelayMs: WORK_DELAY_MS,
});
afterAll(async () => {
  expect(h.logged).toEqual([]);
  await h.server.close();
});

await h.expectOk('createAgent', { body: { id: 'streamer', name: 'S' } });
const gated = (
  await h.expectOk('registerTool', {
    body: { name: 'crm', base_url: 'https://crm.example.test', auth_type: 'none' },
  })
).body;

function stream(runId: string, lastEventId?: string, signal?: AbortSignal) {
  return fetch(`${h.server.url}/v1/runs/${runId}/events/stream`, {
    headers: {
      authorization: `Bearer ${h.server.adminApiKey}`,
      ...(lastEventId && { 'last-event-id': lastEventId }),
    },
    signal,
  });
}

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: boolean;
}
function parse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const e: SseEvent = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) e.comment = true;
        const [k, ...v] = line.split(': ');
        if (k === 'id' || k === 'event' || k === 'data') e[k] = v.join(': ');
      }
      return e;
    });
}

describe('streaming run events (SSE)', () => {
  it('follows a run live, resumes after Last-Event-ID, and ends after the terminal event', async () => {
    const run = await h.expectOk('createRun', {
      body: { agent_id: 'streamer', tool_id: gated.id, action: 'update' },
    });
    const response = await stream(run.body.run.id, '1');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    // The stream is open (its headers are here), so what follows arrives live.
    await h.expectOk('approveApproval', { path: { approval_id: run.body.approval_id } });
    clock.advance(WORK_DELAY_MS);
    const events = parse(await response.text()).filter((e) => !e.comment);
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual(ids.map((_, i) => i + 2));
    expect(events.map((e) => e.event)).toEqual([
      'run.decision',
      'approval.requested',
      'approval.approved',
      'run.started',
      'tool.called',
      'run.succeeded',
    ]);
    const data = JSON.parse(events[0]!.data!);
    expect(data).toMatchObject({ run_id: run.body.run.id, sequence: 2, type: 'run.decision' });
  });

  it('sends keep-alive comments while a run is quiet', async () => {
    const run = await h.expectOk('createRun', {
      body: { agent_id: 'streamer', tool_id: gated.id, action: 'wait' },
    });
    const controller = new AbortController();
    const response = await stream(run.body.run.id, '3', controller.signal);
    const reader = response.body!.getReader();
    clock.advance(KEEP_ALIVE_MS);
    let text = '';
    for (let i = 0; i < 10 && !text.includes(': keep-alive'); i++) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain(': keep-alive');
    controller.abort();
    await h.expectOk('cancelRun', { path: { run_id: run.body.run.id } });
  });

  it('replays a finished run and closes, from the start or from the end', async () => {
    const run = await h.expectOk('createRun', {
      body: { agent_id: 'streamer', tool_id: gated.id, action: 'x' },
    });
    await h.expectOk('cancelRun', { path: { run_id: run.body.run.id } });
    const all = parse(await (await stream(run.body.run.id)).text());
    expect(all.map((e) => e.event)).toEqual([
      'run.created',
      'run.decision',
      'approval.requested',
      'run.cancelled',
    ]);
    expect(await (await stream(run.body.run.id, '4')).text()).toBe('');
    const banned = (
      await h.expectOk('registerTool', {
        body: {
          name: 'banned',
          base_url: 'https://b.example.test',
          auth_type: 'none',
          policy: 'deny',
        },
      })
    ).body;
    const denied = await h.expectOk('createRun', {
      body: { agent_id: 'streamer', tool_id: banned.id, action: 'x' },
    });
    // A denied run has no terminal event, but it is over: the stream still closes.
    expect(parse(await (await stream(denied.body.run.id)).text()).length).toBe(2);
  });

  it('answers 404 for an unknown run', async () => {
    await h.expectProblem('streamRunEvents', { path: { run_id: 'run_nope' } }, 404, 'not_found');
  });
});
