/**
 * The `AgentIdentity` the root entry exports, for `instanceof` and as the type. The class
 * itself (signing, refresh, LLM clients, with everything they import) is in
 * agent-identity.ts and loads on first use, with the first `agents.register()` or
 * `agents.load()`: bundlers split by file, so a class exported from the root entry would load
 * with it (≈ 2.5 kB min+gz) in every bundle, used or not. Every identity extends this base.
 */
import type { AgentIdentity as Identity } from './agent-identity';

/** What every AgentIdentity extends; nothing else derives from it. */
export class AgentIdentityBase {}

/**
 * Instances come from `tg.agents.register()` / `tg.agents.load()` only (the class has no
 * public constructor), all of them `instanceof AgentIdentity`. Typed as the class it stands
 * for: the base is empty, but the one class that extends it is that class.
 */
export const AgentIdentity = AgentIdentityBase as unknown as abstract new (
  ...args: never[]
) => Identity;
export type AgentIdentity = Identity;
