/**
 * cdk-nag's AwsSolutions and HIPAA Security packs pass over the whole app, as on every `npm run
 * synth`: each finding is either fixed or acknowledged with a reason a reviewer can judge. On
 * failure the test lists each open rule id with the construct path to fix (or acknowledge).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  App,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '#infra/build-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKS = ['AwsSolutions', 'HIPAA.Security'];
const MIN_REASON_LENGTH = 20;

/** The shape of `<outdir>/validation-report.json` that these tests read. */
interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: 'success' | 'failure';
    metadata?: Record<string, unknown>;
    violations: {
      ruleName: string;
      severity: string;
      description: string;
      violatingConstructs: { constructPath: string }[];
    }[];
  }[];
}

interface Run {
  app: App;
  outdir: string;
  error?: Error;
  report?: ValidationReport;
  /** What each pack returned: a clean pack is left out of the report file, so this is the proof it ran. */
  packResults: Map<string, PolicyValidationPluginReport>;
}

/** Wraps a pack so the test sees that it ran and what it found; validation itself is the pack's. */
function recorded(pack: IPolicyValidationPlugin, results: Map<string, PolicyValidationPluginReport>) {
  const plugin: IPolicyValidationPlugin = {
    name: pack.name,
    version: pack.version,
    ruleIds: pack.ruleIds,
    validate(context: IPolicyValidationContext) {
      const result = pack.validate(context);
      results.set(pack.name, result);
      return result;
    },
  };
  return plugin;
}

/** Adds both packs to the app, synthesizes and keeps the error (if any) and the report. */
function synthWithPacks(app: App, outdir: string): Run {
  const packResults = new Map<string, PolicyValidationPluginReport>();
  Validations.of(app).addPlugins(
    recorded(new AwsSolutionsChecks(app), packResults),
    recorded(new HIPAASecurityChecks(app), packResults),
  );
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport)
    : undefined;
  return { app, outdir, error, report, packResults };
}

/** `rule-id (severity) at construct/path` for every violation nobody fixed or acknowledged. */
function openFindings(run: Run): string[] {
  const fromReport = (run.report?.pluginReports ?? []).flatMap((plugin) => [
    ...(plugin.metadata?.error ? [`${plugin.pluginName}: ${String(plugin.metadata.error)}`] : []),
    ...plugin.violations.flatMap((v) =>
      v.violatingConstructs.map(
        (c) => `${v.ruleName} (${v.severity}) at ${c.constructPath}: ${v.description}`,
      ),
    ),
  ]);
  // The thrown message names the report; without a report it is the only clue.
  if (fromReport.length === 0 && run.error) return [run.error.message];
  return fromReport;
}

const tempDirs: string[] = [];
const newOutdir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baa-guard-nag-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('cdk-nag over the product app', () => {
  let run: Run;
  beforeAll(() => {
    const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
      context?: Record<string, unknown>;
    };
    const outdir = newOutdir();
    const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    buildApp(app);
    run = synthWithPacks(app, outdir);
  });

  it('synthesizes: every AwsSolutions and HIPAA Security finding is fixed or acknowledged', () => {
    const open = openFindings(run);
    expect(
      open,
      `unacknowledged findings — fix them or acknowledge with a reason:\n${open.join('\n')}`,
    ).toEqual([]);
    expect(run.error?.message).toBeUndefined();
  });

  it('runs both packs over the stack', () => {
    // The report file lists only plugins that found something (open or acknowledged), so a clean
    // pack is absent from it; the recorded results show that each pack ran and passed.
    expect([...run.packResults.keys()].sort()).toEqual([...PACKS].sort());
    for (const pack of PACKS) {
      expect(run.packResults.get(pack)?.success, `${pack} did not pass`).toBe(true);
    }
    expect(run.report, 'synth wrote no validation-report.json').toBeDefined();
    for (const plugin of run.report!.pluginReports.filter((p) => PACKS.includes(p.pluginName))) {
      expect(plugin.conclusion, `${plugin.pluginName} concluded ${plugin.conclusion}`).toBe('success');
    }
  });

  it('gives every acknowledgement a reason a reviewer can judge', () => {
    const acknowledgements = run.app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, unknown>).map(([rule, reason]) => ({
            at: `${construct.node.path} ${rule}`,
            reason: typeof reason === 'string' ? reason.trim() : '',
          })),
        ),
    );
    expect(
      acknowledgements.length,
      'no acknowledgements found: is the metadata key still read?',
    ).toBeGreaterThan(0);
    const unexplained = acknowledgements.filter((a) => a.reason.length < MIN_REASON_LENGTH).map((a) => a.at);
    expect(unexplained, `acknowledgements with a reason under ${MIN_REASON_LENGTH} characters`).toEqual([]);
  });
});

describe('the cdk-nag gate', () => {
  it('fails the synth on a finding that is neither fixed nor acknowledged', () => {
    // Prepare: a throwaway stack with a plain bucket (no KMS, no TLS policy, no access logs).
    const outdir = newOutdir();
    const app = new App({ outdir });
    new s3.Bucket(new Stack(app, 'Throwaway'), 'Plain');
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {}); // CDK prints the report too

    // Act
    let run: Run;
    try {
      run = synthWithPacks(app, outdir);
    } finally {
      quiet.mockRestore();
    }

    // Assess: synth threw, and the report names both packs and the unencrypted bucket.
    expect(run.error, 'an unencrypted bucket passed both packs').toBeDefined();
    const open = openFindings(run);
    expect(open).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^HIPAA\.Security-S3DefaultEncryptionKMS \(error\) at Throwaway\/Plain\/Resource/,
        ),
        expect.stringMatching(/^AwsSolutions-S10 \(error\) at Throwaway\/Plain\/Resource/),
      ]),
    );
    const failed = run
      .report!.pluginReports.filter((p) => p.conclusion === 'failure')
      .map((p) => p.pluginName);
    expect(failed.sort()).toEqual([...PACKS].sort());
  });
});
