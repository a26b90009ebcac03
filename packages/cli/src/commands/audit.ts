/** audit export: every page of the audit log as JSONL or CSV, with a progress bar on a TTY. */
import type { Command } from 'commander';
import { contextOf } from '../context';
import { UsageError } from '../errors';
import { auditFlags, auditQuery } from '../operations/usage';
import { openOutput } from '../sink';
import { addFields } from './derive';

const CSV_COLUMNS = [
  'id',
  'created_at',
  'action',
  'actor_type',
  'actor_id',
  'agent_id',
  'target_type',
  'target_id',
  'request_id',
  'data',
];
const csvCell = (v: unknown) => {
  const s =
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function registerAudit(program: Command) {
  const audit = program.command('audit').description('the audit log');
  const command = audit
    .command('export')
    .description('write every entry (all pages) as JSONL or CSV')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tollgate audit export --format csv --output audit.csv\n  $ tollgate audit export --agent research-v1 --since 2026-11-01T00:00:00Z | jq .action',
    )
    .option('--format <format>', 'jsonl | csv', 'jsonl')
    .option('--output <file>', 'write here instead of stdout');
  const query = addFields(command, auditQuery, auditFlags);
  command.action(async (o: Record<string, string | undefined>) => {
    const filters = query();
    const { client, out } = contextOf(command);
    if (o.format !== 'jsonl' && o.format !== 'csv')
      throw new UsageError(`--format: unknown format ${o.format} (jsonl | csv)`);
    const file = o.output ? await openOutput(o.output) : undefined;
    const sink = file ?? process.stdout;
    // --json asks for machine output: no bar, even on a terminal.
    const progress = process.stderr.isTTY && Boolean(file) && !out.json;
    const pages = client().auditLog.list({ limit: 500, ...filters });
    if (o.format === 'csv') sink.write(`${CSV_COLUMNS.join(',')}\n`);
    let written = 0;
    for await (const page of (await pages).iterPages()) {
      for (const e of page.data) {
        const line =
          o.format === 'jsonl'
            ? JSON.stringify(e)
            : [
                e.id,
                e.created_at,
                e.action,
                e.actor.type,
                e.actor.id,
                e.agent_id,
                e.target?.type,
                e.target?.id,
                e.request_id,
                e.data,
              ]
                .map(csvCell)
                .join(',');
        if (!sink.write(`${line}\n`)) await new Promise<void>((r) => sink.once('drain', () => r()));
        written++;
      }
      if (progress) {
        const total = Number(page.body.total) || written;
        const width = 30;
        const done = Math.round((written / total) * width);
        process.stderr.write(
          `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${written}/${total}`,
        );
      }
    }
    if (progress) process.stderr.write('\n');
    if (file) await new Promise<void>((r) => file.end(r));
  });
}
