/**
 * Bun and Deno run this: the SDK bundle and the scenario, settings from argv (a JSON object),
 * the observations printed as one JSON line.
 */
import { scenario } from './scenario.js';

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const { bundle, ...settings } = JSON.parse(args[0]);
const sdk = await import(bundle);
try {
  console.log(JSON.stringify({ ok: true, result: await scenario(sdk, settings) }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: `${error?.name}: ${error?.message}` }));
}
