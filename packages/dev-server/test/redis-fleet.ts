/**
 * For the shared-state tests: dev servers in child processes (the bin, run from source) on one
 * Redis, a raw caller for any of them, and a proof minted with a chosen id (to show that a
 * proof id seen by one process is refused by another). Redis itself comes from identity's
 * helper: Debian's redis-server on a loopback port with a temporary directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { type OperationId, operations } from '@tollgate/api';
import {
  CERTIFICATE_HEADER,
  createRequestSigner,
  generateKeyPair,
  type KeyPair,
  PROOF_HEADER,
  type RequestSigner,
} from '@tollgate/identity';
import { bodyHash, normalizeHtu, signJws } from '@tollgate/identity/testing';
import { followRun } from './run-events';

export { type RedisServer, startRedis } from '../../identity/test/redis-server';

export interface Call {
  path?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  agent?: RequestSigner;
}

/** A caller for one dev server: admin key by default, or signed as an agent. */
export function client(url: string, adminApiKey: string) {
  const urlOf = (id: OperationId, path: Record<string, string> = {}) =>
    url + operations[id].path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(path[k]!));

  async function call(id: OperationId, c: Call = {}) {
    const target = urlOf(id, c.path);
    const body = c.body === undefined ? undefined : JSON.stringify(c.body);
    const headers: Record<string, string> = { ...c.headers };
    if (body) headers['content-type'] = 'application/json';
    const method = operations[id].method;
    if (c.agent) Object.assign(headers, await c.agent.headers({ method, url: target, body }));
    else headers.authorization = `Bearer ${adminApiKey}`;
    const response = await fetch(target, { method, headers, body });
    const text = await response.text();
    const json: unknown =
      text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
    return { status: response.status, headers: response.headers, body: json as any };
  }

  /**
   * Registers the agent here with its own key (each process certifies it for itself); the
   * signer carries the id of the run its certificate names here.
   */
  async function register(agentId: string, keys: KeyPair, budget?: { limit_micros: number }) {
    const r = await call('registerAgentRun', {
      path: { agent_id: agentId },
      body: { public_key: keys.publicJwk, name: agentId, ...(budget && { budget }) },
    });
    if (r.status >= 300)
      throw new Error(`register ${agentId}: ${r.status} ${JSON.stringify(r.body)}`);
    const signer = await createRequestSigner(keys.privateJwk, r.body.certificate);
    return Object.assign(signer, { runId: r.body.run_id as string });
  }

  /** This process's events of a run, followed (see run-events.ts). */
  const followRunHere = (runId: string) =>
    followRun(urlOf('streamRunEvents', { run_id: runId }), adminApiKey);

  return { url, call, register, urlOf, followRun: followRunHere };
}

export const newKeys = () => generateKeyPair();

export interface Child {
  url: string;
  adminApiKey: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `tollgate-dev-server` (from source) with these flags; resolves once it listens. */
export async function startChild(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', '0', ...args], {
    cwd: `${import.meta.dirname}/..`,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line as string),
    exited.then(() => {
      throw new Error('the dev server exited before listening');
    }),
  ]);
  const info = JSON.parse(first) as { url: string; adminApiKey: string };
  return {
    ...info,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * An agent's proof headers for a request, with the proof id chosen by the caller (the SDK's
 * signer always draws a fresh one).
 */
export async function headersWithJti(
  keys: KeyPair,
  certificate: string,
  request: { method: string; url: string; body?: string },
  jti: string,
) {
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    jti,
    iat,
    exp: iat + 60,
    htm: request.method,
    htu: normalizeHtu(request.url),
    bh: bodyHash(request.body),
  };
  const proof = await signJws({ alg: 'EdDSA', typ: 'agent-proof+jwt' }, claims, keys.privateJwk);
  return { [CERTIFICATE_HEADER]: certificate, [PROOF_HEADER]: proof };
}
