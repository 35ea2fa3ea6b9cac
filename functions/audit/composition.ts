/**
 * The audit head publisher's parts: DynamoDB (the heads waiting to be published) and S3 (the
 * write-once archive). It sends no mail and starts no workflow.
 */
import { AuditHeadArchive } from '#shared/adapters/audit-head-archive.ts';
import { createDynamoClient } from '#shared/adapters/clients/dynamodb.ts';
import { createS3Client } from '#shared/adapters/clients/s3.ts';
import type { Composition } from '#shared/composition.ts';

export const auditPublisherComposition: Composition = {
  name: 'the audit head publisher',
  clients: { ddb: createDynamoClient, s3: createS3Client },
  auditArchive: (deps, bucket) => new AuditHeadArchive(deps.clients.s3, bucket),
};
