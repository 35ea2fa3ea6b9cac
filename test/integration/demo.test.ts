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
    // Words, never raw values (found walking the demo: "in_remediation", "approve_with_conditions").
    expect(table).toMatch(/Brightside Scheduling\s+Low tier\s+Decided\s+100\s+0\s+Not required\s+Approved\b/);
    expect(table).toMatch(/Northwind Cloud EHR\s+\w+ tier\s+In remediation\s+\d+\s+1\s+Signed\s+—/);
    expect(table).toMatch(
      /Pulse Infusion Systems\s+\w+ tier\s+Decided\s+\d+\s+\d+\s+Signed\s+Approved with conditions/,
    );
    expect(table).toMatch(
      /Quietline Transcription\s+\w+ tier\s+Assessment sent\s+—\s+0\s+Sent to vendor\s+Refused by the gates/,
    );
    const snake = out.match(/.{0,40}\b[a-z0-9]+_[a-z0-9_]+\b.{0,20}/g) ?? [];
    expect(snake, 'snake_case values in the tour').toEqual([]);
    // A refusal in words, not a status code (word boundaries: a random port like 40951 is not one).
    expect(out).not.toMatch(/SUCCEEDED|\b409\b/);
    // The signed BAA goes up as a PDF, as vendors send it, and its clauses are still found.
    expect(out).toMatch(
      /Northwind Cloud EHR\s+v1 Northwind-Cloud-EHR-BAA-signed\.pdf \(sha256 [0-9a-f]{12}…, (\d+)\/\1 clauses detected\)/,
    );

    // A knock-out answer is rated by its findings, not by the score band alone.
    expect(out).toMatch(/Northwind Cloud EHR: knock-out answer — “Encryption at rest: not in place”/);
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
