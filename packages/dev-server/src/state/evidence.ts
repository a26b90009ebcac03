/**
 * Evidence packs: a run's events sealed into a SHA-256 hash chain, served behind signed links
 * that expire. hash = hex SHA-256(prev_hash + canonical JSON of {sequence, type, data,
 * created_at}); canonical JSON sorts object keys and has no whitespace; the first prev_hash
 * is 64 zeros. Links: /v1/evidence/{id}?expires=<unix>&signature=<hex HMAC(key, "id.expires")>.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { components } from '@tollgate/api';
import { newId, sha256 } from '../ids';
import { HttpProblem } from '../middleware/problem';

type S = components['schemas'];

export const GENESIS = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const fields: [string, unknown][] = Object.entries(value);
    const entries = fields
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function buildPack(
  run: S['Run'],
  events: S['RunEvent'][],
  createdAt: string,
): S['EvidencePack'] {
  let prev = GENESIS;
  const chained = events.map(({ sequence, type, data, created_at }) => {
    const hash = sha256(prev + canonicalJson({ sequence, type, data, created_at }));
    const link = { sequence, type, data, created_at, prev_hash: prev, hash };
    prev = hash;
    return link;
  });
  return {
    pack_id: newId('evp'),
    run_id: run.id,
    agent_id: run.agent_id,
    created_at: createdAt,
    algorithm: 'sha256',
    events: chained,
    head_hash: prev,
  };
}

const mac = (key: Buffer, packId: string, expires: number) =>
  createHmac('sha256', key).update(`${packId}.${expires}`).digest('hex');

export function signLink(baseUrl: string, key: Buffer, packId: string, expires: number): string {
  return `${baseUrl}/v1/evidence/${packId}?expires=${expires}&signature=${mac(key, packId, expires)}`;
}

/** Signature first (constant time), then expiry: a forged link learns nothing about time. */
export function checkLink(
  key: Buffer,
  packId: string,
  expires: number,
  signature: string,
  nowSeconds: number,
) {
  const expected = Buffer.from(mac(key, packId, expires));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpProblem(403, 'signature_invalid', 'The link signature is not valid.');
  }
  if (expires <= nowSeconds) throw new HttpProblem(403, 'link_expired', 'The link has expired.');
}
