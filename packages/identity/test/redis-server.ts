/**
 * Starts a real `redis-server` (Debian's package; `.ci/run` installs it) on a free loopback
 * port with a temporary directory, for tests and benches, and stops it. Self-contained (node
 * built-ins only) so that other packages can import or copy it.
 *
 * Missing binary: `startRedis` throws a message saying how to install it. Nothing skips
 * silently; only TOLLGATE_SKIP_REDIS=1 (which nothing sets) opts a run out.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const SKIP_REDIS = process.env.TOLLGATE_SKIP_REDIS === '1';

export interface RedisServer {
  /** `redis://127.0.0.1:<port>`, for node-redis and ioredis. */
  url: string;
  port: number;
  /** The server's working directory (AOF and RDB files, if enabled). */
  dir: string;
  /** Stops the server (SIGTERM, waits for it to exit); idempotent. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Reuse a port (to restart a server where clients expect it). @default a free one */
  port?: number;
  /** Reuse a directory (e.g. to restart with its AOF); kept on stop. @default a new temp dir, removed on stop */
  dir?: string;
  /** Extra arguments, e.g. ['--appendonly', 'yes', '--appendfsync', 'always']. */
  args?: string[];
}

/** The path of `redis-server` on PATH (or Debian's /usr/bin), or undefined. */
export function redisServerBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const file = join(dir, 'redis-server');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = redisServerBinary();
  if (!binary)
    throw new Error(
      'redis-server not found on PATH: install it (Debian: apt-get install -y redis-server) or set TOLLGATE_SKIP_REDIS=1 to opt out of the Redis tests',
    );
  let lastError: unknown;
  // A free port is picked by binding port 0 and closing it; redis may lose it to a race.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tollgate-redis-'));
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
    args.push('--save', '', '--appendonly', 'no', ...(options.args ?? []));
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output = (output + d).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (output = (output + d).slice(-4000)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    const cleanup = () => {
      process.off('exit', kill);
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    };
    try {
      await waitForReady(child);
    } catch (error) {
      child.kill('SIGKILL');
      await exited;
      cleanup();
      lastError = new Error(`redis-server did not start: ${(error as Error).message}\n${output}`);
      if (options.port !== undefined) break;
      continue;
    }
    let stopping: Promise<void> | undefined;
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      dir,
      stop: () => {
        stopping ??= (async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
          cleanup();
        })();
        return stopping;
      },
    };
  }
  throw lastError;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Resolves once redis-server logs that it is ready to accept connections (after loading any
 * AOF or RDB it was given); rejects if it exits first (a port lost to a race, a bad argument).
 * A deadline bounds the wait for a server that does neither (a bench has no test timeout).
 */
function waitForReady(child: ChildProcess): Promise<void> {
  const READY = 'Ready to accept connections';
  return new Promise<void>((resolve, reject) => {
    let tail = '';
    const deadline = setTimeout(() => done(new Error('not ready within 10 s')), 10_000);
    const onExit = () => done(new Error('it exited'));
    const onData = (d: Buffer) => {
      const text = tail + d;
      if (text.includes(READY)) done();
      tail = text.slice(-READY.length); // the line may come in two chunks
    };
    function done(error?: Error) {
      clearTimeout(deadline);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
