// Moved to the next minor: the operation the control plane added is in the generated client, typed, and
// the optional field it added is known to the types; no version warning.
import { CONTROL_PLANE_VERSION, createApiClient } from '@tollgate/api';
import { SDK_VERSION, Tollgate } from '@tollgate/sdk';

const [baseUrl = '', apiKey = ''] = process.argv.slice(2);
const api = createApiClient({ baseUrl });
const { data, error } = await api.GET('/v1/ping');
if (error || !data) throw new Error('GET /v1/ping failed');
const region: string | undefined = data.region;

const warnings: string[] = [];
const logger = {
  warn: (m: string) => void warnings.push(m),
  error: () => {},
  info: () => {},
  debug: () => {},
};
const tg = new Tollgate({ baseUrl, apiKey, logger });
const health = await tg.health();
console.log(
  JSON.stringify({
    sdk: SDK_VERSION,
    contract: CONTROL_PLANE_VERSION,
    server: health.version,
    region,
    warnings,
  }),
);
