/**
 * `npm run backfill:identities -- --table <name> [--region <region>] [--endpoint <url>]`
 *
 * An operator's one-off for a deployed table: writes the identity markers (and each identity's
 * holder) of vendors registered before the one-read duplicate check existed, so the check finds
 * them too (shared/use-cases/vendor-identities.ts). Idempotent: run it again and it writes nothing.
 * It uses the default AWS credential chain and needs dynamodb:Query (GSI1), BatchGetItem,
 * BatchWriteItem and PutItem on the table. The local runtime does the same on start (local/migrate.ts).
 * Exit codes: 0 done, 2 usage error, 1 anything else.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS } from '../shared/adapters/clients/options.ts';
import { ItemStore } from '../shared/adapters/dynamodb/item-store.ts';
import { backfillVendorIdentities } from '../shared/use-cases/vendor-identities.ts';

let values: { table?: string; region?: string; endpoint?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      table: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
if (values.help || !values.table) {
  console.error(
    'Usage: npm run backfill:identities -- --table <table name> [--region <region>] [--endpoint <url> (a local table)]',
  );
  process.exit(values.help ? 0 : 2);
}
const client = new DynamoDBClient({
  region: values.region ?? process.env.AWS_REGION ?? 'us-east-1',
  ...(values.endpoint ? { endpoint: values.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
  maxAttempts: 5,
});
const ddb = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
try {
  const result = await backfillVendorIdentities({ store: new ItemStore(ddb, values.table) });
  console.log(`Checked ${result.vendors} vendors; wrote ${result.written} identity markers.`);
} catch (error) {
  console.error(`Backfill failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  client.destroy();
}
