/**
 * Trigger signatures: `X-Tollgate-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw
 * body>")>`. Compared in constant time; a timestamp outside the trigger's tolerance is
 * refused, and so is a signature seen before (a captured request cannot be replayed even
 * within the tolerance).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpProblem } from '../middleware/problem';
import type { TriggerRecord } from './store';

export function verifyTriggerSignature(
  record: TriggerRecord,
  header: string | undefined,
  body: Buffer,
  nowSeconds: number,
) {
  const parts = new Map(
    String(header ?? '')
      .split(',')
      .map((p) => {
        const i = p.indexOf('=');
        return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
      }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/i.test(v1))
    throw new HttpProblem(401, 'signature_invalid', 'The signature header is malformed.');
  const expected = createHmac('sha256', record.secret).update(`${t}.`).update(body).digest();
  if (!timingSafeEqual(Buffer.from(v1, 'hex'), expected))
    throw new HttpProblem(401, 'signature_invalid', 'The signature does not match.');
  const tolerance = record.trigger.tolerance_seconds;
  if (Math.abs(nowSeconds - t) > tolerance)
    throw new HttpProblem(401, 'signature_expired', `The timestamp is over ${tolerance} s away.`);
  // Signatures older than the tolerance are refused by time anyway: forget them.
  for (const [seen, at] of record.seenSignatures)
    if (at < nowSeconds - tolerance) record.seenSignatures.delete(seen);
  const id = `${t}.${v1.toLowerCase()}`;
  if (record.seenSignatures.has(id))
    throw new HttpProblem(401, 'signature_invalid', 'This signature was already used.');
  record.seenSignatures.set(id, nowSeconds);
}
