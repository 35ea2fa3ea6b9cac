/**
 * Deploy settings: a deploy with placeholders or wrong values stops before anything reaches AWS,
 * naming each setting; local mode, plain synth and the tests keep working on the defaults. Each
 * row below is one rule, written out here (not derived from the checker).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp, DeploySettingsError } from '#infra/build-app.ts';
import { type DeploymentSettings, isDeploy, settingsProblems } from '#infra/deploy-settings.ts';
import { runNode } from '../support/child.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const GOOD: DeploymentSettings = {
  organisation: 'Riverside Hospital',
  mailDomain: 'riverside-hospital.org',
  mailFrom: 'vendor-risk@riverside-hospital.org',
  procurementEmails: ['procurement@riverside-hospital.org'],
  complianceEmails: ['privacy@riverside-hospital.org'],
  executiveEmails: ['ciso@riverside-hospital.org'],
  privacyOfficerEmails: ['privacy@riverside-hospital.org'],
  alarmEmails: ['oncall@riverside-hospital.org'],
  cognitoDomainPrefix: 'riverside-vendors',
  existingMailIdentity: false,
  policy: {},
};

const CASES: [string, Partial<DeploymentSettings>, string, RegExp][] = [
  ['placeholder organisation', { organisation: 'Example Health' }, 'organisation', /organisation's name/],
  [
    'placeholder mail domain',
    { mailDomain: 'example.org', mailFrom: 'a@example.org' },
    'mailDomain',
    /placeholder/,
  ],
  ['not a domain', { mailDomain: 'riverside hospital' }, 'mailDomain', /not a domain/],
  [
    'mailFrom outside mailDomain',
    { mailFrom: 'risk@other-hospital.org' },
    'mailFrom',
    /not within mailDomain/,
  ],
  [
    'mailFrom on a look-alike domain',
    { mailFrom: 'risk@evilriverside-hospital.org' },
    'mailFrom',
    /not within/,
  ],
  ['mailFrom not an address', { mailFrom: 'vendor-risk' }, 'mailFrom', /not an email address/],
  [
    'placeholder compliance address',
    { complianceEmails: ['compliance@example.org'] },
    'complianceEmails',
    /placeholder/,
  ],
  ['no compliance address', { complianceEmails: [] }, 'complianceEmails', /at least one/],
  ['no procurement address', { procurementEmails: [] }, 'procurementEmails', /at least one/],
  ['no alarm subscriber', { alarmEmails: [] }, 'alarmEmails', /no one would receive the alarms/],
  ['bad alarm address', { alarmEmails: ['oncall'] }, 'alarmEmails', /not an email address/],
  [
    'placeholder Cognito prefix',
    { cognitoDomainPrefix: 'baa-guard-example' },
    'cognitoDomainPrefix',
    /placeholder/,
  ],
  ['upper-case Cognito prefix', { cognitoDomainPrefix: 'Riverside' }, 'cognitoDomainPrefix', /lower-case/],
  [
    'Cognito prefix ending in a hyphen',
    { cognitoDomainPrefix: 'riverside-' },
    'cognitoDomainPrefix',
    /lower-case/,
  ],
  ['Cognito prefix too long', { cognitoDomainPrefix: 'a'.repeat(64) }, 'cognitoDomainPrefix', /1–63/],
  ['Cognito reserved word', { cognitoDomainPrefix: 'riverside-cognito' }, 'cognitoDomainPrefix', /reserves/],
  ['http base URL', { baseUrl: 'http://vendors.riverside-hospital.org' }, 'baseUrl', /https/],
  [
    'base URL with a path',
    { baseUrl: 'https://riverside-hospital.org/vendors' },
    'baseUrl',
    /without a path/,
  ],
  ['bad policy override', { policy: { remediation: { days: { critical: 'soon' } } } }, 'policy', /./],
];

describe('deployment settings', () => {
  it('accept a complete, real configuration (a subdomain sender included)', () => {
    expect(settingsProblems(GOOD)).toEqual([]);
    expect(settingsProblems({ ...GOOD, mailFrom: 'risk@mail.riverside-hospital.org' })).toEqual([]);
    expect(settingsProblems({ ...GOOD, baseUrl: 'https://vendors.riverside-hospital.org' })).toEqual([]);
  });

  it.each(CASES)('refuse a %s', (_label, change, setting, message) => {
    const problems = settingsProblems({ ...GOOD, ...change });
    expect(problems.map((p) => p.setting)).toContain(setting);
    expect(problems.find((p) => p.setting === setting)?.message).toMatch(message);
  });

  it('are strict for `npm run deploy` (-c deploy=true or the npm deploy script), not for synth or tests', () => {
    const ctx = (values: Record<string, unknown>) => (key: string) => values[key];
    expect(isDeploy(ctx({ deploy: true }), {})).toBe(true);
    expect(isDeploy(ctx({ deploy: 'true' }), {})).toBe(true);
    expect(isDeploy(ctx({}), { npm_lifecycle_event: 'deploy' })).toBe(true);
    expect(isDeploy(ctx({}), { npm_lifecycle_event: 'test' })).toBe(false);
    expect(isDeploy(ctx({}), {})).toBe(false);
  });
});

describe('a deploy with the shipped placeholders', () => {
  const cdkContext = () =>
    (JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> })
      .context;

  it('stops at synthesis, naming every setting to fill in', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'baa-guard-deploy-'));
    try {
      const app = new App({
        outdir,
        context: { ...cdkContext(), deploy: true, 'aws:cdk:bundling-stacks': [] },
      });
      let error: unknown;
      try {
        buildApp(app, { env: {} });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DeploySettingsError);
      const message = (error as Error).message;
      expect(message).toMatch(/^Deploy stopped before touching AWS/);
      for (const setting of [
        'organisation',
        'mailDomain',
        'complianceEmails',
        'alarmEmails',
        'cognitoDomainPrefix',
      ]) {
        expect(message).toContain(`- ${setting}:`);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('still synthesizes for local mode and plain synth, with a warning on the stack', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'baa-guard-synth-'));
    try {
      const app = new App({ outdir, context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [] } });
      const stack = buildApp(app, { env: {} });
      const warnings = app
        .synth()
        .getStackByName(stack.stackName)
        .messages.filter((m) => m.level === 'warning');
      expect(warnings.map((w) => String(w.entry.data)).join('\n')).toMatch(/a deploy would stop/);
      expect(warnings.map((w) => String(w.entry.data)).join('\n')).toMatch(/No alarmEmails/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('exits non-zero from the CDK app itself with the message (what `cdk deploy` shows)', async () => {
    const run = await runNode('infra/app.ts', [], {
      cwd: ROOT,
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ ...cdkContext(), deploy: true }),
        npm_lifecycle_event: '',
      },
      timeoutMs: 120_000,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('Deploy stopped before touching AWS');
    expect(run.stderr).toContain('cognitoDomainPrefix');
    expect(run.stderr, 'a deployer sees the message, not a stack trace').not.toMatch(/\n\s+at /);
  }, 130_000);

  it('stops a plain `cdk deploy` too (the CLI is recognised as the parent process)', async () => {
    // Placeholders forced on the command line and credentials that cannot work: whatever the
    // local cdk.json holds, this can never deploy anything.
    const run = await runNode(
      join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'),
      ['deploy', '--no-notices', '-c', 'cognitoDomainPrefix=baa-guard-example', '-c', 'alarmEmails='],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          npm_lifecycle_event: '',
          AWS_ACCESS_KEY_ID: 'AKIAINVALIDINVALID00',
          AWS_SECRET_ACCESS_KEY: 'invalid',
          AWS_REGION: 'us-east-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
        },
        timeoutMs: 170_000,
      },
    );
    const output = run.stdout + run.stderr;
    expect(run.code).not.toBe(0);
    expect(output).toContain('Deploy stopped before touching AWS');
    expect(output).toContain('- cognitoDomainPrefix:');
    expect(output).toContain('- alarmEmails:');
  }, 180_000);
});

describe('reusing an SES identity', () => {
  it('creates no identity, still lets the functions send from it, and outputs no DKIM records', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'baa-guard-ses-'));
    try {
      const context = {
        ...(JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> })
          .context,
        existingMailIdentity: true,
        'aws:cdk:bundling-stacks': [],
      };
      const template = Template.fromStack(buildApp(new App({ outdir, context }), { env: {} }));
      template.resourceCountIs('AWS::SES::EmailIdentity', 0);
      const json = JSON.stringify(template.toJSON());
      expect(json).toContain(':identity/example.org');
      const outputs = (template.toJSON() as { Outputs: Record<string, unknown> }).Outputs;
      expect(outputs.DkimRecord1).toBeUndefined();
      expect(outputs.MailIdentity).toBeDefined();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
