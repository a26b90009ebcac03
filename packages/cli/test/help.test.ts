// Item 16: every command and every flag says what it is; the main commands show examples.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../src/program';

function walk(command: Command, path: string[] = []): [string, Command][] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return [[here.join(' '), sub] as [string, Command], ...walk(sub, here)];
  });
}

describe('help', () => {
  const program = createProgram();
  const commands = walk(program);

  it('every command and flag has a description', () => {
    expect(commands.length).toBeGreaterThan(35);
    const missing: string[] = [];
    for (const [name, command] of [['tollgate', program] as [string, Command], ...commands]) {
      if (!command.description()) missing.push(name);
      for (const option of command.options)
        if (!option.description) missing.push(`${name} ${option.flags}`);
      for (const argument of command.registeredArguments)
        if (!argument.description && command.commands.length === 0)
          missing.push(`${name} <${argument.name()}>`);
    }
    expect(missing).toEqual([]);
  });

  it('the main commands show examples', () => {
    const help = (name: string) => {
      const command = commands.find(([n]) => n === name)![1];
      let text = '';
      command.configureOutput({ writeOut: (s) => (text += s) });
      command.outputHelp();
      return text;
    };
    for (const name of [
      'agents list',
      'agents create',
      'login',
      'auth status',
      'api',
      'config set',
      'dev',
      'audit export',
    ])
      expect(help(name), name).toMatch(/Examples:\n\s+\$ tollgate /);
  });
});
