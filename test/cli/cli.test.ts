/**
 * The CLI as a user runs it: a child process `node bin/cli.ts …` against the real local runtime,
 * asserting what it prints and the exit codes scripts rely on.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../cli/csv.ts';
import { type Run, runNode } from '../support/child.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let rt: TestRuntime;
let dir: string;

beforeAll(async () => {
  rt = await startTestRuntime();
  dir = mkdtempSync(join(tmpdir(), 'baa-guard-cli-'));
});
afterAll(async () => {
  await rt?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI like a user would, with the API URL in the environment and no token. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { BAA_TOKEN: _t, BAA_EMAIL: _e, ...base } = process.env;
  return runNode(join(ROOT, 'bin/cli.ts'), args, {
    cwd: dir,
    env: { ...base, BAA_API_URL: rt.appUrl, ...env },
  });
}

async function closedPort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

const HEADER =
  'name,contactName,contactEmail,services,businessOwnerEmail,handlesPhi,medicalDevice,systemAccess,recordVolume,criticalClinicalFunction';
/** Three good rows (a quoted comma, a multi-service list, yes/no booleans) and two bad ones, as Excel saves them. */
const FIXTURE = `\uFEFF${[
  HEADER,
  '"Acme Imaging, Inc.",Jo Vendor,jo@acme.example,"Cloud PACS hosting;Teleradiology",owner@example.org,true,false,user,10k_to_100k,true',
  'Gamma Shifts,Gil Ray,gil@gamma.example,Staff scheduling,ops@example.org,no,no,none,none,',
  'Bad Mail Co,Bea,not-an-email,Billing,owner@example.org,true,false,user,under_500,false',
  'Delta Devices,Dee,dee@delta.example,Infusion pumps,biomed@example.org,true,true,user,500_to_10k,false',
  'Wrong Access Ltd,Wu,wu@wrong.example,Lab interface,owner@example.org,true,false,root,none,false',
].join('\r\n')}\r\n`;

describe('help and usage errors', () => {
  it('prints the help with commands, examples and exit codes, exit 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('vendors import <file.csv>');
    expect(run.stdout).toContain('Exit codes');
    expect(run.stdout).toMatch(/5 {2}the API is unreachable/);
    expect(run.stdout).toContain('Examples:');
  });

  it('prints a command help with its options and examples, exit 0', async () => {
    const run = await cli(['decide', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: baa-guard decide <vendorId> <decision> [options]');
    expect(run.stdout).toContain('--condition <text>');
    expect(run.stdout).toContain('baa-guard decide v_');
    // Every gate the API's /vendors/{id}/gates can return, in words (written out here on purpose;
    // found walking the product: the annual verification and offshore review gates were missing).
    for (const gate of [
      /Assessment reviewed/,
      /reassessment period/,
      /Signed BAA in force \(cannot be set aside\)/,
      /Annual verification of technical safeguards/,
      /Offshore data reviewed by compliance/,
      /No unresolved critical finding/,
      /Conditions listed/,
      /Reason given/,
    ]) {
      expect(run.stdout).toMatch(gate);
    }
    expect(run.stdout.split('Arguments:')[0]).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
  });

  it('refuses an unknown command with a hint, exit 2', async () => {
    const run = await cli(['vendor', 'lst']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command "vendor lst"');
    expect(run.stderr).toContain('Hint: Did you mean "vendors list"?');
    expect(run.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  it('refuses an unknown option and a missing argument, exit 2', async () => {
    const option = await cli(['vendors', 'list', '--stag', 'intake']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Unknown option --stag');
    expect(option.stderr).toContain('Did you mean --stage?');
    const missing = await cli(['vendors', 'import']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing <file.csv>');
  });
});

describe('against the API', () => {
  let ids: Record<string, string> = {};

  it('imports a CSV: good rows registered, bad rows reported by row and field, exit 3', async () => {
    writeFileSync(join(dir, 'vendors.csv'), FIXTURE);
    const run = await cli(['vendors', 'import', 'vendors.csv', '--errors', 'rejected.csv']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('3 registered, 2 failed');
    expect(run.stdout).toMatch(/^4\s+contactEmail\s+"not-an-email" is not an email address/m);
    expect(run.stdout).toMatch(/^6\s+systemAccess\s+"root": use one of none, user, privileged/m);
    expect(run.stderr).toMatch(/\[3\/3\] row \d/); // plain progress lines when stderr is not a terminal
    expect(run.stderr).toMatch(/row \d Gamma Shifts: low tier/);
    expect(run.stdout).toMatch(/Gamma Shifts\s+Low tier\s+Not required/);

    const report = parseCsv(readFileSync(join(dir, 'rejected.csv'), 'utf8'));
    expect(report[0]).toEqual(['row', 'field', 'message', 'name']);
    expect(report.slice(1).map(([row, field]) => [row, field])).toEqual([
      ['4', 'contactEmail'],
      ['6', 'systemAccess'],
    ]);
  });

  it('lists vendors as JSON, exit 0', async () => {
    const run = await cli(['vendors', 'list', '--json']);
    expect(run.code).toBe(0);
    const vendors = JSON.parse(run.stdout) as {
      id: string;
      name: string;
      tier: string;
      baaRequired: boolean;
    }[];
    expect(vendors.map((v) => v.name).sort()).toEqual([
      'Acme Imaging, Inc.',
      'Delta Devices',
      'Gamma Shifts',
    ]);
    ids = Object.fromEntries(vendors.map((v) => [v.name, v.id]));
    expect(vendors.find((v) => v.name === 'Gamma Shifts')).toMatchObject({ tier: 'low', baaRequired: false });
    const staged = await cli(['vendors', 'list', '--stage', 'decided', '--json']);
    expect(JSON.parse(staged.stdout)).toEqual([]);
  });

  it('prints each failed gate when a decision is refused, exit 1', async () => {
    const run = await cli(['decide', ids['Acme Imaging, Inc.']!, 'approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The decision was refused');
    expect(run.stderr).toContain('409 gate_failed');
    expect(run.stderr).toMatch(/✗ Signed BAA in force: The vendor handles PHI/);
    expect(run.stderr).toMatch(/✗ Assessment reviewed: /);
    expect(run.stderr).not.toMatch(/✗ [a-z]+_/);
  });

  // Words, not enums: what each command prints for people (--json keeps the machine values).
  // No snake_case token anywhere; table cells and labelled fields are never a bare lowercase code.
  const SNAKE = /\b[a-z]+_[a-z_]+\b/;
  const CODE = /^[a-z_]+$/;
  const WORDS: [command: string, args: (ids: Record<string, string>) => string[], expected: RegExp[]][] = [
    [
      'vendors list',
      () => ['vendors', 'list'],
      [
        /Gamma Shifts\s+Low tier\s+Intake\s+Not required/,
        /Acme Imaging, Inc\.\s+\w+ tier\s+Intake\s+Sent to vendor/,
      ],
    ],
    [
      'vendors list --stage',
      () => ['vendors', 'list', '--stage', 'in_remediation'],
      [/No vendors at stage in remediation\./],
    ],
    [
      'vendors show',
      (ids) => ['vendors', 'show', ids['Acme Imaging, Inc.']!],
      [/Tier:\s+Critical tier/, /Stage:\s+Intake/, /BAA:\s+Sent to vendor/, /✗ Signed BAA in force: /],
    ],
  ];
  it.each(WORDS)('%s prints words, not enum values', async (_name, args, expected) => {
    const run = await cli(args(ids));
    expect(run.code).toBe(0);
    for (const pattern of expected) expect(run.stdout).toMatch(pattern);
    const text = run.stdout.replace(/\bv_\w+/g, 'ID');
    expect(text, run.stdout).not.toMatch(SNAKE);
    for (const line of text.split('\n')) {
      // Table cells (two or more spaces apart) and "Label: value" fields.
      const cells = line.includes(':') ? [line.slice(line.indexOf(':') + 1).trim()] : line.split(/\s{2,}/);
      for (const cell of cells) expect(cell, line).not.toMatch(CODE);
    }
  });

  it('launches an assessment and runs the local helpers, exit 0', async () => {
    const assess = await cli(['assess', ids['Gamma Shifts']!, '--wait', '--json']);
    expect(assess.code).toBe(0);
    expect(JSON.parse(assess.stdout)).toMatchObject({ vendorId: ids['Gamma Shifts'], status: 'sent' });
    const clock = await cli(['clock', 'advance', '1']);
    expect(clock.code).toBe(0);
    expect(clock.stdout).toContain('The product clock now reads');
    const sweep = await cli(['sweep']);
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toMatch(/^Sweep SUCCEEDED/);
    expect(sweep.stdout).not.toMatch(/\b[a-z]+_[a-z_]+\b|level-\d|reminder-\d/);
  });

  it('reports 401 for a bad token and 403 for the wrong role, exit 4', async () => {
    const bad = await cli(['vendors', 'list', '--token', 'not-a-jwt']);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('401 unauthenticated');
    const wrongRole = await cli(['assess', ids['Delta Devices']!, '--as', 'compliance']);
    expect(wrongRole.code).toBe(4);
    expect(wrongRole.stderr).toContain('403 forbidden');
    expect(wrongRole.stderr).toContain('--as');
  });

  it('says how to start the API when it is unreachable, exit 5', async () => {
    const run = await cli(['vendors', 'list', '--api', `http://127.0.0.1:${await closedPort()}`]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('Cannot reach the API');
    expect(run.stderr).toContain('npm start');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  // These two rest on GET /reports/{dataset} and GET /vendors/{id}/audit/verify.
  it('exports a dataset as CSV to a file, exit 0', async () => {
    const run = await cli(['export', 'vendors', '--format', 'csv', '--out', 'vendors-export.csv']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Wrote vendors \(\d+ rows?, csv\) to vendors-export\.csv/);
    expect(existsSync(join(dir, 'vendors-export.csv'))).toBe(true);
    const rows = parseCsv(readFileSync(join(dir, 'vendors-export.csv'), 'utf8'));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.flat()).toContain('Delta Devices');
  });

  it('verifies every audit chain, exit 0', async () => {
    const run = await cli(['audit', 'verify']);
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 audit trails verified: every chain is intact.');
    const one = await cli(['audit', 'verify', ids['Delta Devices']!, '--json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ ok: true, vendors: 1, withProblems: 0 });
  });

  it('re-rates reviewed assessments as compliance (a dry run writes nothing); procurement is refused', async () => {
    const dry = await cli(['ratings', 'recompute', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: 0 of 0 reviewed assessments would change; nothing was written\./);
    const refused = await cli(['ratings', 'recompute', '--as', 'procurement']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('403');
    const json = await cli(['ratings', 'recompute', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: false, examined: 0, changed: 0 });
  });
});
