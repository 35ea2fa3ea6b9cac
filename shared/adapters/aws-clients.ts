/**
 * The AWS SDK clients a process may use. Locally they point at the stand-ins (dynalite,
 * aws-ses-v2-local, the strict S3 stand-in) with dummy credentials; in AWS the SDK's default chain applies.
 * Each client is built by its own module under ./clients/ so a Lambda bundles only what it calls
 * (see shared/composition.ts); `createAwsClients` builds all four (the local runtime, scripts).
 */

import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '../config.ts';
import { createDynamoClient } from './clients/dynamodb.ts';
import { createS3Client } from './clients/s3.ts';
import { createSesClient } from './clients/ses.ts';
import { createSfnClient } from './clients/sfn.ts';

export interface AwsClients {
  ddb: DynamoDBDocumentClient;
  ses: SESv2Client;
  s3: S3Client;
  sfn: SFNClient;
}

export function createAwsClients(config: AppConfig): AwsClients {
  return {
    ddb: createDynamoClient(config),
    ses: createSesClient(config),
    s3: createS3Client(config),
    sfn: createSfnClient(config),
  };
}
