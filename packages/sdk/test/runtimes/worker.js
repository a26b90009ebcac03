/**
 * workerd (the runtime of Cloudflare Workers) runs this module: each POST carries the
 * scenario's settings and gets back what the scenario observed, as JSON.
 */

import { scenario } from './scenario.js';
import * as sdk from './sdk.js';

export default {
  async fetch(request) {
    const settings = await request.json();
    try {
      return Response.json({ ok: true, result: await scenario(sdk, settings) });
    } catch (error) {
      return Response.json({ ok: false, error: `${error?.name}: ${error?.message}` });
    }
  },
};
