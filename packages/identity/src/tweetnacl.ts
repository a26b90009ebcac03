/**
 * `import '@tollgate/identity/tweetnacl'` makes the pure-JavaScript tweetnacl backend
 * available: chosen when the runtime has neither node:crypto nor WebCrypto Ed25519, or when
 * TOLLGATE_IDENTITY_BACKEND=tweetnacl or a `backend: 'tweetnacl'` option asks for it. Without this
 * import such a runtime gets a clear `unsupported_algorithm` IdentityError instead.
 */
import { TWEETNACL_SLOT } from './backend/select';
import { tweetnaclBackend } from './backend/tweetnacl';

(globalThis as { [TWEETNACL_SLOT]?: () => unknown })[TWEETNACL_SLOT] = () => tweetnaclBackend();

export { tweetnaclBackend };
