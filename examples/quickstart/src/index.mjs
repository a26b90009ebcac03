#!/usr/bin/env node
/**
 * The Tollgate quick start, end to end against the embedded dev server. Each step checks
 * that it did what it says; the process exits 0 only if every step did.
 */
import { createHash } from 'node:crypto';
import { startDevServer } from '@tollgate/dev-server';
import {
  BudgetExceededError,
  signWebhook,
  Tollgate,
  WebhookVerificationError,
  WebhookVerifier,
} from '@tollgate/sdk';
import OpenAI from 'openai';

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
let step = 0;
function title(text) {
  step += 1;
  console.log(`\n${paint('1;36', `${step}. ${text}`)}`);
}
function check(condition, what) {
  if (!condition) throw new Error(`step ${step} failed: ${what}`);
  console.log(`   ${paint('32', '✓')} ${what}`);
}
const micros = (n) => `$${(n / 1_000_000).toFixed(6)}`;

/** Recomputes an evidence pack's hash chain: sha256(prev_hash + canonical JSON of the event). */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
function chainHolds(pack) {
  let prev = '0'.repeat(64);
  for (const e of pack.events) {
    const body = canonical({
      sequence: e.sequence,
      type: e.type,
      data: e.data,
      created_at: e.created_at,
    });
    const hash = createHash('sha256')
      .update(prev + body)
      .digest('hex');
    if (e.prev_hash !== prev || e.hash !== hash) return false;
    prev = hash;
  }
  return prev === pack.head_hash;
}

const server = await startDevServer({ port: 0, log: () => {} });
try {
  title('An operator connects with an API key');
  const tg = new Tollgate({
    baseUrl: server.url,
    apiKey: server.adminApiKey,
    caPublicKey: server.caPublicJwk,
    logLevel: 'off',
  });
  const health = await tg.health();
  check(health.status === 'ok', `control plane ${health.version} is up at ${server.url}`);
  const me = await tg.whoami();
  check(
    me.scopes.includes('admin'),
    `authenticated as "${me.name}" with scopes ${me.scopes.join(', ')}`,
  );

  title('An agent registers: its own Ed25519 key, a CA-signed certificate, a budget');
  const agent = await tg.agents.register({
    agentId: 'research-v1',
    name: 'Research Agent',
    budget: { limitMicros: 60, alertThresholdPct: 50 },
  });
  check(
    agent.runId.startsWith('run_'),
    `registered research-v1, run ${agent.runId}; certificate verified against the pinned CA key`,
  );

  title('LLM calls go through the official openai client, signed per request by agent.fetch');
  const openai = agent.openai(OpenAI, { maxRetries: 0 });
  // Each call reserves its worst case (its max_tokens of output) before it reaches the model.
  const reply = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 16,
    messages: [{ role: 'user', content: 'Summarise the quarterly report' }],
  });
  check(
    reply.choices[0].message.content.startsWith('Echo:'),
    `gpt-4o-mini answered: "${reply.choices[0].message.content}"`,
  );
  let budget = await tg.agents.getBudget('research-v1');
  check(
    budget.spent_micros > 0,
    `charged ${micros(budget.spent_micros)} of a ${micros(budget.limit_micros)} budget`,
  );

  title('The budget runs out: BudgetExceededError');
  let calls = 1;
  let refused;
  while (!refused && calls < 50) {
    try {
      await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'Once more' }],
      });
      calls += 1;
    } catch (error) {
      refused = error;
    }
  }
  check(
    refused instanceof BudgetExceededError,
    `call ${calls + 1} refused: ${refused?.name} (${refused?.code}, request ${refused?.requestId})`,
  );
  budget = await tg.agents.getBudget('research-v1');
  check(
    budget.alerts.length === 1,
    `alert recorded when spend crossed ${budget.alerts[0]?.threshold_pct}% of the budget`,
  );

  title('A tool call is held for approval, approved, and runs');
  const tool = await tg.tools.register({
    name: 'stripe-api',
    base_url: 'https://api.stripe.example',
    auth_type: 'api_key',
    policy: 'approval_required',
  });
  const created = await agent.runs.create({
    tool_id: tool.id,
    action: 'POST /v1/charges',
    input: { amount: 1200, currency: 'usd' },
  });
  check(
    created.decision === 'requires_approval',
    `policy says ${created.decision}; approval ${created.approval_id} pending`,
  );
  const events = [];
  const streaming = (async () => {
    for await (const event of tg.runs.stream(created.run.id)) events.push(event.type);
  })();
  const approval = await tg.approvals.approve(created.approval_id, { comment: 'amount checked' });
  check(approval.status === 'approved', `approved by ${approval.resolved_by}`);

  title("The run's events stream in over SSE");
  await streaming;
  check(events.at(-1) === 'run.succeeded', `events: ${events.join(' → ')}`);

  title('The audit log is paged');
  let entries = 0;
  const actions = new Set();
  for await (const entry of tg.auditLog.list({ limit: 5 })) {
    entries += 1;
    actions.add(entry.action);
  }
  const first = await tg.auditLog.list({ limit: 5 });
  check(
    entries === first.body.total,
    `${entries} entries over ${Math.ceil(entries / 5)} pages: ${[...actions].slice(0, 6).join(', ')}…`,
  );

  title('The evidence pack is downloaded and its hash chain checked');
  const evidence = await tg.runs.exportEvidence(created.run.id, { expires_in: 300 });
  const pack = await tg.runs.downloadEvidence(evidence.download_url);
  check(
    chainHolds(pack),
    `${pack.events.length} events chained to head ${pack.head_hash.slice(0, 16)}…; link expires ${evidence.expires_at}`,
  );

  title('A webhook trigger is fired with an HMAC signature and verified');
  const trigger = await tg.triggers.create({
    agent_id: 'research-v1',
    name: 'disk-alert',
    service: 'email',
    operation: 'send',
    payload_template: { to: 'ops@example.com', subject: '{{message}}' },
  });
  await tg.agents.setBudget('research-v1', { limit_micros: 1_000_000 });
  const fired = await tg.triggers.fire(
    trigger.trigger.id,
    { message: 'disk usage at 91%' },
    { secret: trigger.secret },
  );
  check(
    fired.dispatch_status === 'dispatched',
    `control plane verified the signature and dispatched ${fired.service_request_id}`,
  );
  const verifier = new WebhookVerifier(trigger.secret);
  const payload = JSON.stringify({ message: 'hello' });
  const signature = await signWebhook(payload, trigger.secret);
  await verifier.verify(payload, signature);
  const replay = await verifier.verify(payload, signature).catch((e) => e);
  check(
    replay instanceof WebhookVerificationError && replay.code === 'signature_replayed',
    'a receiver verifies the same signature once and refuses its replay',
  );

  console.log(`\n${paint('1;32', `All ${step} steps did what they said.`)}`);
} catch (error) {
  console.error(`\n${paint('1;31', String(error?.message ?? error))}`);
  process.exitCode = 1;
} finally {
  await server.close();
}
