/**
 * Long-running processes a consumer test talks to: a server that announces itself on a line
 * of its output, and an MCP server on stdio (newline-delimited JSON-RPC, as MCP clients speak).
 * Each runs in its own process group, so stopping it stops what `npx` started under it too.
 */
import { type ChildProcess, execFile, type SpawnOptions, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * Runs a command to its end and returns what it printed. Asynchronous on purpose: the test's
 * registry answers from this very process's event loop.
 */
export async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = await exec(cmd, args, {
    cwd,
    env: { ...process.env, npm_config_update_notifier: 'false', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return result.stdout;
}

/** Starts `cmd` and resolves with the child and the first stdout line matching `pattern`. */
export async function startUntilLine(
  cmd: string,
  args: string[],
  options: SpawnOptions,
  pattern: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; stop: () => void }> {
  const child = spawn(cmd, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => stopGroup(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = pattern.exec(line);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${stderr}`)));
  }).catch((error: unknown) => {
    stop();
    throw error;
  });
  return { child, match, stop };
}

/** SIGTERM to the child's process group (npx and the bin it runs), once. */
function stopGroup(child: ChildProcess) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Runs an MCP server over stdio, initializes it and returns the names of its tools. */
export async function mcpToolNames(
  cmd: string,
  args: string[],
  options: SpawnOptions,
): Promise<string[]> {
  const child = spawn(cmd, args, { ...options, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const answers = new Map<number, (result: unknown) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { id?: number; result?: unknown };
    if (typeof message.id === 'number') answers.get(message.id)?.(message.result);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${stderr}`))),
  );
  exited.catch(() => {}); // after the answer, the exit is expected
  const send = (message: object) => child.stdin!.write(`${JSON.stringify(message)}\n`);
  const call = (id: number, method: string, params: object) => {
    const answer = new Promise((resolve) => answers.set(id, resolve));
    send({ jsonrpc: '2.0', id, method, params });
    return Promise.race([answer, exited]);
  };
  try {
    await call(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'release-test', version: '1.0.0' },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const { tools } = (await call(2, 'tools/list', {})) as { tools: { name: string }[] };
    return tools.map((t) => t.name);
  } finally {
    stopGroup(child);
  }
}
