/**
 * The bench's dev server, in its own process so that its work and its garbage do not land on
 * the measured client's thread and heap. Prints {url, adminApiKey, caPublicJwk} and serves
 * until its parent closes stdin.
 */
import { startTestServer } from '@tollgate/dev-server/testing';

const server = await startTestServer({
  seedAuditEntries: Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000),
});
process.stdout.write(
  `${JSON.stringify({ url: server.url, adminApiKey: server.adminApiKey, caPublicJwk: server.caPublicJwk })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
