import { describe, expectTypeOf, it } from 'vitest';
import type {
  IdentityError,
  IdentityErrorCode,
  ReplayCache,
  RequestVerifier,
  VerifiedAgent,
  VerifierOptions,
} from '../src/index';
import { createVerifier } from '../src/index';

describe('public types', () => {
  it('a verifier needs the CA keys and the public origin', () => {
    // @ts-expect-error origin is required: URLs are never rebuilt from a Host header
    createVerifier({ ca: 'x' });
    expectTypeOf(createVerifier).returns.toEqualTypeOf<RequestVerifier>();
    expectTypeOf<VerifierOptions['origin']>().toEqualTypeOf<string>();
  });

  it('errors carry a machine code from a closed set', () => {
    expectTypeOf<IdentityError['code']>().toEqualTypeOf<IdentityErrorCode>();
    expectTypeOf<'proof_replayed'>().toMatchTypeOf<IdentityErrorCode>();
    expectTypeOf<'oops'>().not.toMatchTypeOf<IdentityErrorCode>();
  });

  it('replay caches may be synchronous or asynchronous', () => {
    expectTypeOf<{ checkAndStore: () => boolean }>().toMatchTypeOf<ReplayCache>();
    expectTypeOf<{ checkAndStore: () => Promise<boolean> }>().toMatchTypeOf<ReplayCache>();
    expectTypeOf<VerifiedAgent['scope']>().toEqualTypeOf<string[]>();
  });
});
