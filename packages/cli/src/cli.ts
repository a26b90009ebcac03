#!/usr/bin/env node
/**
 * tollgate: the operator's terminal. Exit codes: 0 ok, 1 an API or runtime error (one line,
 * with the request id), 2 a usage error. --json on every command prints machine-readable JSON.
 */
import { report } from './errors';
import { createProgram } from './program';

// `tollgate … | head -1`: the reader left; stop quietly, as other Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
}
