/**
 * Secrets this server mints: each is shown once, in the response that creates it, and kept
 * as its SHA-256 only (API keys, OAuth client secrets). Trigger secrets sign webhooks, so the
 * server keeps those themselves.
 */
import type { components } from '@tollgate/api';
import { newId, secret, sha256 } from '../ids';
import type { Seq, State } from './store';

export interface MintedSecret {
  /** For the response that creates it, and nowhere else. */
  value: string;
  /** What the server stores to recognise it. */
  hash: string;
}

export function mintSecret(prefix: string): MintedSecret {
  const value = secret(prefix);
  return { value, hash: sha256(value) };
}

/** Stores an API key whose secret is `value` (by its hash) and returns its record. */
export function addApiKey(
  state: State,
  value: string,
  input: { id?: string; name: string; scopes: string[]; expires_at?: string | null },
): Seq<components['schemas']['ApiKey']> {
  const key = {
    id: input.id ?? newId('key'),
    name: input.name,
    prefix: value.slice(0, 12),
    scopes: input.scopes,
    created_at: state.nowIso(),
    expires_at: input.expires_at ?? null,
    last_used_at: null,
    revoked_at: null,
    seq: state.nextSeq(),
  };
  const hash = sha256(value);
  state.apiKeys.set(hash, { key, hash });
  return key;
}
