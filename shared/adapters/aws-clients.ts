/**
 * AWS SDK clients, built once per process from the config. Locally they point at the stand-ins
 * (dynalite, aws-ses-v2-local, the strict S3 stand-in) with dummy credentials; in AWS the SDK's default chain applies.
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
/**
 * The only key pair the local S3 stand-in (local/strict-s3.ts) accepts: it verifies every SigV4
 * signature, header-signed or presigned, with this secret.
 */
export const LOCAL_S3_CREDENTIALS = {
  accessKeyId: 'baa-guard-local',
  secretAccessKey: 'baa-guard-local-secret',
};

export function createAwsClients(config: AppConfig): AwsClients {
  const local = config.mode === 'local';
  const common = { region: config.region, ...(local ? { credentials: LOCAL_CREDENTIALS } : {}) };
  const ddb = new DynamoDBClient({ ...common, endpoint: config.endpoints.dynamodb, maxAttempts: 5 });
  return {
    ddb: DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } }),
    ses: new SESv2Client({ ...common, endpoint: config.endpoints.ses }),
    s3: new S3Client({
      ...common,
      ...(local ? { credentials: LOCAL_S3_CREDENTIALS } : {}),
      endpoint: config.endpoints.s3,
      forcePathStyle: local,
      // Without this the SDK adds a CRC32 of the (empty) body to every presigned PUT, and S3
      // rejects the real file the browser sends with BadDigest. Checksums only where S3 needs them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
    sfn: new SFNClient(common),
  };
}
