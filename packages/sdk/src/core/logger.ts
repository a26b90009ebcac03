import { redact } from './redact';

/** Where the SDK writes what it does. Any object with these methods works (pino, console…). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };

/**
 * Wraps a sink so that only messages at or above `level` reach it, each prefixed and passed
 * through `redact` first.
 */
export function createLogger(level: LogLevel, sink: Logger = console): Logger {
  const emit = (at: Exclude<LogLevel, 'off'>) => (message: string) => {
    if (ORDER[at] >= ORDER[level]) sink[at](`[tollgate] ${redact(message)}`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const v = value?.toLowerCase();
  return v && v in ORDER ? (v as LogLevel) : undefined;
}
