/**
 * The workflow task functions' parts (launch, review, sweep): DynamoDB and SES only. They never
 * read S3 or start a workflow (Step Functions chains them), so neither client is bundled; a step
 * that reached for one would fail with a message naming the missing part.
 */
import { createDynamoClient } from '#shared/adapters/clients/dynamodb.ts';
import { createSesClient } from '#shared/adapters/clients/ses.ts';
import { SesMailer } from '#shared/adapters/ses-mailer.ts';
import type { Composition } from '#shared/composition.ts';

export const workflowComposition: Composition = {
  name: 'the workflow functions',
  clients: { ddb: createDynamoClient, ses: createSesClient },
  mailer: (deps) => new SesMailer(deps.clients.ses, deps.config.mail.from, deps.config.mail.configurationSet),
};
