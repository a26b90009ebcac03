/**
 * The client every command uses: the SDK's own option resolution (flags, then env, then the
 * active profile of ~/.tollgate/config.json), so the CLI and scripts agree on configuration.
 */
import { Tollgate } from '@tollgate/sdk';
import { FileCredentialStore } from '@tollgate/sdk/node';
import type { Command } from 'commander';
import { createOutput, type Output } from './output';

export interface GlobalOptions {
  json?: boolean;
  profile?: string;
  endpoint?: string;
}

export interface Context {
  out: Output;
  client(): Tollgate;
}

export function contextOf(command: Command): Context {
  const globals = command.optsWithGlobals<GlobalOptions>();
  if (globals.profile) process.env.TOLLGATE_PROFILE = globals.profile;
  let tg: Tollgate | undefined;
  return {
    out: createOutput(Boolean(globals.json)),
    client() {
      tg ??= new Tollgate({
        ...(globals.endpoint && { baseUrl: globals.endpoint }),
        credentialStore: new FileCredentialStore(),
        logLevel: process.env.TOLLGATE_LOG ? undefined : 'error',
      });
      return tg;
    },
  };
}

/** Parses a micro-dollar amount given as dollars ("1.50") or micros ("1500000u"). */
export function parseMicros(value: string): number | null {
  if (value === 'unlimited' || value === 'none') return null;
  if (value.endsWith('u')) return Number.parseInt(value.slice(0, -1), 10);
  const dollars = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(dollars) || dollars < 0) throw new Error(`not an amount: ${value}`);
  return Math.round(dollars * 1_000_000);
}

export const dollars = (micros: number | null | undefined) =>
  micros === null || micros === undefined
    ? 'unlimited'
    : `$${(micros / 1_000_000).toFixed(micros % 10_000 === 0 ? 2 : 6)}`;
