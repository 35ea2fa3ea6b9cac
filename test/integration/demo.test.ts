/**
 * `npm run demo -- --exit` end to end: it starts its own runtime (PORT=0 and friends, a throwaway
 * DATA_DIR), walks the whole tour through the HTTP API and exits 0 with the summary table.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../support/child.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'baa-guard-demo-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function runDemo() {
  const { BAA_API_URL: _api, BAA_INBOX_URL: _inbox, ...base } = process.env;
  return runNode(join(ROOT, 'local/demo.ts'), ['--exit'], {
    cwd: ROOT,
    env: { ...base, DATA_DIR: dataDir, PORT: '0', INBOX_PORT: '0', DYNAMODB_PORT: '0', S3_PORT: '0' },
    timeoutMs: 115_000,
  });
}

describe('npm run demo', () => {
  it('tours the product on its own runtime and exits 0 with the summary of the four vendors', async () => {
    const run = await runDemo();
    expect(run.stderr).not.toContain('The demo stopped');
    expect(run.code).toBe(0);

    const out = run.stdout;
    expect(out).toContain(`data in ${join(dataDir, 'demo')}`);
    const table = out.slice(out.indexOf('Summary'));
    expect(table).toMatch(/vendor\s+tier\s+stage\s+score\s+findings open\s+BAA\s+decision/);
    expect(table).toMatch(/Brightside Scheduling\s+low\s+decided\s+100\s+0\s+not required\s+approve\b/);
    expect(table).toMatch(/Northwind Cloud EHR\s+\w+\s+in_remediation\s+\d+\s+1\s+signed\s+—/);
    expect(table).toMatch(
      /Pulse Infusion Systems\s+\w+\s+decided\s+\d+\s+\d+\s+signed\s+approve_with_conditions/,
    );
    expect(table).toMatch(
      /Quietline Transcription\s+\w+\s+assessment_sent\s+—\s+0\s+sent\s+refused \(gates\)/,
    );

    // A knock-out answer is rated by its findings, not by the score band alone.
    expect(out).toMatch(/Northwind Cloud EHR: knock-out answer to enc-at-rest/);
    expect(out).toMatch(
      /proposed needs review: Knock-out answer \(needs review\): ePHI is not encrypted at rest/,
    );
    expect(out).toMatch(
      /residual rating critical: .*unresolved critical findings? sets? a floor of critical/,
    );

    // The deadline ladder and the gate refusal were shown on the way.
    expect(out).toMatch(/day {2}7: .*\n\s+"Reminder: the security questionnaire for Quietline Transcription/);
    expect(out).toMatch(/The security questionnaire of Quietline Transcription is due today — escalated/);
    expect(out).toMatch(/Signed BAA in force: The vendor handles PHI/);
    // The offshore PHI vendor: compliance reviewed one, the other is held at the gate (policy).
    expect(out).toContain('Pulse Infusion Systems: offshore data review accepted');
    expect(out).toMatch(/Quietline Transcription.*data in United States, India, Philippines/);
    expect(out).toMatch(
      /Offshore data reviewed by compliance \(policy\): Our data is kept or reachable outside the United States \(the vendor stores or processes our data in India; its subcontractors store or process our data in Philippines/,
    );
    expect(out).toContain('/console');
    expect(out).toContain('npm run cli -- audit verify');
    expect(out).toContain('Tour finished');
  }, 120_000);
});
