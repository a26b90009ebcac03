/**
 * A receiver that is not the control plane, for revocation-follow.test.ts: a verifier in its
 * own process that follows the dev server's revocation stream. Reads `{ streamUrl, jwks,
 * origin, nowMs }` (JSON) from argv[2]; over IPC it sends `{ ready }` once the backlog is in,
 * `{ revoked: serial }` for each revocation learned, and answers `{ id, request }` with
 * `{ id, result }` ('ok' or the error code).
 */
import {
  createVerifier,
  IdentityError,
  type IncomingRequest,
  type Jwks,
} from '../../identity/src/index';
import { followRevocations } from '../../identity/src/revocations';

const input = JSON.parse(process.argv[2]!) as {
  streamUrl: string;
  jwks: Jwks;
  origin: string;
  nowMs: number;
};
const send = (message: object) => process.send?.(message);
const now = () => input.nowMs;
const revocations = followRevocations(input.streamUrl, {
  now,
  onRevocation: (r) => send({ revoked: r.serial }),
});
const verifier = createVerifier({ ca: input.jwks, origin: input.origin, now, revocations });
process.on('message', async (message: { id: number; request: IncomingRequest }) => {
  try {
    await verifier.verify(message.request);
    send({ id: message.id, result: 'ok' });
  } catch (error) {
    send({ id: message.id, result: error instanceof IdentityError ? error.code : String(error) });
  }
});
process.on('disconnect', () => {
  revocations.close();
});
await revocations.ready;
send({ ready: true });
