/** Runs the built `tollgate` bin as a user would: its own config folder, stdin, a pipe or a terminal. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '../dist/cli.js');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The folder holding .tollgate/ (and the working directory). */
  home: string;
  env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  input?: string;
}

/** A fresh home folder. */
export const newHome = () => mkdtempSync(join(tmpdir(), 'tollgate-cli-'));

const baseEnv = (o: RunOptions) => ({
  ...process.env,
  TOLLGATE_CONFIG_DIR: join(o.home, '.tollgate'),
  TOLLGATE_BASE_URL: '',
  TOLLGATE_API_KEY: '',
  TOLLGATE_CLIENT_ID: '',
  TOLLGATE_CLIENT_SECRET: '',
  TOLLGATE_PROFILE: '',
  NO_COLOR: '1',
  ...o.env,
});

function collect(command: string, args: string[], o: RunOptions): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: o.home, env: baseEnv(o) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}

/** The CLI with stdin, stdout and stderr as pipes. */
export const cli = (o: RunOptions, ...args: string[]) =>
  collect(process.execPath, [CLI, ...args], o);

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The CLI on a terminal (util-linux `script` gives it a pseudo-terminal): stdout and stderr
 * both arrive in `stdout`; `input` is typed into it.
 */
export function onTerminal(o: RunOptions, ...args: string[]): Promise<Result> {
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return collect('script', ['-qec', command, '/dev/null'], o);
}

/** A shell pipeline around the CLI, e.g. `| head -1`; `$TOLLGATE` is the CLI. */
export function shell(o: RunOptions, script: string): Promise<Result> {
  return collect('bash', ['-c', script], {
    ...o,
    env: { ...o.env, TOLLGATE: `${process.execPath} ${CLI}` },
  });
}
