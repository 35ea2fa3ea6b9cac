/**
 * The API function's parts: it calls all four services (DynamoDB; SES for mail; S3 for evidence and
 * BAA documents; Step Functions to start the launch and review workflows). The local runtime, which
 * serves the API and runs the workflows in one process, uses this composition too.
 */

import { AuditHeadArchive } from '#shared/adapters/audit-head-archive.ts';
import { createDynamoClient } from '#shared/adapters/clients/dynamodb.ts';
import { createS3Client } from '#shared/adapters/clients/s3.ts';
import { createSesClient } from '#shared/adapters/clients/ses.ts';
import { createSfnClient } from '#shared/adapters/clients/sfn.ts';
import { DocumentStore } from '#shared/adapters/document-store.ts';
import { SesMailer } from '#shared/adapters/ses-mailer.ts';
import { SfnWorkflowStarter } from '#shared/adapters/sfn-workflow-starter.ts';
import type { Composition } from '#shared/composition.ts';

export const apiComposition: Composition = {
  name: 'the API function',
  clients: { ddb: createDynamoClient, ses: createSesClient, s3: createS3Client, sfn: createSfnClient },
  mailer: (deps) => new SesMailer(deps.clients.ses, deps.config.mail.from, deps.config.mail.configurationSet),
  workflows: (deps) => new SfnWorkflowStarter(deps.clients.sfn, deps.config.stateMachines),
  documents: (deps) => new DocumentStore(deps.clients.s3, deps.config.bucketName),
  // Verification compares each trail with its latest published head.
  auditArchive: (deps, bucket) => new AuditHeadArchive(deps.clients.s3, bucket),
};
