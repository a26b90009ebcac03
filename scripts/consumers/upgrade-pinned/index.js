// Pinned to one control-plane minor, talking to the next: every call works, one warning says so.
import { NotFoundError, SDK_VERSION, Tollgate } from '@tollgate/sdk';

const [baseUrl, apiKey] = process.argv.slice(2);
const warnings = [];
const logger = {
  warn: (m) => warnings.push(String(m)),
  error: () => {},
  info: () => {},
  debug: () => {},
};
const tg = new Tollgate({ baseUrl, apiKey, logger });
const health = await tg.health();
await tg.agents.create({ id: 'pinned', name: 'Pinned', budget: { limit_micros: 1_000 } });
const agent = await tg.agents.get('pinned');
const missing = await tg.agents.get('nobody').catch((e) => e);
if (!(missing instanceof NotFoundError)) throw new Error('expected a typed NotFoundError');
console.log(
  JSON.stringify({ sdk: SDK_VERSION, server: health.version, agent: agent.id, warnings }),
);
