/** Adapts commander's (args…, options, command) to (context, args, options). */
import type { Command } from 'commander';
import { type Context, contextOf } from '../context';

export type Options = Record<string, unknown>;

export const act =
  (fn: (ctx: Context, args: string[], options: Options) => Promise<void> | void) =>
  async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    await fn(contextOf(command), args.slice(0, -2) as string[], command.opts<Options>());
  };

/** Help text after a command's own: a few lines of examples. */
export const examples = (command: Command, ...lines: string[]) =>
  command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`);
