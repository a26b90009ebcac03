/**
 * Tools some checks need that npm cannot bring here: Debian's Chromium (`apt-get install
 * chromium`; .ci/run installs it). Without one, those checks are reported as not run, never
 * as passed; TOLLGATE_REQUIRE_BROWSER=1 (set by .ci/run once Chromium is installed) turns a
 * missing Chromium into a failure instead.
 */
import { existsSync } from 'node:fs';

/** Where Chromium is looked for: TOLLGATE_CHROMIUM, else Debian's /usr/bin/chromium. */
export const chromiumPath = () => process.env.TOLLGATE_CHROMIUM ?? '/usr/bin/chromium';

/** True when the browser checks are to be reported as not run (no Chromium, not required). */
export const browserNotRun = () =>
  !existsSync(chromiumPath()) && process.env.TOLLGATE_REQUIRE_BROWSER !== '1';
