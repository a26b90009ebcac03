import { patternRedactor, type Redactor } from '../internal/redact';

/** Where the SDK writes what it does. Any object with these methods works (pino, console…). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };
const isLevel = (name: string): name is LogLevel => Object.hasOwn(ORDER, name);

/** The SDK's own logger: also says whether debug lines are wanted, so hot paths skip them. */
export interface SdkLogger extends Logger {
  readonly debugEnabled: boolean;
}

const ignore = () => {};

/**
 * Wraps a sink so that only messages at or above `level` reach it, each prefixed and passed
 * through the redactor first (the client's, which knows its exact credentials).
 */
export function createLogger(
  level: LogLevel,
  sink: Logger = console,
  redactor: Redactor = patternRedactor,
): SdkLogger {
  const emit = (at: Exclude<LogLevel, 'off'>) =>
    ORDER[at] >= ORDER[level]
      ? (message: string) => sink[at](`[tollgate] ${redactor.text(message)}`)
      : ignore;
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    debugEnabled: ORDER.debug >= ORDER[level],
  };
}

export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const v = value?.toLowerCase();
  return v !== undefined && isLevel(v) ? v : undefined;
}
