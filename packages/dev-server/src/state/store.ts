/**
 * Everything the dev server knows, in memory. Records are kept in their wire shape (the
 * contract's schemas) plus a sequence number for stable cursors; secrets only as hashes.
 */
import { EventEmitter } from 'node:events';
import type { components } from '@tollgate/api';
import type { CertificateAuthority } from '@tollgate/identity';
import type { Clock } from '../clock';
import type { Principal } from '../http';
import { newId } from '../ids';
import type { Provider } from '../llm/wires';
import { notFound } from '../middleware/problem';

type S = components['schemas'];
/** A stored record: its wire shape plus a server-wide insertion sequence. */
export type Seq<T> = T & { seq: number };

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
  /** What the certificate grants; a refresh for the same run grants it again. */
  scope: string[];
  revoked: boolean;
  /** The certificate's `exp`, unix seconds. */
  exp: number;
  /** When it was revoked (ISO), once it is. */
  revokedAt?: string;
}
/** One revocation, as the revocation stream (and the status endpoint) tell it. */
export interface RevocationRecord {
  sequence: number;
  serial: string;
  agent_id: string;
  revoked_at: string;
  certificate_expires_at: string;
}
export interface TriggerRecord {
  trigger: Seq<S['Trigger']>;
  secret: string;
  /** `t.v1` of accepted signatures → unix seconds seen, pruned past the tolerance. */
  seenSignatures: Map<string, number>;
}
export interface UsageRecord {
  agentId: string;
  provider: Provider;
  model: string;
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
  at: number;
}
export interface EvidenceRecord {
  pack: S['EvidencePack'];
  /** The exact bytes served and hashed (the export's sha256 is of these). */
  bytes: string;
}
/** A service request with the payload it was made with (not part of the wire shape). */
export type ServiceRequestRecord = Seq<S['ServiceRequest']> & { payload: object };

export const SYSTEM: Principal = { type: 'public', id: 'system', name: 'system', scopes: [] };

export class State {
  private sequence = 0;
  readonly apiKeys = new Map<string, KeyRecord>();
  readonly oauthClients = new Map<string, OAuthClientRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly agents = new Map<string, Seq<S['Agent']>>();
  /** Budget groups by id (on Redis their budgets are shared; the records are per process). */
  readonly budgetGroups = new Map<string, Seq<S['BudgetGroup']>>();
  readonly certificates = new Map<string, CertificateRecord>();
  /**
   * Each agent's certified key (its public `x`): set by its first registration, moved only by
   * a proof signed with it or an operator's rotation (key continuity), dropped with the agent.
   */
  readonly agentKeys = new Map<string, string>();
  /** Every revocation in order (sequence = index + 1); `revocation` on the bus tells streams. */
  readonly revocations: RevocationRecord[] = [];
  readonly tools = new Map<string, Seq<S['Tool']>>();
  readonly serviceRequests = new Map<string, ServiceRequestRecord>();
  readonly runs = new Map<string, Seq<S['Run']>>();
  readonly events = new Map<string, Seq<S['RunEvent']>[]>();
  readonly approvals = new Map<string, Seq<S['Approval']>>();
  /** Ids of pending approvals, so expiring them costs nothing when there are none. */
  readonly pendingApprovals = new Set<string>();
  /** Newest last; listings reverse it. */
  readonly audit: S['AuditEntry'][] = [];
  readonly usage: UsageRecord[] = [];
  readonly triggers = new Map<string, TriggerRecord>();
  readonly evidence = new Map<string, EvidenceRecord>();
  /** Emits `event:<runId>` for every appended run event (SSE subscribers listen). */
  readonly bus = new EventEmitter().setMaxListeners(0);

  constructor(
    readonly ca: CertificateAuthority,
    readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock();
  }

  nowIso(): string {
    return new Date(this.clock()).toISOString();
  }

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** Records an audit entry. */
  record(
    principal: Principal,
    action: string,
    requestId: string,
    target?: { type: string; id: string },
    data: object = {},
  ) {
    this.audit.push({
      id: newId('aud'),
      action,
      actor: { type: principal.type === 'public' ? 'system' : principal.type, id: principal.id },
      agent_id: principal.agentId ?? (target?.type === 'agent' ? target.id : null),
      target: target ?? null,
      request_id: requestId,
      data: { ...data },
      created_at: this.nowIso(),
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
      created_at: this.nowIso(),
      seq: this.nextSeq(),
    };
    list.push(event);
    this.events.set(runId, list);
    this.bus.emit(`event:${runId}`, event);
    return event;
  }
}

/** The record stored under `id`, or a 404 naming `what`. */
export function getOr404<T>(records: ReadonlyMap<string, T>, id: string, what: string): T {
  const record = records.get(id);
  if (record === undefined) throw notFound(what);
  return record;
}

/** Drops the internal sequence number from a stored record. */
export function view<T extends { seq: number }>(record: T): Omit<T, 'seq'> {
  const { seq: _seq, ...rest } = record;
  return rest;
}
