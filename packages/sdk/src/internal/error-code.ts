import { isRecord } from './is-record';

/** The string `code` a thrown value carries (Node's `ENOENT`, a lock's `ELOCKED`), if any. */
export function errorCode(error: unknown): string | undefined {
  return isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
}
