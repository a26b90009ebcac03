/**
 * Everything the dev server knows, in memory. Records are stored in their wire shape (the
 * contract's schemas) plus a sequence number for stable cursors; secrets only as hashes.
 */
import { EventEmitter } from 'node:events';
import type { components } from '@tollgate/api';
import type { CertificateAuthority } from '@tollgate/identity';
import type { Principal } from './http';
import { newId, nowIso } from './ids';

type S = components['schemas'];
type Seq<T> = T & { seq: number };

export interface KeyRecord {
  key: Seq<S['ApiKey']>;
  hash: string;
}
export interface OAuthClientRecord {
  client: Seq<S['OAuthClient']>;
  hash: string;
}
export interface TokenRecord {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}
export interface CertificateRecord {
  serial: string;
  agentId: string;
  runId: string;
  revoked: boolean;
}
export interface TriggerRecord {
  trigger: Seq<S['Trigger']>;
  secret: string;
  seenSignatures: Map<string, number>;
}
export interface UsageRecord {
  agentId: string;
  provider: 'openai' | 'anthropic';
  model: string;
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
  at: number;
}
export interface EvidenceRecord {
  pack: S['EvidencePack'];
  bytes: string;
}

export class State {
  private sequence = 0;
  readonly apiKeys = new Map<string, KeyRecord>();
  readonly oauthClients = new Map<string, OAuthClientRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly agents = new Map<string, Seq<S['Agent']>>();
  readonly certificates = new Map<string, CertificateRecord>();
  readonly tools = new Map<string, Seq<S['Tool']>>();
  readonly serviceRequests = new Map<string, Seq<S['ServiceRequest']>>();
  readonly runs = new Map<string, Seq<S['Run']>>();
  readonly events = new Map<string, Seq<S['RunEvent']>[]>();
  readonly approvals = new Map<string, Seq<S['Approval']>>();
  readonly audit: S['AuditEntry'][] = [];
  readonly usage: UsageRecord[] = [];
  readonly triggers = new Map<string, TriggerRecord>();
  readonly evidence = new Map<string, EvidenceRecord>();
  /** Emits `event:<runId>` for every appended run event (SSE subscribers listen). */
  readonly bus = new EventEmitter().setMaxListeners(0);

  constructor(readonly ca: CertificateAuthority) {}

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** Records an audit entry (newest first in listings). */
  record(
    principal: Principal,
    action: string,
    requestId: string,
    target?: { type: string; id: string },
    data: object = {},
  ) {
    const actorType = principal.type === 'public' ? 'system' : principal.type;
    this.audit.unshift({
      id: newId('aud'),
      action,
      actor: { type: actorType, id: principal.id },
      agent_id: principal.agentId ?? (target?.type === 'agent' ? target.id : null),
      target: target ?? null,
      request_id: requestId,
      data: { ...data },
      created_at: nowIso(),
    });
  }

  /** Appends an event to a run and tells stream subscribers. */
  appendEvent(runId: string, type: S['RunEventType'], data: object = {}) {
    const list = this.events.get(runId) ?? [];
    const event = {
      id: newId('evt'),
      run_id: runId,
      sequence: list.length + 1,
      type,
      data: { ...data },
      created_at: nowIso(),
      seq: this.nextSeq(),
    };
    list.push(event);
    this.events.set(runId, list);
    this.bus.emit(`event:${runId}`, event);
    return event;
  }
}

/** Drops the internal sequence number from a stored record. */
export function view<T extends { seq: number }>(record: T): Omit<T, 'seq'> {
  const { seq: _seq, ...rest } = record;
  return rest;
}
