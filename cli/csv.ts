/**
 * CSV in and out (RFC 4180), pure: no I/O. The reader takes what spreadsheets export — a UTF-8 byte
 * order mark, CRLF, LF or CR line ends, quoted fields with commas, doubled quotes and line breaks.
 * The writer quotes only when needed and neutralises spreadsheet formulas in text cells, because the
 * files it writes (error reports) echo values typed by someone else.
 */

/** A malformed file: says where (1-based line of the file) so the user can find it. */
export class CsvError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = 'CsvError';
    this.line = line;
  }
}

/**
 * Parses CSV text into rows of fields. Blank lines are skipped; a quote inside an unquoted field is
 * kept as a character (what spreadsheets do); an unterminated quoted field is an error.
 */
export function parseCsv(text: string): string[][] {
  return parseCsvLines(text).map((r) => r.fields);
}

/** Like `parseCsv`, with the 1-based line of the file each row starts on. */
export function parseCsvLines(text: string): { fields: string[]; line: number }[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { fields: string[]; line: number }[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldWasQuoted = false;
  let rowWasQuoted = false;
  let line = 1;
  let quoteLine = 1;
  let rowLine = 1;

  const endField = () => {
    row.push(field);
    field = '';
    fieldWasQuoted = false;
  };
  const endRow = () => {
    endField();
    // A blank line is a single empty field that was never quoted: skip it.
    if (row.length > 1 || row[0] !== '' || rowWasQuoted) rows.push({ fields: row, line: rowLine });
    row = [];
    rowWasQuoted = false;
  };

  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n' || (ch === '\r' && input[i + 1] !== '\n')) line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '' && !fieldWasQuoted) {
      quoted = true;
      fieldWasQuoted = true;
      rowWasQuoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
    }
  }
  if (quoted) throw new CsvError('A quoted field is not closed', quoteLine);
  if (field !== '' || fieldWasQuoted || row.length > 0) endRow();
  return rows;
}

export interface CsvRecord {
  /** Record number counting the header as row 1 (the first record is row 2), blank lines not counted. */
  row: number;
  /** The line of the file the record starts on. */
  line: number;
  /** How many fields the line had (more than the header has columns means a stray comma). */
  fieldCount: number;
  values: Record<string, string>;
}

export interface CsvTable {
  /** Column names as written in the header, trimmed. */
  columns: string[];
  records: CsvRecord[];
}

/**
 * Parses CSV with a header row into records keyed by column name. Column names are matched
 * case-insensitively against `known` (when given) and returned in their canonical spelling.
 */
export function parseCsvRecords(text: string, known: readonly string[] = []): CsvTable {
  const rows = parseCsvLines(text);
  const [first, ...body] = rows;
  if (!first) return { columns: [], records: [] };
  const header = first.fields;
  const canonical = new Map(known.map((k) => [k.toLowerCase(), k]));
  const columns = header.map((h) => {
    const name = h.trim();
    return canonical.get(name.toLowerCase()) ?? name;
  });
  const records = body.map(({ fields, line }, i) => {
    const values: Record<string, string> = {};
    columns.forEach((column, c) => {
      values[column] = fields[c] ?? '';
    });
    return { row: i + 2, line, fieldCount: fields.length, values };
  });
  return { columns, records };
}

/** A number as a spreadsheet would read it: left alone by formula neutralisation. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading
 * apostrophe, so a value like `=HYPERLINK(...)` shows as text (OWASP "CSV injection").
 */
export function neutraliseFormula(value: string): string {
  if (value === '' || PLAIN_NUMBER.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One field, quoted when it holds a comma, a quote, a line break or edge spaces. */
export function formatCsvField(value: unknown, options: { neutralise?: boolean } = {}): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (options.neutralise !== false) text = neutraliseFormula(text);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes a header and rows as CSV with CRLF line ends (RFC 4180), formulas neutralised by default. */
export function writeCsv(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: { neutralise?: boolean } = {},
): string {
  const lines = [columns, ...rows].map((r) => r.map((v) => formatCsvField(v, options)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A fixed-width text table for terminals: one header line, a rule, the rows. Cells are single-line
 * (line breaks become spaces) and cut with "…" past `maxWidth`.
 */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: { maxWidth?: number } = {},
): string {
  const max = options.maxWidth ?? 48;
  const cell = (v: unknown) => {
    const text = (v === null || v === undefined ? '' : String(v)).replace(/\s+/g, ' ');
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  };
  const body = rows.map((r) => columns.map((_, i) => cell(r[i])));
  const widths = columns.map((c, i) => Math.max(c.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
