// The quick-start story as a user writes it: packages from a registry, a dev server started
// from its installed bin, types checked strictly.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { NotFoundError, SDK_VERSION, Tollgate } from '@tollgate/sdk';
import OpenAI from 'openai';

// The bin npm linked from the installed package (what `npx tollgate-dev-server` runs).
const child = spawn('node_modules/.bin/tollgate-dev-server', ['--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const line = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`tollgate-dev-server exited ${code}`)));
});
const dev = JSON.parse(line) as { url: string; adminApiKey: string; caPublicJwk: object };

try {
  const tg = new Tollgate({
    baseUrl: dev.url,
    apiKey: dev.adminApiKey,
    caPublicKey: dev.caPublicJwk,
  });
  await tg.agents.create({ id: 'ops-1', name: 'Ops', budget: { limit_micros: 1_000_000 } });
  const missing = await tg.agents.get('nobody').catch((e: unknown) => e);
  if (!(missing instanceof NotFoundError)) throw new Error('expected NotFoundError');

  const agent = await tg.agents.register({ agentId: 'research-v1', budget: { limitMicros: 60 } });
  const openai = new OpenAI({
    apiKey: 'unused',
    baseURL: agent.proxyUrl('openai'),
    fetch: agent.fetch,
    maxRetries: 0,
  });
  const reply = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 16,
    messages: [{ role: 'user', content: 'Hello' }],
  });
  const text: string | null | undefined = reply.choices[0]?.message.content;
  if (text !== 'Echo: Hello') throw new Error(`unexpected answer ${text}`);

  const check = await agent.checkBudget(1_000);
  if (check.allowed) throw new Error('a budget of 60 micros allowed 1 000');
  let refused: unknown;
  for (let i = 0; i < 50 && !refused; i++)
    await openai.chat.completions
      .create({
        model: 'gpt-4o-mini',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'More' }],
      })
      .catch((e: unknown) => {
        refused = e;
      });
  if (!(refused instanceof OpenAI.APIError) || refused.code !== 'budget_exceeded')
    throw new Error(`expected budget_exceeded, got ${refused}`);

  let entries = 0;
  for await (const entry of tg.auditLog.list({ limit: 2 })) entries += entry.action ? 1 : 0;
  if (entries < 3) throw new Error(`paged only ${entries} audit entries`);
  console.log(JSON.stringify({ ok: true, sdk: SDK_VERSION, entries, node: process.version }));
} finally {
  child.kill('SIGTERM');
}
