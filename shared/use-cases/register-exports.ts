/**
 * The register exports (vendors, findings, BAAs, decisions) as CSV or JSON. They read the registers a
 * page at a time through the repositories (vendors by name, findings by status, BAAs by status and
 * expiry): never a Scan, and memory stays one page whatever the size. The columns, machine and
 * human, are in report-columns.ts.
 */
import type { Deps } from '../composition.ts';
import { FindingStatus } from '../schemas/finding.ts';
import type { Vendor, VendorDecision } from '../schemas/vendor.ts';
import * as z from '../schemas/zod.ts';
import {
  BAA_COLUMNS,
  type Cell,
  type Column,
  DECISION_COLUMNS,
  FINDING_COLUMNS,
  VENDOR_COLUMNS,
} from './report-columns.ts';

export type { Cell } from './report-columns.ts';

export const ReportDataset = z.enum(['vendors', 'findings', 'baas', 'decisions']);
export type ReportDataset = z.infer<typeof ReportDataset>;
export const ReportFormat = z.enum(['csv', 'json']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** Repositories are read 100 items per query page. */
export const REPORT_PAGE_SIZE = 100;

/** Every entry of a vendor's decision history (the latest alone for records older than the history). */
export const decisionsOf = (vendor: Vendor): VendorDecision[] =>
  vendor.decisions ?? (vendor.decision ? [vendor.decision] : []);

type Page<T> = { items: T[]; cursor?: Record<string, unknown> };

/** Follows a repository's pages until it has no cursor left. */
async function* pagesOf<T>(
  read: (cursor: Record<string, unknown> | undefined) => Promise<Page<T>>,
): AsyncGenerator<T[]> {
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await read(cursor);
    if (page.items.length > 0) yield page.items;
    cursor = page.cursor;
  } while (cursor);
}

const vendorPages = (deps: Deps) =>
  pagesOf((cursor) => deps.vendors.list({ limit: REPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) }));

interface DatasetDefinition<T> {
  columns: Column<T>[];
  pages: (deps: Deps) => AsyncGenerator<T[]>;
}

/** Column<T> reads T (contravariant), so the table of datasets holds them type-erased, once, here. */
const define = <T>(definition: DatasetDefinition<T>) => definition as unknown as DatasetDefinition<unknown>;

const DATASETS: Record<ReportDataset, DatasetDefinition<unknown>> = {
  vendors: define({ columns: VENDOR_COLUMNS, pages: vendorPages }),
  findings: define({
    columns: FINDING_COLUMNS,
    async *pages(deps: Deps) {
      for (const status of FindingStatus.options) {
        yield* pagesOf((cursor) =>
          deps.findings.register({ status, limit: REPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
        );
      }
    },
  }),
  baas: define({
    columns: BAA_COLUMNS,
    pages: (deps: Deps) =>
      pagesOf((cursor) => deps.baas.list({ limit: REPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) })),
  }),
  decisions: define({
    columns: DECISION_COLUMNS,
    async *pages(deps: Deps) {
      for await (const vendors of vendorPages(deps)) {
        const rows = vendors.flatMap((vendor) =>
          decisionsOf(vendor).map((decision) => ({ vendor, decision })),
        );
        if (rows.length > 0) yield rows;
      }
    },
  }),
};

/**
 * The columns of each dataset, in order, with what each holds (for docs and the OpenAPI text);
 * `human` marks the columns in words that only the CSV carries.
 */
const described = (columns: Column<never>[]) =>
  columns.map(({ name, description, human }) => ({ name, description, human: human === true }));
export const REPORT_COLUMNS: Record<ReportDataset, { name: string; description: string; human: boolean }[]> =
  {
    vendors: described(VENDOR_COLUMNS),
    findings: described(FINDING_COLUMNS),
    baas: described(BAA_COLUMNS),
    decisions: described(DECISION_COLUMNS),
  };

/** Characters that make a spreadsheet read a cell as a formula (and tab/CR, which some strip first). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF, quotes doubled. Text
 * starting like a formula gets a leading `'` so a spreadsheet shows it instead of evaluating it
 * (OWASP "CSV injection"); numbers and flags are written by the product and left as they are.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? (FORMULA_START.test(value) ? `'${value}` : value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export const csvRecord = (fields: readonly Cell[]): string => `${fields.map(csvField).join(',')}\r\n`;

export interface ReportStream {
  dataset: ReportDataset;
  format: ReportFormat;
  /** `<dataset>-<yyyy-mm-dd>.<format>`, the date of the export (UTC). */
  fileName: string;
  contentType: string;
  /** The document, a page of rows per chunk. */
  chunks: AsyncGenerator<string>;
}

/**
 * Opens an export. The first page is read before this resolves, so a failing read becomes an
 * ordinary error response rather than a truncated download; later pages are read as the consumer
 * pulls chunks.
 */
export async function openReport(
  deps: Deps,
  dataset: ReportDataset,
  format: ReportFormat,
): Promise<ReportStream> {
  const now = deps.clock.now();
  const definition = DATASETS[dataset];
  const pages = definition.pages(deps);
  const first = await pages.next();
  // CSV is read by people (every column, human ones included); JSON by programs (machine columns).
  const columns = format === 'csv' ? definition.columns : definition.columns.filter((c) => !c.human);
  const values = (row: unknown) => columns.map((c) => c.value(row, now));

  async function* csv(): AsyncGenerator<string> {
    yield csvRecord(columns.map((c) => c.name));
    if (first.done) return;
    yield first.value.map((row) => csvRecord(values(row))).join('');
    for await (const page of pages) yield page.map((row) => csvRecord(values(row))).join('');
  }

  async function* json(): AsyncGenerator<string> {
    yield `{"dataset":${JSON.stringify(dataset)},"generatedAt":${JSON.stringify(now.toISOString())},"columns":${JSON.stringify(columns.map((c) => c.name))},"items":[`;
    let separator = '';
    const encode = (page: unknown[]) =>
      page
        .map((row) => {
          const item = Object.fromEntries(columns.map((c) => [c.name, c.value(row, now)]));
          const out = separator + JSON.stringify(item);
          separator = ',';
          return out;
        })
        .join('');
    if (!first.done) {
      yield encode(first.value);
      for await (const page of pages) yield encode(page);
    }
    yield ']}';
  }

  return {
    dataset,
    format,
    fileName: `${dataset}-${now.toISOString().slice(0, 10)}.${format}`,
    contentType:
      format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
    chunks: format === 'csv' ? csv() : json(),
  };
}
