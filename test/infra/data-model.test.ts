/**
 * The template holds the shapes that make the numbers and the audit guarantees: indexes project
 * keys only (GSI2 adds the one attribute its register filters on), and audit heads go to a bucket
 * with Object Lock in compliance mode for at least six years, published on a schedule by a
 * function that can put heads and nothing else. Expectations are written out here, not read from
 * table-layout.ts, so a change of projection must change this test too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
interface Resource {
  Type: string;
  Properties?: Record<string, any>;
}
let outdir: string;
let resources: Record<string, Resource>;

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  outdir = mkdtempSync(join(tmpdir(), 'baa-guard-infra-dm-'));
  const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  resources = (Template.fromStack(buildApp(app)).toJSON() as { Resources: Record<string, Resource> })
    .Resources;
});
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const statementsOf = (roleFragment: string) =>
  ofType('AWS::IAM::Policy')
    .filter(([id]) => id.includes(roleFragment))
    .flatMap(
      ([, p]) => p.Properties!.PolicyDocument.Statement as { Effect: string; Action: string | string[] }[],
    );
const actions = (statements: { Action: string | string[] }[]) => statements.flatMap((s) => [s.Action].flat());

describe('index projections', () => {
  it('GSI1 and DueIndex project keys only; GSI2 includes severity alone', () => {
    const [[, table]] = ofType('AWS::DynamoDB::Table') as [[string, Resource]];
    const projections = Object.fromEntries(
      (table.Properties!.GlobalSecondaryIndexes as { IndexName: string; Projection: unknown }[]).map((g) => [
        g.IndexName,
        g.Projection,
      ]),
    );
    expect(projections).toEqual({
      GSI1: { ProjectionType: 'KEYS_ONLY' },
      GSI2: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['severity'] },
      DueIndex: { ProjectionType: 'KEYS_ONLY' },
    });
  });
});

describe('the audit head archive', () => {
  const archive = () => {
    const locked = ofType('AWS::S3::Bucket').filter(([, b]) => b.Properties?.ObjectLockEnabled);
    expect(locked).toHaveLength(1);
    return locked[0]!;
  };

  it('is a versioned, encrypted, private bucket with a compliance-mode lock of at least six years', () => {
    const [, bucket] = archive();
    const rule = bucket.Properties!.ObjectLockConfiguration;
    expect(rule.ObjectLockEnabled).toBe('Enabled');
    expect(rule.Rule.DefaultRetention.Mode).toBe('COMPLIANCE');
    const days = rule.Rule.DefaultRetention.Days ?? rule.Rule.DefaultRetention.Years * 365;
    expect(days).toBeGreaterThanOrEqual(6 * 365 + 2); // six years, leap days included
    expect(bucket.Properties!.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties!.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(
      bucket.Properties!.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toBe('aws:kms');
  });

  it('is written by a function EventBridge runs on a schedule, which may put heads but delete nothing', () => {
    const rules = ofType('AWS::Events::Rule').filter(([id]) => id.startsWith('AuditArchive'));
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    expect(rule.Properties!.ScheduleExpression).toMatch(/^rate\(/);
    const publisherFns = ofType('AWS::Lambda::Function').filter(([id]) =>
      id.startsWith('AuditArchivePublisher'),
    );
    expect(publisherFns).toHaveLength(1);
    expect(JSON.stringify(rule.Properties!.Targets)).toContain(publisherFns[0]![0]);

    const granted = actions(statementsOf('AuditArchivePublisher'));
    expect(granted).toEqual(
      expect.arrayContaining(['s3:PutObject', 's3:PutObjectRetention', 'dynamodb:PutItem']),
    );
    for (const forbidden of [
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:BypassGovernanceRetention',
      'dynamodb:DeleteItem',
      'dynamodb:UpdateItem',
    ]) {
      expect(granted).not.toContain(forbidden);
    }
    // No wildcard over data actions (KMS and log grants come from CDK's own helpers).
    expect(granted.filter((a) => /^(s3|dynamodb):/.test(a) && a.includes('*'))).toEqual([]);
  });

  it('is read by the API (verification) and its name reaches the API function', () => {
    const apiActions = actions(statementsOf('ApiApp'));
    expect(apiActions).toContain('s3:GetObject');
    // A head not yet published must read as 404 (NoSuchKey), which S3 only says with ListBucket.
    expect(apiActions).toContain('s3:ListBucket');
    const [bucketId] = archive();
    const apiFns = ofType('AWS::Lambda::Function').filter(
      ([, f]) => f.Properties?.Environment?.Variables?.AUDIT_ARCHIVE_BUCKET,
    );
    expect(apiFns.length).toBeGreaterThanOrEqual(2); // the API and the publisher
    for (const [, f] of apiFns)
      expect(JSON.stringify(f.Properties!.Environment.Variables.AUDIT_ARCHIVE_BUCKET)).toContain(bucketId);
  });
});
