// Velerian's capability: a governed run held for a human, then its evidence exported behind an
// expiring signed URL; the audit log paged by offset.
import { assert, withDevServer } from './with-dev-server.mjs';

await withDevServer(async ({ tg }) => {
  await tg.agents.create({ id: 'filer', name: 'Filing agent' });
  const tool = await tg.tools.register({
    name: 'sec-filing',
    base_url: 'https://filings.example.test',
    auth_type: 'oauth2',
    policy: 'approval_required',
  });
  const held = await tg.runs.create({
    agent_id: 'filer',
    tool_id: tool.id,
    action: 'summarise filing',
    input: { id: '10-K' },
  });
  assert(held.decision === 'requires_approval', 'the run is held for a human');
  await tg.approvals.approve(held.approval_id, { comment: 'ok' });
  await tg.runs.wait(held.run.id, { pollInterval: 20, untilTerminal: true });
  const exported = await tg.runs.exportEvidence(held.run.id, { expires_in: 120 });
  const pack = await tg.runs.downloadEvidence(exported.download_url);
  assert(
    pack.head_hash === exported.head_hash,
    `evidence pack of ${pack.events.length} events, link valid until ${exported.expires_at}`,
  );
  const page = await tg.auditLog.list({ limit: 2, offset: 0 });
  assert(
    page.body.total >= 3,
    `audit log: ${page.body.total} entries, first page of ${page.data.length}`,
  );
});
