/**
 * The SDK announces the control-plane version it is bound to, and warns once when the
 * control plane it talks to reports another minor (a 1.219.x SDK expects a 2.19 server).
 */
import { CONTROL_PLANE_MINOR, CONTROL_PLANE_VERSION, SDK_VERSION } from '@tollgate/api';
import type { Logger } from '../core/logger';
import { runtimeName } from './runtime';

export const VERSION_HEADERS: Record<string, string> = {
  'user-agent': `tollgate-sdk-js/${SDK_VERSION} control-plane/${CONTROL_PLANE_VERSION} ${runtimeName()}`,
  'x-tollgate-sdk-version': SDK_VERSION,
  'x-tollgate-control-plane-version': CONTROL_PLANE_VERSION,
};

export class VersionCheck {
  private done = false;

  constructor(private readonly logger: Logger) {}

  observe(response: Response): void {
    if (this.done) return;
    const reported = response.headers.get('x-tollgate-version');
    if (!reported) return;
    this.done = true;
    const minor = reported.split('.').slice(0, 2).join('.');
    if (minor !== CONTROL_PLANE_MINOR) {
      this.logger.warn(
        `the control plane reports version ${reported}, but this SDK (${SDK_VERSION}) is bound to ${CONTROL_PLANE_MINOR}; install @tollgate/sdk@~1.${toMinor(minor)}.0 to match`,
      );
    }
  }
}

function toMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return String((major ?? 0) * 100 + (minor ?? 0));
}
