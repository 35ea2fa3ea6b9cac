/**
 * DynamoDB deletes items whose time-to-live attribute (`purgeAt`, epoch seconds) has passed; dynalite
 * has no TTL, so local mode prunes them itself: on start and then periodically. A Scan is fine
 * here: it runs locally over a developer's data, projecting keys only; the product never scans.
 */
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '#shared/adapters/dynamodb/table-layout.ts';
import type { Deps } from '#shared/composition.ts';

/** Deletes every item whose `purgeAt` is before the product clock's now; returns how many. */
export async function pruneExpired(deps: Deps): Promise<number> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  let start: Record<string, unknown> | undefined;
  let deleted = 0;
  do {
    const page = await deps.clients.ddb.send(
      new ScanCommand({
        TableName: deps.config.tableName,
        FilterExpression: '#ttl < :now',
        ProjectionExpression: 'PK, SK',
        ExpressionAttributeNames: { '#ttl': TABLE_KEYS.timeToLive },
        ExpressionAttributeValues: { ':now': now },
        ExclusiveStartKey: start,
      }),
    );
    const keys = page.Items ?? [];
    for (let i = 0; i < keys.length; i += 25) {
      let requests: Record<string, unknown>[] | undefined = keys
        .slice(i, i + 25)
        .map((k) => ({ DeleteRequest: { Key: { PK: k.PK, SK: k.SK } } }));
      while (requests?.length) {
        const out: { UnprocessedItems?: Record<string, Record<string, unknown>[]> } =
          await deps.clients.ddb.send(
            new BatchWriteCommand({ RequestItems: { [deps.config.tableName]: requests as never } }),
          );
        requests = out.UnprocessedItems?.[deps.config.tableName];
      }
    }
    deleted += keys.length;
    start = page.LastEvaluatedKey;
  } while (start);
  return deleted;
}
