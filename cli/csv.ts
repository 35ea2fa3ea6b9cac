/**
 * CSV in and out (RFC 4180), pure: no I/O. The reader takes what spreadsheets export — a UTF-8 byte
 * order mark, CRLF, LF or CR line ends, quoted fields with commas, doubled quotes and line breaks.
 * The writer quotes only when needed and neutralises spreadsheet formulas in text cells, because the
 * files it writes (error reports) echo values typed by someone else.
 */
import { parse } from 'csv-parse/sync';

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

/**
 * Like `parseCsv`, with the 1-based line of the file each row starts on. Parsing is csv-parse's
 * (RFC 4180, a byte order mark, any line ending, relaxed quotes as spreadsheets write them); this
 * module keeps only what the import needs on top: a blank line is skipped unless a field on it was
 * quoted, and a malformed file is a `CsvError` naming its line.
 */
export function parseCsvLines(text: string): { fields: string[]; line: number }[] {
  let records: { record: string[]; info: { lines: number; raw?: string } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      raw: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      // Spreadsheets and editors mix line ends: accept each of them anywhere in the file.
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as { record: string[]; info: { lines: number; raw?: string } }[];
  } catch (error) {
    const err = error as { code?: string; lines?: number; message?: string };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new CsvError('A quoted field is not closed', quotedFieldLine(text));
    }
    throw new CsvError(err.message ?? 'The file is not valid CSV', err.lines ?? 1);
  }
  const rows: { fields: string[]; line: number }[] = [];
  for (const { record, info } of records) {
    const raw = info.raw ?? '';
    // `info.lines` is the line the record ends on: count back the line breaks inside it.
    const inner = (raw.replace(/(\r\n|\r|\n)$/, '').match(/\r\n|\r|\n/g) ?? []).length;
    const blank = record.length === 1 && record[0] === '' && !raw.includes('"');
    if (!blank) rows.push({ fields: record, line: info.lines - inner });
  }
  return rows;
}

/** The line an unclosed quoted field starts on (csv-parse reports where the file ended). */
function quotedFieldLine(text: string): number {
  let line = 1;
  let quoted = false;
  let openedOn = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      if (quoted && text[i + 1] === '"') i++;
      else {
        quoted = !quoted;
        if (quoted) openedOn = line;
      }
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
  }
  return openedOn;
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
