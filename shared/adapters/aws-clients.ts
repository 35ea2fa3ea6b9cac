/**
 * AWS SDK clients, built once per process from the config. Locally they point at the stand-ins
 * (dynalite, aws-ses-v2-local, s3rver) with dummy credentials; in AWS the SDK's default chain applies.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '../config.ts';

export interface AwsClients {
  ddb: DynamoDBDocumentClient;
  ses: SESv2Client;
  s3: S3Client;
  sfn: SFNClient;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** s3rver checks signatures against its fixed development key pair. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createAwsClients(config: AppConfig): AwsClients {
  const local = config.mode === 'local';
  const common = { region: config.region, ...(local ? { credentials: LOCAL_CREDENTIALS } : {}) };
  const ddb = new DynamoDBClient({ ...common, endpoint: config.endpoints.dynamodb, maxAttempts: 5 });
  return {
    ddb: DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } }),
    ses: new SESv2Client({ ...common, endpoint: config.endpoints.ses }),
    s3: new S3Client({
      ...common,
      ...(local ? { credentials: S3RVER_CREDENTIALS } : {}),
      endpoint: config.endpoints.s3,
      forcePathStyle: local,
    }),
    sfn: new SFNClient(common),
  };
}
