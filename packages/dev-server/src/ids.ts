import { createHash, randomBytes } from 'node:crypto';

/** A prefixed random id, e.g. run_3f9c2a7d1b4e. */
export const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
/** A secret shown once (API keys, client secrets, trigger secrets); only its hash is stored. */
export const secret = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;
export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
