/**
 * What the CLI prints: JSON with --json (for scripts), aligned tables otherwise, colour only
 * on a TTY (and never with NO_COLOR).
 */
export interface Output {
  json: boolean;
  /** Prints data: as JSON, or through `human` when given. */
  print(data: unknown, human?: () => void): void;
  table(rows: Record<string, unknown>[], columns: string[]): void;
  line(text: string): void;
  color(code: number, text: string): string;
}

const cell = (v: unknown): string =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

export function createOutput(json: boolean, stream: NodeJS.WriteStream = process.stdout): Output {
  const colorOn = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const out: Output = {
    json,
    color: (code, text) => (colorOn ? `\x1b[${code}m${text}\x1b[0m` : text),
    line: (text) => stream.write(`${text}\n`),
    print(data, human) {
      if (json || !human) stream.write(`${JSON.stringify(data, null, json ? 2 : 0)}\n`);
      else human();
    },
    table(rows, columns) {
      if (json) return out.print(rows);
      if (rows.length === 0) return out.line(out.color(2, '(none)'));
      const widths = columns.map((c) =>
        Math.min(48, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))),
      );
      const fit = (text: string, w: number) =>
        text.length > w ? `${text.slice(0, w - 1)}…` : text.padEnd(w);
      out.line(out.color(1, columns.map((c, i) => fit(c.toUpperCase(), widths[i]!)).join('  ')));
      for (const row of rows)
        out.line(
          columns
            .map((c, i) => fit(cell(row[c]), widths[i]!))
            .join('  ')
            .trimEnd(),
        );
    },
  };
  return out;
}
