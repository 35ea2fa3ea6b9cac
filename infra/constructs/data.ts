/**
 * Data: the single DynamoDB table (on-demand, PITR, customer-managed key with rotation, deletion
 * protection, TTL on `purgeAt` for short-lived records) with its overloaded GSI1 and the sparse
 * due-action index, and the document bucket (evidence and BAA documents: versioned, KMS, TLS only,
 * access-logged). Both are in the 7-year backup plan. Retained resources get no fixed physical
 * names: a failed first deploy or a destroy leaves them behind, and a fixed name would block the
 * next deploy.
 */
import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '#shared/adapters/dynamodb/table-layout.ts';

export class Data extends Construct {
  readonly key: kms.Key;
  readonly table: dynamodb.Table;
  readonly documents: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'DataKey', {
      description: 'Encrypts vendor risk data: table, documents, logs, alerts',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const S = dynamodb.AttributeType.STRING;
    // Indexes project keys only (GSI2 also the one attribute its register query filters on):
    // index writes then follow key changes alone, and lists read the items by key (table-layout.ts).
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.sortKey, type: S },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TABLE_KEYS.timeToLive,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.gsi1.name,
      partitionKey: { name: TABLE_KEYS.gsi1.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.gsi1.sortKey, type: S },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.gsi2.name,
      partitionKey: { name: TABLE_KEYS.gsi2.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.gsi2.sortKey, type: S },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...TABLE_KEYS.gsi2.projected],
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.due.name,
      partitionKey: { name: TABLE_KEYS.due.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.due.sortKey, type: S },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(2555) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.accessLogs = accessLogs;
    Validations.of(accessLogs).acknowledge(
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket itself; logging it to itself would loop.',
      },
      { id: 'HIPAA.Security-S3BucketLoggingEnabled', reason: 'This is the access-log bucket itself.' },
      {
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason:
          'Access logs are versioned and retained 7 years; cross-region replication is a deployment choice (see README).',
      },
      {
        id: 'HIPAA.Security-S3DefaultEncryptionKMS',
        reason:
          'S3 server access logging cannot deliver to a bucket encrypted with a customer-managed KMS key.',
      },
    );

    this.documents = new s3.Bucket(this, 'Documents', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          // Vendors upload evidence straight to S3 with presigned URLs from the portal.
          allowedMethods: [s3.HttpMethods.PUT],
          allowedOrigins: ['*'],
          allowedHeaders: ['content-type', 'x-amz-*'],
          maxAge: 3000,
        },
      ],
    });
    Validations.of(this.documents).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Versioning plus PITR-style object versions cover recovery; cross-region replication needs a second region chosen per deployment (README).',
    });

    // HIPAA documentation is kept 6 years (164.316(b)(2)(i)): a 7-year backup plan covers the
    // table and the documents. The vault is retained (it holds the recovery points), so its name
    // carries the stack's unique id: a redeploy after a destroy gets a new vault, never a clash.
    const stackSuffix = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Stack.of(this).stackId))));
    const vault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: Fn.join('-', [Stack.of(this).stackName, 'backup', stackSuffix]),
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = backup.BackupPlan.dailyWeeklyMonthly7YearRetention(this, 'BackupPlan', vault);
    const backupPolicy = (name: string) => iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${name}`);
    const backupRole = new iam.Role(this, 'BackupRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup: snapshots of the table and the document bucket, and restores',
      managedPolicies: [
        backupPolicy('AWSBackupServiceRolePolicyForBackup'),
        backupPolicy('AWSBackupServiceRolePolicyForRestores'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Backup'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Restore'),
      ],
    });
    plan.addSelection('TableAndDocuments', {
      role: backupRole,
      resources: [
        backup.BackupResource.fromDynamoDbTable(this.table),
        backup.BackupResource.fromArn(this.documents.bucketArn),
      ],
    });
    Validations.of(backupRole).acknowledge(
      ...[
        'service-role/AWSBackupServiceRolePolicyForBackup',
        'service-role/AWSBackupServiceRolePolicyForRestores',
        'AWSBackupServiceRolePolicyForS3Backup',
        'AWSBackupServiceRolePolicyForS3Restore',
      ].map((policy) => ({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
        reason:
          "AWS Backup's own service role policies, the documented way to let Backup snapshot and restore the table and the S3 bucket.",
      })),
    );
  }
}
