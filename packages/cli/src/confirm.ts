/**
 * Destructive commands ask first on a terminal, and need --yes anywhere else (a script must say
 * what it means; a pipe cannot answer a prompt).
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { UsageError } from './errors';

/** Adds --yes to a destructive command. */
export const destructive = (command: Command) =>
  command.option('-y, --yes', 'do not ask for confirmation (required when not on a terminal)');

export async function confirm(question: string, yes: unknown): Promise<void> {
  if (yes === true) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new UsageError(
      `${question}: pass --yes to confirm (not on a terminal, so nothing asked)`,
    );
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new Cancelled();
  } finally {
    rl.close();
  }
}

/** The user said no: nothing was done (exit 1, so a script does not take it for success). */
export class Cancelled extends Error {
  override name = 'Cancelled';
  constructor() {
    super('cancelled, nothing was changed');
  }
}
