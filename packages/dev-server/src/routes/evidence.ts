/** Evidence packs: a run's hash-chained events, exported behind a signed link that expires. */
import { unixSeconds } from '../clock';
import { type Handlers, ok, reply } from '../http';
import { sha256 } from '../ids';
import { notFound } from '../middleware/problem';
import { buildPack, checkLink, signLink } from '../state/evidence';
import { runOr404 } from '../state/governance';
import { view } from '../state/store';

export const evidence = {
  exportRunEvidence: (ctx, deps) => {
    const { state } = deps;
    const run = runOr404(state, ctx.path.run_id);
    const events = (state.events.get(run.id) ?? []).map(view);
    const pack = buildPack(run, events, state.nowIso());
    // The bytes are fixed now: the export's sha256 is of exactly what the link serves.
    const bytes = JSON.stringify(pack);
    state.evidence.set(pack.pack_id, { pack, bytes });
    const expiresIn = ctx.body?.expires_in ?? 900;
    const expires = unixSeconds(state.clock) + expiresIn;
    const target = { type: 'run', id: run.id };
    state.record(ctx.principal, 'evidence.exported', ctx.requestId, target, {
      pack_id: pack.pack_id,
    });
    return reply(201, {
      evidence_pack_id: pack.pack_id,
      run_id: run.id,
      download_url: signLink(deps.url(), deps.linkKey, pack.pack_id, expires),
      expires_at: new Date(expires * 1000).toISOString(),
      sha256: sha256(bytes),
      event_count: pack.events.length,
      head_hash: pack.head_hash,
    });
  },
  downloadEvidence: ({ path, query }, { state, linkKey }) => {
    const id = path.pack_id;
    checkLink(linkKey, id, query.expires, query.signature, unixSeconds(state.clock));
    const record = state.evidence.get(id);
    if (!record) throw notFound(`evidence pack ${id}`);
    // The exact bytes the export's sha256 names, sent as they are.
    return ok(record.bytes, { 'Content-Type': 'application/json' });
  },
} satisfies Handlers;
