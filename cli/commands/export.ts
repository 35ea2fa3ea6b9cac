/** `export`: a report dataset (vendors, findings, BAAs, decisions) as CSV or JSON, to stdout or a file. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext, CommandSpec, OptionValues } from '../../bin/cli.ts';
import { plural } from '../../shared/labels.ts';
import { CliError, EXIT, type ExitCode, usageError } from '../api-client.ts';
import { CsvError, parseCsv } from '../csv.ts';

export const DATASETS = ['vendors', 'findings', 'baas', 'decisions'] as const;
const FORMATS = ['csv', 'json'];

/** Rows in an export body: CSV records after the header, or the items of a JSON list. */
export function countRows(format: string, text: string): number | undefined {
  try {
    if (format === 'csv') return Math.max(0, parseCsv(text).length - 1);
    const body = JSON.parse(text) as unknown;
    if (Array.isArray(body)) return body.length;
    const items =
      (body as { items?: unknown; rows?: unknown } | null)?.items ?? (body as { rows?: unknown })?.rows;
    return Array.isArray(items) ? items.length : undefined;
  } catch (error) {
    if (error instanceof CsvError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

async function exportDataset(ctx: CommandContext, dataset: string, values: OptionValues): Promise<ExitCode> {
  if (!(DATASETS as readonly string[]).includes(dataset)) {
    throw usageError(`"${dataset}" is not a dataset`, `Use one of: ${DATASETS.join(', ')}.`);
  }
  const format = (values.format as string | undefined) ?? (ctx.json ? 'json' : 'csv');
  if (!FORMATS.includes(format))
    throw usageError(`--format "${format}" is not supported`, 'Use csv or json.');
  const res = await ctx.client.request('GET', `/reports/${dataset}`, {
    query: { format },
    accept: format === 'csv' ? 'text/csv' : 'application/json',
  });
  const out = values.out as string | undefined;
  if (!out) {
    ctx.write(res.text.endsWith('\n') || res.text === '' ? res.text : `${res.text}\n`);
    return EXIT.ok;
  }
  try {
    writeFileSync(resolve(ctx.cwd, out), res.text);
  } catch (error) {
    throw new CliError(`Cannot write ${out}: ${(error as Error).message}`, EXIT.failed);
  }
  const rows = countRows(format, res.text);
  if (ctx.json)
    ctx.out(JSON.stringify({ dataset, format, file: out, rows: rows ?? null, bytes: res.text.length }));
  else
    ctx.out(
      `Wrote ${dataset} (${rows === undefined ? `${res.text.length} bytes` : plural(rows, 'row')}, ${format}) to ${out}`,
    );
  return EXIT.ok;
}

export const exportCommands: CommandSpec[] = [
  {
    path: ['export'],
    summary: 'Export a report: vendors, findings, baas or decisions, as CSV or JSON',
    description:
      'Reads GET /reports/<dataset>?format=csv|json and writes it to stdout, or to --out. Without\n--format the format is csv (json with --json).',
    args: [{ name: 'dataset', required: true, description: DATASETS.join(' | ') }],
    options: {
      format: { type: 'string', placeholder: '<csv|json>', description: 'Output format (default csv)' },
      out: { type: 'string', placeholder: '<file>', description: 'Write to this file instead of stdout' },
    },
    examples: [
      'baa-guard export vendors --out vendors.csv',
      'baa-guard export findings --format json --out findings.json',
      'baa-guard export baas > baa-register.csv',
    ],
    defaultRole: () => 'compliance',
    run: (ctx, { args, values }) => exportDataset(ctx, args[0]!, values),
  },
];
