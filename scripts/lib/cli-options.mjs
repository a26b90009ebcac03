import { parseArgs } from 'node:util';

/**
 * node:util parseArgs, but a wrong flag prints the usage and exits 2 instead of a stack trace.
 * @param {import('node:util').ParseArgsConfig['options']} options
 * @param {string} usage
 * @returns {Record<string, string | boolean | undefined>}
 */
export function parseOptions(options, usage) {
  try {
    return /** @type {Record<string, string | boolean | undefined>} */ (
      parseArgs({ options, strict: true, allowPositionals: false }).values
    );
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\nusage: ${usage}`);
    process.exit(2);
  }
}
