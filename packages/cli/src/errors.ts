/**
 * How a failure ends the process: one line on stderr, never a stack trace, and the exit code
 * the README promises (1 an API or runtime error, 2 a usage error).
 */
import {
  APIError,
  AuthenticationError,
  ConnectionError,
  MissingCredentialError,
  TimeoutError,
} from '@tollgate/sdk';
import { CommanderError } from 'commander';
import { endpointInUse } from './context';

/** The command line asked for something impossible: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const LOGIN_HINT =
  'run `tollgate login` (or `tollgate config set api-key …`, or set TOLLGATE_API_KEY)';

/** Writes what went wrong and returns the exit code. */
export function report(error: unknown, write = (s: string) => process.stderr.write(s)): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; --help and --version end here too.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UsageError) {
    write(`error: ${error.message}\n`);
    return 2;
  }
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConnectionError || error instanceof TimeoutError) {
    const endpoint = endpointInUse();
    if (endpoint && !message.includes(endpoint)) message = `cannot reach ${endpoint}: ${message}`;
  }
  if (error instanceof MissingCredentialError || error instanceof AuthenticationError)
    message = `${message}; ${LOGIN_HINT}`;
  if (error instanceof APIError && error.requestId && !message.includes(error.requestId))
    message = `${message} [request ${error.requestId}]`;
  write(`error: ${message.split('\n')[0]}\n`);
  return 1;
}
