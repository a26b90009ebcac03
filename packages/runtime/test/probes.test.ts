/** GET /healthz (the process answers) and GET /readyz (the agent can act), time from a clock. */
import { afterEach, describe, expect, it } from 'vitest';
import { runtimeStack } from './setup';

let stack: Awaited<ReturnType<typeof runtimeStack>> | undefined;
afterEach(() => stack?.close());

describe('probes', () => {
  it('healthz answers; readyz is ready while the certificate is valid and the control plane accepts it', async () => {
    let now = Date.now();
    stack = await runtimeStack({ clock: () => now });
    const { runtime, agent } = stack;
    expect((await fetch(`${runtime.url}/healthz`)).status).toBe(200);

    const ready = await fetch(`${runtime.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      agent_id: 'support-bot',
      certificate_expires_at: agent.certificateExpiresAt,
    });

    now = Date.parse(agent.certificateExpiresAt) + 1;
    const expired = await fetch(`${runtime.url}/readyz`);
    expect(expired.status).toBe(503);
    expect(await expired.json()).toMatchObject({ ready: false, reason: 'certificate_expired' });
    expect((await fetch(`${runtime.url}/healthz`)).status).toBe(200);
  });

  it('readyz is not ready once the agent is suspended, and ready again when it is resumed', async () => {
    stack = await runtimeStack();
    const { runtime, tg } = stack;
    await tg.agents.suspend('support-bot', { reason: 'incident' });
    const suspended = await fetch(`${runtime.url}/readyz`);
    expect(suspended.status).toBe(503);
    expect(await suspended.json()).toMatchObject({ reason: 'agent_suspended' });
    await tg.agents.resume('support-bot');
    expect((await fetch(`${runtime.url}/readyz`)).status).toBe(200);
  });
});
