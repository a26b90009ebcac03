import { describe, expectTypeOf, it } from 'vitest';
import type {
  BackendName,
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

describe('the trimmed root', () => {
  it('keeps the backend machinery and protocol internals out of the public types', () => {
    // @ts-expect-error the backend interface is internal (choose one with the `backend` option)
    type Backend = import('../src/index').Ed25519Backend;
    // @ts-expect-error the body hash of a proof is a test helper: @tollgate/identity/testing
    type Body = import('../src/index').BodyBytes;
    expectTypeOf<Backend | Body>().not.toBeNever();
    expectTypeOf<import('../src/index').BackendName>().toEqualTypeOf<
      'node' | 'webcrypto' | 'tweetnacl'
    >();
    expectTypeOf<VerifierOptions['backend']>().toEqualTypeOf<BackendName | undefined>();
  });
});
