/**
 * The write-once archive of audit chain heads (issue 11, item 5): an S3 bucket with Object Lock in
 * COMPLIANCE mode and a default retention of six years and a day (45 CFR 164.316(b)(2)(i): HIPAA
 * documentation is retained six years), and an hourly EventBridge schedule running the publisher
 * function. In compliance mode no one, the root user included, can delete a locked object version
 * or shorten its lock, so a head once published outlives any rewrite of the table; verification
 * compares the chain against the latest published head.
 *
 * Permissions are split: only the publisher may write to the bucket (and only Put, never delete);
 * the API function may read it (to verify); no function may touch audit events except by append.
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ProductFunction } from './product-function.ts';

/** Six years and a day, in days (2,193 covers any six-year span with two leap days, plus one). */
export const ARCHIVE_RETENTION_DAYS = 6 * 365 + 2 + 1;

export interface AuditArchiveProps {
  key: kms.IKey;
  table: dynamodb.ITable;
  /** The environment every function gets (table name, mode, …); the bucket name is added. */
  environment: Record<string, string>;
  /** Where S3 server access logs go (the data construct's access-log bucket). */
  accessLogs?: s3.IBucket;
  everyMinutes?: number;
}

export class AuditArchive extends Construct {
  readonly bucket: s3.Bucket;
  readonly publisher: ProductFunction;
  readonly rule: events.Rule;
  private readonly bucketId: string;

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Heads', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(ARCHIVE_RETENTION_DAYS)),
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      ...(props.accessLogs
        ? { serverAccessLogsBucket: props.accessLogs, serverAccessLogsPrefix: 'audit-heads/' }
        : {}),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Object Lock in compliance mode keeps every published version for six years; cross-region replication needs a second region chosen per deployment (README).',
    });
    if (!props.accessLogs) {
      Validations.of(this.bucket).acknowledge(
        {
          id: 'AwsSolutions-S1',
          reason: 'Access logging is configured by the stack when an access-log bucket is given.',
        },
        { id: 'HIPAA.Security-S3BucketLoggingEnabled', reason: 'As above.' },
      );
    }

    this.publisher = new ProductFunction(this, 'Publisher', {
      entry: 'functions/audit/publish-heads.ts',
      description: 'Publishes moved audit chain heads to the write-once archive',
      environment: { ...props.environment, AUDIT_ARCHIVE_BUCKET: this.bucket.bucketName },
      logKey: props.key,
      timeout: Duration.minutes(5),
    });
    const fn = this.publisher.fn;
    // Reads the unpublished heads (GSI1) and the head items; writes only head items.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem'],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/*`],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDITHEAD#*'] } },
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:PutObjectRetention'],
        resources: [this.bucket.arnForObjects('audit-heads/*')],
      }),
    );
    props.key.grantEncryptDecrypt(fn);
    const stack = Stack.of(this);
    this.bucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement);
    const tableId = stack.getLogicalId(props.table.node.defaultChild as CfnElement);
    Validations.of(this.publisher).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${this.bucketId}.Arn>/audit-heads/*]`,
        reason: 'One object per vendor under audit-heads/, created at run time; Put only, never delete.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: 'Reads the unpublished heads from GSI1 of this table only.',
      },
    );

    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Publishes moved audit chain heads to the write-once archive',
      schedule: events.Schedule.rate(Duration.minutes(props.everyMinutes ?? 60)),
    });
    this.rule.addTarget(new targets.LambdaFunction(fn, { retryAttempts: 2 }));
  }

  /** Lets a function read published heads (the API verifies chains against them). */
  grantRead(fn: ProductFunction): void {
    fn.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('audit-heads/*')],
      }),
    );
    // Without ListBucket, S3 answers 403 instead of 404 for a head not yet published (a new vendor).
    fn.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        // No s3:prefix condition: the existence check inside GetObject carries no prefix key.
        resources: [this.bucket.bucketArn],
      }),
    );
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.bucketId}.Arn>/audit-heads/*]`,
      reason: 'Reads the published head of any vendor (one object per vendor, named at run time); read only.',
    });
  }
}
