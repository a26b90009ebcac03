/**
 * Runs a bundled first call in this process and prints the bundle files it loaded, one per
 * line: argv[2] is the bundle's entry, argv[3] the file the module hooks append to. fetch is
 * a stub answering with contract-valid agents (and one invalid agent, so the run proves that
 * strict validation ran), so no server is needed and nothing leaves the process. The entry
 * calls `globalThis.step(name)` between its steps: a line `# name` in the output, after the
 * files loaded before it (a module hook appends each file before the import that asked for it
 * goes on, so the order holds).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const [entry, log] = process.argv.slice(2);
writeFileSync(log, '');
globalThis.step = (name) => appendFileSync(log, `# ${name}\n`);
const agent = (id) => ({
  id,
  name: 'Research',
  description: null,
  status: 'active',
  metadata: {},
  budget: {
    agent_id: id,
    limit_micros: 5_000_000,
    alert_threshold_pct: 80,
    spent_micros: 0,
    remaining_micros: 5_000_000,
    currency: 'USD',
    alerts: [],
    updated_at: '2026-11-22T10:00:00Z',
  },
  created_at: '2026-11-22T10:00:00Z',
  updated_at: '2026-11-22T10:00:00Z',
  suspended_at: null,
  suspended_reason: null,
  last_run_id: null,
});
globalThis.fetch = async (url) => {
  const { pathname } = new URL(String(url));
  const body =
    pathname === '/v1/agents'
      ? { data: [agent('a1'), agent('a2')], next_cursor: null, has_more: false }
      : pathname.endsWith('/broken')
        ? { id: 'broken' }
        : agent(pathname.split('/').pop());
  return new Response(JSON.stringify(body), {
    headers: { 'content-type': 'application/json', 'x-tollgate-version': '2.19.1' },
  });
};
register(
  `data:text/javascript,${encodeURIComponent(
    `import{appendFileSync}from'node:fs';export async function load(u,c,n){if(u.startsWith('file:'))appendFileSync(${JSON.stringify(log)},u+'\\n');return n(u,c)}`,
  )}`,
);
await import(pathToFileURL(entry).href);
process.stdout.write(readFileSync(log, 'utf8'));
