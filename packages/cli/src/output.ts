/**
 * What the CLI prints: with --json exactly the data (the API's objects, nothing added), aligned
 * tables and `key  value` details otherwise; colour only on a TTY (and never with NO_COLOR).
 */
import { dollars } from './parse';

export interface Output {
  json: boolean;
  /** Prints data: as JSON, or through `human` when given (else as details). */
  print(data: unknown, human?: () => void): void;
  /** Rows as a table; `display` adds or reformats columns for people only (never in --json). */
  table<T extends object>(
    rows: T[],
    columns: string[],
    display?: (row: T) => Record<string, unknown>,
  ): void;
  /** One object as `key  value` lines; nested objects as dotted keys, micros also in dollars. */
  details(data: object): void;
  line(text: string): void;
  color(code: number, text: string): string;
}

const cell = (v: unknown): string =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function flatten(data: object, prefix = ''): [string, string][] {
  return Object.entries(data).flatMap(([key, value]: [string, unknown]): [string, string][] => {
    const name = `${prefix}${key}`;
    if (value && typeof value === 'object' && !Array.isArray(value))
      return flatten(value, `${name}.`);
    if (key.endsWith('_micros') && (typeof value === 'number' || value === null))
      return [[name, `${cell(value)} (${dollars(value)})`]];
    return [[name, Array.isArray(value) ? value.map(cell).join(', ') || '—' : cell(value)]];
  });
}

export function createOutput(json: boolean, stream: NodeJS.WriteStream = process.stdout): Output {
  const colorOn = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const out: Output = {
    json,
    color: (code, text) => (colorOn ? `\x1b[${code}m${text}\x1b[0m` : text),
    line: (text) => stream.write(`${text}\n`),
    print(data, human) {
      if (json) stream.write(`${JSON.stringify(data, null, 2)}\n`);
      else if (human) human();
      else if (data && typeof data === 'object') out.details(data);
      else out.line(cell(data));
    },
    details(data) {
      const pairs = flatten(data);
      const width = Math.max(0, ...pairs.map(([k]) => k.length));
      for (const [key, value] of pairs) out.line(`${out.color(2, key.padEnd(width))}  ${value}`);
    },
    table(rows, columns, display) {
      if (json) return out.print(rows);
      if (rows.length === 0) return out.line(out.color(2, '(none)'));
      const shown = rows.map((r): Record<string, unknown> => ({ ...r, ...display?.(r) }));
      const cols = columns.map((name) => ({
        name,
        width: Math.min(48, Math.max(name.length, ...shown.map((r) => cell(r[name]).length))),
      }));
      const fit = (text: string, w: number) =>
        text.length > w ? `${text.slice(0, w - 1)}…` : text.padEnd(w);
      out.line(out.color(1, cols.map((c) => fit(c.name.toUpperCase(), c.width)).join('  ')));
      for (const row of shown)
        out.line(
          cols
            .map((c) => fit(cell(row[c.name]), c.width))
            .join('  ')
            .trimEnd(),
        );
    },
  };
  return out;
}
