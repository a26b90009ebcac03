/** Adapts commander's action (its `this` is the command) to (context, args, options). */
import type { Command } from 'commander';
import { type Context, contextOf } from '../context';

export type Options = Record<string, unknown>;

export const act = (fn: (ctx: Context, args: string[], options: Options) => Promise<void> | void) =>
  async function (this: Command) {
    const args = this.processedArgs.filter((a): a is string => typeof a === 'string');
    await fn(contextOf(this), args, this.opts<Options>());
  };

/** Help text after a command's own: a few lines of examples. */
export const examples = (command: Command, ...lines: string[]) =>
  command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`);
