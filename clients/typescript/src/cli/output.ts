/**
 * What commands print on stdout: JSON for scripts (`--json`), aligned tables and `key: value` blocks for people.
 * Diagnostics and progress go to stderr, so stdout stays what a pipe expects.
 */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

export interface Printer {
  json: boolean;
  /** A value for scripts, or a table of `rows` for people. */
  list<T>(rows: T[], columns: Column<T>[], raw?: unknown): void;
  /** One object: JSON as is, or chosen fields as `key: value` lines. */
  item<T>(value: T, fields: Column<T>[]): void;
  /** A line for people only; `--json` prints `raw` (or nothing) instead. */
  message(text: string, raw?: unknown): void;
}

export function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.length ? value.map(cell).join(',') : '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).replace(/\s+/g, ' ');
}

export function table<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n');
}

export function createPrinter(json: boolean, write: (text: string) => void): Printer {
  const printJson = (value: unknown) => write(`${JSON.stringify(value, null, 2)}\n`);
  return {
    json,
    list(rows, columns, raw = rows) {
      if (json) printJson(raw);
      else write(rows.length ? `${table(rows, columns)}\n` : '(none)\n');
    },
    item(value, fields) {
      if (json) return printJson(value);
      const width = Math.max(...fields.map((f) => f.header.length));
      write(`${fields.map((f) => `${`${f.header}:`.padEnd(width + 1)} ${cell(f.value(value))}`).join('\n')}\n`);
    },
    message(text, raw) {
      if (!json) write(`${text}\n`);
      else if (raw !== undefined) printJson(raw);
    },
  };
}
