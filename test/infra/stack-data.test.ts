/**
 * The synthesized template keeps data safe: the one table (recoverable, encrypted, backed up, TTL),
 * retained resources without fixed names, the rotating data key and the documents bucket. The template
 * is synthesized once for this file (test/support/stack-template.ts).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  asArray,
  functions,
  keyId,
  ofType,
  onlyOfType,
  props,
  refTarget,
  render,
  resources,
  type Statement,
  template,
  useSynthesizedStack,
} from '../support/stack-template.ts';

useSynthesizedStack();

describe('the vendor risk table', () => {
  it('is the one on-demand table, point-in-time recoverable, encrypted with the customer key, retained', () => {
    const [, table] = onlyOfType('AWS::DynamoDB::Table');
    expect(table.DeletionPolicy, 'the table must survive a stack deletion').toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId(), 'Arn'] },
      },
      DeletionProtectionEnabled: true,
    });
  });

  it('has the overloaded GSI1, the GSI2 registers and the sparse DueIndex (dueShard, nextActionAt) the sweep queries', () => {
    const [, table] = onlyOfType('AWS::DynamoDB::Table');
    const indexes = props<{ GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown[] }[] }>(
      table,
    ).GlobalSecondaryIndexes;
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(['DueIndex', 'GSI1', 'GSI2']);
    expect(indexes.find((i) => i.IndexName === 'DueIndex')?.KeySchema).toEqual([
      { AttributeName: 'dueShard', KeyType: 'HASH' },
      { AttributeName: 'nextActionAt', KeyType: 'RANGE' },
    ]);
  });

  it('is selected by an AWS Backup plan, together with the document bucket', () => {
    const [tableId] = onlyOfType('AWS::DynamoDB::Table');
    const documentsId = ofType('AWS::S3::Bucket').find(([, b]) => b.Properties?.CorsConfiguration)?.[0];
    expect(documentsId, 'no document bucket (the one with CORS for uploads)').toBeDefined();
    expect(ofType('AWS::Backup::BackupPlan').length, 'no backup plan in the stack').toBeGreaterThan(0);
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        Resources: Match.arrayWith([
          { 'Fn::GetAtt': [tableId, 'Arn'] },
          { 'Fn::GetAtt': [documentsId, 'Arn'] },
        ]),
      },
    });
  });

  it('expires short-lived records (failure records, digest lines) by TTL on purgeAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'purgeAt', Enabled: true },
    });
  });
});

describe('retained resources', () => {
  it('have no fixed physical names (a destroyed or failed stack must not block the next deploy)', () => {
    const nameProperty: Record<string, string> = {
      'AWS::Backup::BackupVault': 'BackupVaultName',
      'AWS::S3::Bucket': 'BucketName',
      'AWS::DynamoDB::Table': 'TableName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::KMS::Key': 'KeyId',
      'AWS::Cognito::UserPool': 'UserPoolName',
    };
    const retained = Object.entries(resources).filter(([, r]) => r.DeletionPolicy === 'Retain');
    expect(retained.length).toBeGreaterThan(0);
    for (const [id, r] of retained) {
      const property = nameProperty[r.Type];
      const name = property ? r.Properties?.[property] : undefined;
      if (name === undefined) continue;
      // A name is allowed only if it carries the stack's unique id (Ref AWS::StackId).
      expect(JSON.stringify(name), `${id} (${r.Type}) has the fixed name ${JSON.stringify(name)}`).toContain(
        'AWS::StackId',
      );
    }
  });
});

describe('the data key', () => {
  it('rotates', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets CloudWatch Logs of this region use it for the encrypted log groups', () => {
    const [, key] = onlyOfType('AWS::KMS::Key');
    const statements = props<{ KeyPolicy: { Statement: Statement[] } }>(key).KeyPolicy.Statement;
    const forLogs = statements.find(
      (s) =>
        s.Effect === 'Allow' &&
        render((s.Principal as { Service?: unknown })?.Service) === 'logs.<Ref:AWS::Region>.amazonaws.com',
    );
    expect(forLogs, 'no key policy statement for logs.<region>.amazonaws.com').toBeDefined();
    expect(asArray(forLogs?.Action)).toEqual(
      expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']),
    );
  });
});

describe('the documents bucket', () => {
  // The bucket the functions are told to use is the documents bucket.
  const documentsId = () => {
    const env = props<{ Environment: { Variables: Record<string, unknown> } }>(functions()[0]![1]).Environment
      .Variables;
    const id = refTarget(env.BUCKET_NAME);
    expect(id, 'BUCKET_NAME does not reference a bucket of the stack').toBeDefined();
    return id!;
  };

  it('is versioned, KMS-encrypted with the data key, closed to the public and access-logged', () => {
    const bucket = resources[documentsId()]!;
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [keyId(), 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: expect.anything() },
    });
  });

  it('refuses any request that is not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: documentsId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});
