/** `vendors import`: register vendors in bulk from a CSV file (`list` and `show`: vendor-views.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext, CommandSpec, OptionValues } from '../../bin/cli.ts';
import { BAA_STATUS_LABELS, labelOf, plural, TIER_LABELS } from '../../shared/labels.ts';
import { CliError, EXIT, type ExitCode, usageError } from '../api-client.ts';
import { CsvError, formatTable, parseCsvRecords, writeCsv } from '../csv.ts';
import {
  extraColumnOf,
  INTAKE_EXTRA_COLUMNS,
  type IntakeExtras,
  intakeExtrasFromRow,
} from '../intake-columns.ts';
import { createProgress, mapBounded } from '../progress.ts';
import { vendorViewCommands } from './vendor-views.ts';

/** Columns of the import file, in the order the template lists them. */
export const IMPORT_COLUMNS = [
  'name',
  'contactName',
  'contactEmail',
  'services',
  'businessOwnerEmail',
  'handlesPhi',
  'medicalDevice',
  'systemAccess',
  'recordVolume',
  'criticalClinicalFunction',
  ...INTAKE_EXTRA_COLUMNS,
] as const;
const REQUIRED_COLUMNS = IMPORT_COLUMNS.slice(0, 9);
const SYSTEM_ACCESS = ['none', 'user', 'privileged'];
const RECORD_VOLUME = ['none', 'under_500', '500_to_10k', '10k_to_100k', 'over_100k'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
/** Registrations in flight at once: enough to be quick, few enough not to crowd the API. */
const CONCURRENCY = 4;

export interface RowError {
  row: number;
  field: string;
  message: string;
  name: string;
}

export interface RegisterVendorBody {
  name: string;
  contactName: string;
  contactEmail: string;
  services: string[];
  businessOwnerEmail: string;
  intake: {
    handlesPhi: boolean;
    medicalDevice: boolean;
    systemAccess: string;
    recordVolume: string;
    criticalClinicalFunction: boolean;
  } & IntakeExtras;
}

/**
 * Checks one row's shape (the API stays the judge of everything else) and builds the request.
 * Returns every problem of the row, one per field, so the user fixes a row in one go.
 */
export function vendorFromRow(
  values: Record<string, string>,
): { ok: true; body: RegisterVendorBody } | { ok: false; errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const text = (field: string, max = 200) => {
    const v = (values[field] ?? '').trim();
    if (!v) errors.push({ field, message: 'is required' });
    else if (v.length > max) errors.push({ field, message: `is longer than ${max} characters` });
    return v;
  };
  const email = (field: string) => {
    const v = text(field, 254);
    if (v && !EMAIL.test(v)) errors.push({ field, message: `"${v}" is not an email address` });
    return v;
  };
  const bool = (field: string, fallback?: boolean) => {
    const v = (values[field] ?? '').trim().toLowerCase();
    if (!v && fallback !== undefined) return fallback;
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    errors.push({ field, message: v ? `"${values[field]}" is not true/false (or yes/no)` : 'is required' });
    return false;
  };
  const oneOf = (field: string, allowed: readonly string[]) => {
    const v = (values[field] ?? '').trim();
    if (!allowed.includes(v)) {
      errors.push({ field, message: `${v ? `"${v}"` : 'empty'}: use one of ${allowed.join(', ')}` });
    }
    return v;
  };

  const name = text('name');
  const contactName = text('contactName');
  const contactEmail = email('contactEmail');
  const services = (values.services ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  if (services.length === 0)
    errors.push({ field: 'services', message: 'is required (separate several with ";")' });
  else if (services.length > 20) errors.push({ field: 'services', message: 'lists more than 20 services' });
  else if (services.some((s) => s.length > 200)) {
    errors.push({ field: 'services', message: 'has a service longer than 200 characters' });
  }
  const businessOwnerEmail = email('businessOwnerEmail');
  const intake = {
    handlesPhi: bool('handlesPhi'),
    medicalDevice: bool('medicalDevice'),
    systemAccess: oneOf('systemAccess', SYSTEM_ACCESS),
    recordVolume: oneOf('recordVolume', RECORD_VOLUME),
    criticalClinicalFunction: bool('criticalClinicalFunction', false),
    ...intakeExtrasFromRow(values, errors),
  };
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, body: { name, contactName, contactEmail, services, businessOwnerEmail, intake } };
}

/** The CSV column an API validation path refers to (`intake.handlesPhi` → `handlesPhi`). */
function columnOf(path: unknown): string {
  if (typeof path !== 'string' || !path) return '(row)';
  const [first, second] = path.split('.');
  const extra = extraColumnOf(path.split('.'));
  if (extra) return extra;
  if (first === 'intake' && second) return second;
  if (first === 'services') return 'services';
  return first ?? '(row)';
}

function readImportFile(file: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable');
    throw usageError(
      `Cannot read ${file}: ${why}`,
      'Give the path of a CSV file: baa-guard vendors import <file.csv>',
    );
  }
}

function writeOut(file: string, cwd: string, content: string) {
  try {
    writeFileSync(resolve(cwd, file), content);
  } catch (error) {
    throw new CliError(`Cannot write ${file}: ${(error as Error).message}`, EXIT.failed);
  }
}

const exitFor = (succeeded: number, failed: number): ExitCode =>
  failed === 0 ? EXIT.ok : succeeded === 0 ? EXIT.failed : EXIT.partial;

interface Registered {
  row: number;
  id: string;
  name: string;
  tier: string;
  baaRequired: boolean;
  baaStatus: string;
}

async function importVendors(ctx: CommandContext, file: string, values: OptionValues): Promise<ExitCode> {
  const text = readImportFile(file, ctx.cwd);
  let table: ReturnType<typeof parseCsvRecords>;
  try {
    table = parseCsvRecords(text, IMPORT_COLUMNS);
  } catch (error) {
    if (error instanceof CsvError)
      throw new CliError(`${file} is not valid CSV: ${error.message}`, EXIT.failed);
    throw error;
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !table.columns.includes(c));
  if (missing.length > 0) {
    throw new CliError(`${file} lacks the column(s): ${missing.join(', ')}`, EXIT.failed, {
      hint: `The first line must name the columns: ${IMPORT_COLUMNS.join(',')} (criticalClinicalFunction and the data-location and insurance columns after it are optional).`,
    });
  }
  const unknown = table.columns.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) ctx.err(`Note: ignoring unknown column(s): ${unknown.join(', ')}`);
  if (table.records.length === 0)
    throw new CliError(`${file} has a header but no rows to import`, EXIT.failed);

  const failed: RowError[] = [];
  const valid: { row: number; body: RegisterVendorBody }[] = [];
  for (const record of table.records) {
    const name = (record.values.name ?? '').trim();
    if (record.fieldCount > table.columns.length) {
      failed.push({
        row: record.row,
        field: '(row)',
        message: `has ${record.fieldCount} fields but the header has ${table.columns.length} (an unquoted comma?)`,
        name,
      });
      continue;
    }
    const result = vendorFromRow(record.values);
    if (result.ok) valid.push({ row: record.row, body: result.body });
    else for (const e of result.errors) failed.push({ row: record.row, ...e, name });
  }

  const registered: Registered[] = [];
  if (values['dry-run'] !== true && valid.length > 0) {
    const progress = createProgress(valid.length, { stream: ctx.progressStream, title: 'Registering' });
    try {
      await mapBounded(valid, CONCURRENCY, async ({ row, body }) => {
        try {
          const vendor = await ctx.client.json<{
            id: string;
            tier: string;
            baaRequired: boolean;
            baaStatus: string;
          }>('POST', '/vendors', { body });
          registered.push({ row, id: vendor.id, name: body.name, tier: vendor.tier, ...baaOf(vendor) });
          progress.tick(`row ${row} ${body.name}: ${labelOf(TIER_LABELS, vendor.tier).toLowerCase()}`);
        } catch (error) {
          // Authentication and reachability fail every row alike: stop instead of repeating them.
          if (
            !(error instanceof CliError) ||
            error.exitCode === EXIT.auth ||
            error.exitCode === EXIT.unreachable
          )
            throw error;
          const details = Array.isArray(error.details)
            ? (error.details as { path?: unknown; message?: unknown }[])
            : [];
          if (details.length === 0)
            failed.push({ row, field: '(row)', message: error.message, name: body.name });
          for (const d of details) {
            failed.push({
              row,
              field: columnOf(d.path),
              message: String(d.message ?? error.message),
              name: body.name,
            });
          }
          progress.tick(`row ${row} ${body.name}: failed`);
        }
      });
    } catch (error) {
      progress.done();
      if (error instanceof CliError && registered.length > 0) {
        throw new CliError(error.message, error.exitCode, {
          hint: error.hint,
          lines: [
            ...error.lines,
            `  (stopped after ${plural(registered.length, 'row')} ${registered.length === 1 ? 'was' : 'were'} registered)`,
          ],
          status: error.status,
          code: error.code,
        });
      }
      throw error;
    }
    progress.done();
  }

  registered.sort((a, b) => a.row - b.row);
  failed.sort((a, b) => a.row - b.row);
  const failedRows = new Set(failed.map((f) => f.row)).size;
  const okCount = values['dry-run'] === true ? valid.length : registered.length;
  if (typeof values.errors === 'string') {
    writeOut(
      values.errors,
      ctx.cwd,
      writeCsv(
        ['row', 'field', 'message', 'name'],
        failed.map((f) => [f.row, f.field, f.message, f.name]),
      ),
    );
  }

  if (ctx.json) {
    ctx.out(
      JSON.stringify(
        {
          dryRun: values['dry-run'] === true,
          registered,
          failed,
          summary: {
            rows: table.records.length,
            registered: registered.length,
            valid: valid.length,
            failed: failedRows,
          },
        },
        null,
        2,
      ),
    );
    return exitFor(okCount, failedRows);
  }
  if (registered.length > 0) {
    ctx.out(`Registered ${registered.length} vendor(s):`);
    ctx.out(
      formatTable(
        ['Row', 'Id', 'Name', 'Tier', 'BAA'],
        registered.map((r) => [
          r.row,
          r.id,
          r.name,
          labelOf(TIER_LABELS, r.tier),
          r.baaRequired ? labelOf(BAA_STATUS_LABELS, r.baaStatus) : 'Not required',
        ]),
      ),
    );
    ctx.out('');
  }
  if (failed.length > 0) {
    ctx.out(`${plural(failedRows, 'row')} failed (row 1 is the header):`);
    ctx.out(
      formatTable(
        ['row', 'field', 'message'],
        failed.map((f) => [f.row, f.field, f.message]),
        { maxWidth: 90 },
      ),
    );
    ctx.out('');
  }
  if (typeof values.errors === 'string') ctx.out(`Error report written to ${values.errors}`);
  ctx.out(
    values['dry-run'] === true
      ? `Dry run: ${plural(valid.length, 'row')} valid, ${failedRows} invalid; nothing registered`
      : `${registered.length} registered, ${failedRows} failed`,
  );
  return exitFor(okCount, failedRows);
}

const baaOf = (v: { baaRequired: boolean; baaStatus: string }) => ({
  baaRequired: v.baaRequired,
  baaStatus: v.baaStatus,
});

export const vendorCommands: CommandSpec[] = [
  {
    path: ['vendors', 'import'],
    summary: 'Register vendors from a CSV file, one POST /vendors per row',
    description: [
      `Columns (header row required, any order, names case-insensitive):`,
      `  ${IMPORT_COLUMNS.join(',')}`,
      '  services: several separated by ";" · handlesPhi, medicalDevice, criticalClinicalFunction: true/false',
      '  (or yes/no; the last column is optional, default false) · systemAccess: none, user, privileged',
      '  recordVolume: none, under_500, 500_to_10k, 10k_to_100k, over_100k',
      '  Optional data location and insurance: vendorCountries, subcontractorCountries: country names or',
      '  two-letter codes separated by ";" (e.g. US;IN) · offshoreSupport, cyberInsurance: yes, no or unknown',
      '  · insuranceCarrier: text · insuranceLimitUsd: whole dollars. Left empty: "not recorded".',
      'Each row is checked here first, then registered (4 at a time). Failed rows are listed at the end',
      'with row number (row 1 is the header), field and message; --errors writes them as CSV to fix and',
      're-import. The file may come from a spreadsheet: quotes, CRLF and a UTF-8 BOM are fine.',
    ].join('\n'),
    args: [{ name: 'file.csv', required: true, description: 'the CSV file to import' }],
    options: {
      errors: {
        type: 'string',
        placeholder: '<file.csv>',
        description: 'Also write the failed rows (row,field,message,name) here',
      },
      'dry-run': { type: 'boolean', description: 'Check every row, register nothing' },
    },
    examples: [
      'baa-guard vendors import vendors.csv',
      'baa-guard vendors import vendors.csv --errors rejected.csv',
      'baa-guard vendors import vendors.csv --dry-run',
      'baa-guard vendors import vendors.csv --json > result.json',
    ],
    exitNotes: ['3  some rows failed (the others were registered)', '1  no row could be registered'],
    run: (ctx, { args, values }) => importVendors(ctx, args[0]!, values),
  },
  ...vendorViewCommands,
];
