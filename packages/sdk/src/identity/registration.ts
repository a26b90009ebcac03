/** What `tg.agents.register()` takes, and the request body it becomes. */
import type { PublicJwk } from '@tollgate/identity';
import type { BodyOf } from '../core/operation-types';
import type { CredentialStore } from './credential-store';

export interface RegisterOptions {
  /** The agent id: registering the same id again returns the same agent with a new run. */
  agentId: string;
  name?: string;
  description?: string;
  /** The budget to create the agent with, in micro-dollars (null = unlimited). */
  budget?: { limitMicros: number | null; alertThresholdPct?: number | null };
  /** Scopes the certificate should carry. */
  scope?: string[];
  /** Where to keep the key and certificate. @default the client's credentialStore */
  store?: CredentialStore;
  /** Reuse the stored key pair for this agent, if any. @default true */
  reuseKey?: boolean;
}

/** The `registerAgentRun` body for these options and the agent's public key (public members only). */
export function registrationBody(
  o: RegisterOptions,
  publicKey: PublicJwk,
): BodyOf<'registerAgentRun'> {
  return {
    public_key: publicKey,
    ...(o.name !== undefined && { name: o.name }),
    ...(o.description !== undefined && { description: o.description }),
    ...(o.scope !== undefined && { scope: o.scope }),
    ...(o.budget && {
      budget: {
        limit_micros: o.budget.limitMicros,
        alert_threshold_pct: o.budget.alertThresholdPct ?? null,
      },
    }),
  };
}
