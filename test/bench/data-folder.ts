/**
 * The data folder against the data it holds: dynalite's LevelDB files under `<data>/dynamodb`
 * vs the items (DynamoDB's size rules) plus the copies each GSI keeps of the items it projects.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from '#local/template.ts';
import { loadTemplate } from '#local/template-cache.ts';
import { indexWriteUnits } from './meter.ts';

const require = createRequire(import.meta.url);
const { itemSize } = require('dynalite/db/index.js') as { itemSize: (i: unknown) => number };
const { marshall } = require('@aws-sdk/util-dynamodb') as { marshall: (i: unknown, o: unknown) => unknown };

export async function dataFolderFigures(dataDir: string, dynamoUrl: string, tableName = 'baa-guard') {
  const { template } = await loadTemplate();
  const shape = tableDefinition(template, tableName);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamoUrl,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  let logicalBytes = 0;
  let items = 0;
  let key: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: key }));
    for (const item of page.Items ?? []) {
      items++;
      logicalBytes += itemSize(marshall(item, { removeUndefinedValues: true }));
      // Each GSI holding the item keeps its projection: ≈ its write units in KB.
      logicalBytes += indexWriteUnits(undefined, item, shape as never) * 1024;
    }
    key = page.LastEvaluatedKey;
  } while (key);
  client.destroy();
  const folderBytes =
    Number(
      execFileSync('du', ['-sk', join(dataDir, 'dynamodb')])
        .toString()
        .split('\t')[0],
    ) * 1024;
  return { items, logicalBytes, folderBytes };
}
