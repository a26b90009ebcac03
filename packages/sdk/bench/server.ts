/**
 * The bench's dev server (server-process.ts) started in a child process, so that its work and
 * its garbage stay off the measured thread and heap. Shared by every package's bench: the
 * integrations' benches import it from here.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface BenchServer {
  url: string;
  adminApiKey: string;
  caPublicJwk: JsonWebKey;
  /** Stops the server and waits for its process to exit. */
  close(): Promise<void>;
}

/** Starts the dev server with `auditEntries` seeded audit entries (none by default). */
export async function startBenchServer(auditEntries = 0): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./server-process.ts', import.meta.url).pathname],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_AUDIT_ENTRIES: String(auditEntries) },
    },
  );
  const { stdin, stdout } = child;
  if (!stdout || !stdin) throw new Error('the bench server has no stdio');
  const [line] = await once(createInterface({ input: stdout }), 'line');
  const started: Omit<BenchServer, 'close'> = JSON.parse(String(line));
  return {
    ...started,
    close: async () => {
      stdin.end();
      await once(child, 'exit');
    },
  };
}
