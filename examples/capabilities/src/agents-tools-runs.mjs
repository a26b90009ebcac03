// RunAgents' capability: manage agents and tools; policies decide runs; a run's timeline.
import { assert, withDevServer } from './with-dev-server.mjs';

await withDevServer(async ({ tg }) => {
  await tg.agents.create({ id: 'ops-bot', name: 'Ops bot' });
  const allow = await tg.tools.register({
    name: 'status-page',
    base_url: 'https://status.example.test',
    auth_type: 'none',
    policy: 'allow',
  });
  const deny = await tg.tools.register({
    name: 'prod-db',
    base_url: 'https://db.example.test',
    auth_type: 'api_key',
    policy: 'deny',
  });
  const ok = await tg.runs.create({
    agent_id: 'ops-bot',
    tool_id: allow.id,
    action: 'GET /status',
  });
  const no = await tg.runs.create({
    agent_id: 'ops-bot',
    tool_id: deny.id,
    action: 'DROP TABLE users',
  });
  assert(
    ok.decision === 'allowed' && no.decision === 'denied',
    'policy allowed one tool and denied the other',
  );
  const done = await tg.runs.wait(ok.run.id, { pollInterval: 20 });
  const timeline = [];
  for await (const e of tg.runs.events(done.id)) timeline.push(e.type);
  assert(done.status === 'succeeded', `the allowed run finished: ${timeline.join(' → ')}`);
});
