/** `assessments show` and `assessments clarify` as a user runs them, against the real local runtime. */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Run, runNode } from '../support/child.ts';
import { submittedVendor } from '../support/review-desk.ts';
import { useTestRuntime } from '../support/runtime.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const rt = useTestRuntime();

function cli(args: string[]): Promise<Run> {
  const { BAA_TOKEN: _t, BAA_EMAIL: _e, ...base } = process.env;
  return runNode(join(ROOT, 'bin/cli.ts'), args, {
    cwd: mkdtempSync(join(tmpdir(), 'baa-guard-cli-')),
    env: { ...base, BAA_API_URL: rt.appUrl },
  });
}

describe('assessments show / clarify', () => {
  it('shows the answers by domain with evidence hashes, filters to gaps, and asks the vendor', async () => {
    const v = await submittedVendor(rt, 'Cli Desk Co', 'cli-desk@vendor.example', { 'enc-at-rest': 'no' });
    const all = await cli(['assessments', 'show', v.assessmentId]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('Encryption — ');
    const sha = createHash('sha256').update(v.fileBytes).digest('hex');
    expect(all.stdout).toContain(`file: soc2-report.txt, ${v.fileBytes.byteLength} bytes, sha256 ${sha}`);
    expect(all.stdout).toMatch(/not asked \(Asked only when/);

    const gaps = await cli(['assessments', 'show', v.assessmentId, '--only', 'gaps']);
    expect(gaps.code).toBe(0);
    expect(gaps.stdout).toContain('[enc-at-rest]: No  (critical, GAP)');
    expect(gaps.stdout).not.toContain('[enc-in-transit]');

    const json = await cli(['assessments', 'show', v.assessmentId, '--json']);
    expect(JSON.parse(json.stdout).assessmentId).toBe(v.assessmentId);

    const bad = await cli(['assessments', 'clarify', v.assessmentId, 'enc-at-rest']);
    expect(bad.code).toBe(2);
    const asked = await cli([
      'assessments',
      'clarify',
      v.assessmentId,
      'enc-at-rest=Which systems hold PHI unencrypted?',
      'access-termination=How fast is access removed?',
    ]);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toMatch(/Asked the vendor about 2 answer\(s\)/);
    const mails = (await rt.emailsTo('cli-desk@vendor.example')).filter((e) =>
      e.subject.includes('questions about'),
    );
    expect(mails).toHaveLength(1);
    const notAsked = await cli(['assessments', 'clarify', v.assessmentId, 'dev-sbom=Do you have an SBOM?']);
    expect(notAsked.code).toBe(1);
  });
});
