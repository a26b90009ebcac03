/**
 * The CLI half of the operations table: each operation becomes a commander command whose
 * arguments and flags are read, then checked by the operation's zod input (the MCP tool's
 * too). A value the contract refuses is a usage error (exit 2) naming the flag.
 */
import { type Command, Option } from 'commander';
import type { z } from 'zod';
import { confirm, destructive } from '../confirm';
import { contextOf } from '../context';
import { UsageError } from '../errors';
import type { ActionSpec, CliField, Input, ListSpec, StreamSpec } from '../operations/define';
import { choicesOf, defaultOf, explain, isOptional } from '../operations/schema-info';
import { integer } from '../parse';
import { take } from '../take';
import { examples } from './action';

interface CommandParts {
  path: readonly string[];
  help: string;
  fields: Readonly<Record<string, CliField>>;
  examples?: readonly string[];
}

/** Adds each field's argument or option to `command`; `read()` gives the checked input. */
export function addFields<I extends Input>(
  command: Command,
  input: I,
  fields: Readonly<Record<string, CliField>>,
): () => z.output<I> {
  const args: string[] = [];
  const options = new Map<string, Option>();
  const names = new Map<string, string>();
  for (const [key, field] of Object.entries(fields)) {
    const schema: z.core.$ZodType | undefined = input.shape[key];
    if (!schema) throw new Error(`${command.name()}: no field ${key} in the input`);
    if (field.spec.startsWith('<')) {
      if (field.parse) command.argument(field.spec, field.help, field.parse);
      else command.argument(field.spec, field.help);
      args.push(key);
      names.set(key, field.spec);
      continue;
    }
    const option = new Option(field.spec, field.help);
    const choices = choicesOf(schema);
    if (choices) option.choices(choices);
    else if (field.parse) option.argParser(field.parse);
    const fallback = defaultOf(schema);
    if (fallback !== undefined) option.default(fallback);
    if (!isOptional(schema) && !field.orField) option.makeOptionMandatory();
    command.addOption(option);
    options.set(key, option);
    names.set(key, option.long ?? field.spec);
  }
  return () => {
    const raw: Record<string, unknown> = {};
    args.forEach((key, i) => {
      raw[key] = command.processedArgs[i];
    });
    const opts = command.opts();
    for (const [key, option] of options) raw[key] = opts[option.attributeName()];
    for (const [key, field] of Object.entries(fields))
      if (raw[key] === undefined && field.orField) raw[key] = raw[field.orField];
    const parsed = input.safeParse(raw);
    if (!parsed.success) throw new UsageError(explain(parsed.error, (k) => names.get(k) ?? k));
    return parsed.data;
  };
}

function build<I extends Input>(parent: Command, input: I, c: CommandParts) {
  const command = parent.command(c.path.at(-1) ?? '').description(c.help);
  const read = addFields(command, input, c.fields);
  if (c.examples) examples(command, ...c.examples);
  return { command, read };
}

export function actionCommand<I extends Input, R>(
  parent: Command,
  spec: ActionSpec<I, R>,
  c: NonNullable<ActionSpec<I, R>['command']>,
) {
  const { command, read } = build(parent, spec.input, c);
  if (c.confirm) destructive(command);
  command.action(async () => {
    const input = read();
    if (c.confirm) await confirm(c.confirm(input), command.opts().yes);
    const { out, client } = contextOf(command);
    const result = await spec.run(client(), input);
    const show = c.show;
    out.print(result, show ? () => show(out, result, input) : undefined);
  });
}

export function listCommand<I extends Input, R extends object>(
  parent: Command,
  spec: ListSpec<I, R>,
  c: NonNullable<ListSpec<I, R>['command']>,
) {
  const { command, read } = build(parent, spec.input, c);
  if (c.limit !== undefined)
    command.addOption(
      new Option('--limit <n>', 'at most n rows').default(c.limit).argParser(integer(1, 100_000)),
    );
  command.action(async () => {
    const input = read();
    const { out, client } = contextOf(command);
    const { limit } = command.opts();
    const rows = await take(spec.list(client(), input), typeof limit === 'number' ? limit : 10_000);
    out.table(rows, c.columns, c.display);
  });
}

export function streamCommand<I extends Input, E>(
  parent: Command,
  spec: StreamSpec<I, E>,
  c: NonNullable<StreamSpec<I, E>['command']>,
) {
  const { command, read } = build(parent, spec.input, c);
  command.action(async () => {
    const input = read();
    const { out, client } = contextOf(command);
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    for await (const event of spec.stream(client(), input, controller.signal))
      out.line(c.line(out, event));
  });
}
