/** The identity library, loaded when an agent is first registered or loaded (see crypto.ts). */
import { lazy } from '../internal/lazy';

export const loadCrypto = lazy(() => import('./crypto'));

/**
 * The certificate header, as @tollgate/identity names it (test/lazy-loading.test.ts holds the
 * two equal): a constant here, so that reading it never loads the identity library.
 */
export const CERTIFICATE_HEADER = 'X-Tollgate-Certificate';
