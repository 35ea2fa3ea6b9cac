/**
 * `vendors import` with the optional data-location and insurance columns (issue 15 item 6): names
 * or codes separated by ";", yes/no/unknown answers; the old ten-column file still imports; a bad
 * country is reported by row and column; what was imported reaches the vendor record.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorFromRow } from '../../cli/commands/vendors.ts';
import { type Run, runNode } from '../support/child.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let rt: TestRuntime;
let dir: string;

beforeAll(async () => {
  rt = await startTestRuntime();
  dir = mkdtempSync(join(tmpdir(), 'baa-guard-import-intake-'));
});
afterAll(async () => {
  await rt?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<Run> {
  const { BAA_TOKEN: _t, BAA_EMAIL: _e, ...base } = process.env;
  return runNode(join(ROOT, 'bin/cli.ts'), args, { cwd: dir, env: { ...base, BAA_API_URL: rt.appUrl } });
}

const row = (extra: Record<string, string>) => ({
  name: 'Row Co',
  contactName: 'Ro',
  contactEmail: 'ro@row.example',
  services: 'Hosting',
  businessOwnerEmail: 'owner@example.org',
  handlesPhi: 'true',
  medicalDevice: 'false',
  systemAccess: 'user',
  recordVolume: 'none',
  ...extra,
});

describe('the data-location and insurance columns of a row', () => {
  it.each([
    ['all empty: not recorded', {}, { ok: true, intake: {} }],
    [
      'names and codes, ";" separated',
      { vendorCountries: 'United States; india', subcontractorCountries: 'IE', offshoreSupport: 'Unknown' },
      {
        ok: true,
        intake: {
          dataLocation: {
            vendorCountries: ['US', 'IN'],
            subcontractorCountries: ['IE'],
            offshoreSupport: 'unknown',
          },
        },
      },
    ],
    [
      'insurance with a dollar limit',
      { cyberInsurance: 'yes', insuranceCarrier: 'Beazley', insuranceLimitUsd: '$2,000,000' },
      { ok: true, intake: { cyberInsurance: { carries: 'yes', carrier: 'Beazley', limitUsd: 2_000_000 } } },
    ],
    [
      'an unknown country',
      { vendorCountries: 'US;Narnia', offshoreSupport: 'no' },
      { ok: false, fields: ['vendorCountries'] },
    ],
    ['support missing', { vendorCountries: 'US' }, { ok: false, fields: ['offshoreSupport'] }],
    ['countries missing', { offshoreSupport: 'no' }, { ok: false, fields: ['vendorCountries'] }],
    [
      'a bad limit',
      { cyberInsurance: 'yes', insuranceLimitUsd: 'lots' },
      { ok: false, fields: ['insuranceLimitUsd'] },
    ],
    ['insurance answer missing', { insuranceCarrier: 'Beazley' }, { ok: false, fields: ['cyberInsurance'] }],
  ] as const)('%s', (_name, extra, expected) => {
    const result = vendorFromRow(row(extra));
    if (expected.ok) {
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.body.intake).toMatchObject(expected.intake);
      if (result.ok && !('dataLocation' in expected.intake))
        expect(result.body.intake).not.toHaveProperty('dataLocation');
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(expected.fields);
    }
  });
});

describe('vendors import with the new columns', () => {
  it('imports the columns, keeps the old layout working, reports a bad country by row and column', async () => {
    const header =
      'name,contactName,contactEmail,services,businessOwnerEmail,handlesPhi,medicalDevice,systemAccess,recordVolume,vendorCountries,subcontractorCountries,offshoreSupport,cyberInsurance,insuranceCarrier,insuranceLimitUsd';
    writeFileSync(
      join(dir, 'offshore.csv'),
      `${[
        header,
        'Scribe Abroad,Sam,sam@scribe.example,Transcription,owner@example.org,true,false,user,500_to_10k,US;India,Ireland,yes,yes,Beazley,"5,000,000"',
        'Quiet Host,Quin,quin@quiet.example,Hosting,owner@example.org,true,false,user,none,,,,,,',
        'Narnia Cloud,Nat,nat@narnia.example,Hosting,owner@example.org,true,false,user,none,Narnia,,no,,,',
      ].join('\n')}\n`,
    );
    const run = await cli(['vendors', 'import', 'offshore.csv', '--json']);
    expect(run.code, run.stderr).toBe(3);
    const result = JSON.parse(run.stdout);
    expect(result.failed).toEqual([
      expect.objectContaining({ row: 4, field: 'vendorCountries', name: 'Narnia Cloud' }),
    ]);
    const byName = Object.fromEntries(
      result.registered.map((r: { name: string; id: string }) => [r.name, r.id] as const),
    );
    const scribe = await rt.api('GET', `/vendors/${byName['Scribe Abroad']}`, { role: 'procurement' });
    expect(scribe.json.intake.dataLocation).toEqual({
      vendorCountries: ['US', 'IN'],
      subcontractorCountries: ['IE'],
      offshoreSupport: 'yes',
    });
    expect(scribe.json.intake.cyberInsurance).toEqual({
      carries: 'yes',
      carrier: 'Beazley',
      limitUsd: 5_000_000,
    });
    const quiet = await rt.api('GET', `/vendors/${byName['Quiet Host']}`, { role: 'procurement' });
    expect(quiet.json.intake.dataLocation).toBeUndefined();
  });
});

describe('vendors register', () => {
  const flags = [
    '--name',
    'Flag Scribe',
    '--contact-name',
    'Fay',
    '--contact-email',
    'fay@flag-scribe.example',
    '--service',
    'Transcription',
    '--owner-email',
    'owner@example.org',
    '--phi',
    'yes',
    '--device',
    'no',
    '--access',
    'user',
    '--volume',
    'under_500',
  ];

  it('registers one vendor with its data location and prints the countries in words, exit 0', async () => {
    const run = await cli([
      'vendors',
      'register',
      ...flags,
      '--countries',
      'US,India',
      '--subcontractor-countries',
      'Philippines',
      '--offshore-support',
      'no',
      '--insurance',
      'unknown',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Registered Flag Scribe');
    expect(run.stdout).toContain(
      'Data stored or processed in United States, India; subcontractors in Philippines.',
    );
    const id = run.stdout.match(/\((v_\w+)\)/)![1]!;
    const vendor = await rt.api('GET', `/vendors/${id}`, { role: 'procurement' });
    expect(vendor.json.intake.dataLocation).toEqual({
      vendorCountries: ['US', 'IN'],
      subcontractorCountries: ['PH'],
      offshoreSupport: 'no',
    });
    expect(vendor.json.intake.cyberInsurance).toEqual({ carries: 'unknown' });
  });

  it('names each bad flag (an unknown country, a missing answer), exit 2, nothing registered', async () => {
    const run = await cli(['vendors', 'register', ...flags.slice(0, 2), '--countries', 'Narnia']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--countries "Narnia" is not a country');
    expect(run.stderr).toContain('--offshore-support empty: use yes, no or unknown');
    expect(run.stderr).toContain('--contact-name is required');
  });
});
