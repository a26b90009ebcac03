/**
 * Revocations for receivers other than this server: one serial's status, and an SSE stream
 * of every revocation (the backlog after Last-Event-ID, a `sync` event, then live ones, with
 * keep-alive comments), so a verifier elsewhere refuses a revoked certificate within seconds.
 */
import type { ServerResponse } from 'node:http';
import type { Timers } from '../clock';
import { type Handlers, ok } from '../http';
import type { RevocationRecord, State } from '../state/store';

function sse(state: State, after: number, timers: Timers, keepAliveMs: number) {
  return (res: ServerResponse) => {
    const send = (r: RevocationRecord) =>
      res.write(`id: ${r.sequence}\nevent: certificate.revoked\ndata: ${JSON.stringify(r)}\n\n`);
    for (const r of state.revocations.slice(Math.max(0, after))) send(r);
    res.write(`event: sync\ndata: ${JSON.stringify({ sequence: state.revocations.length })}\n\n`);
    const stopKeepAlive = timers.setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
    state.bus.on('revocation', send);
    res.on('close', () => {
      state.bus.off('revocation', send);
      stopKeepAlive();
    });
  };
}

export const revocations = {
  streamRevocations: (ctx, { state, timers, keepAliveMs }) => {
    const last = Number.parseInt(ctx.headers['Last-Event-ID'] ?? '0', 10);
    const after = Number.isFinite(last) ? last : 0;
    return { status: 200, stream: sse(state, after, timers, keepAliveMs) };
  },
  getCertificateStatus: ({ path }, { state }) => {
    const cert = state.certificates.get(path.serial);
    return ok({
      serial: path.serial,
      status: cert ? (cert.revoked ? 'revoked' : 'valid') : 'unknown',
      agent_id: cert?.agentId ?? null,
      revoked_at: cert?.revokedAt ?? null,
      certificate_expires_at: cert ? new Date(cert.exp * 1000).toISOString() : null,
    });
  },
} satisfies Handlers;
