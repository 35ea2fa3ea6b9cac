/**
 * Local data migration on start: a data folder written by an older version keeps working.
 *
 * 1. Index projections. dynalite cannot change an index in place (its UpdateTable ignores index
 *    creates and deletes), so a table whose indexes differ from the template is rebuilt: copied to
 *    `<table>-migrating`, marked complete there, dropped, created from the template and copied back.
 *    A start interrupted midway resumes: a complete copy is authoritative (copied back), an
 *    incomplete one is discarded (the original was not dropped yet).
 * 2. Item layout (META/LAYOUT `version`): version 1 assessments carry their frozen questionnaire
 *    inline; they are moved to the content-addressed questionnaire item plus a reference. Before
 *    version 3, vendors get their identity markers (`backfillVendorIdentities`).
 *
 * On AWS neither step runs: the index change is a CloudFormation update (README), and the
 * repository reads both item layouts and moves an assessment to the new one on its next save.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/adapters/dynamodb/table-layout.ts';
import type { Deps } from '#shared/composition.ts';
import { logger } from '#shared/logger.ts';
import type { FrozenQuestionnaire } from '#shared/schemas/questionnaire.ts';
import { backfillVendorIdentities } from '#shared/use-cases/vendor-identities.ts';

/**
 * 1: questionnaire inline; 2: frozen questionnaire items, key-only indexes; 3: every vendor has its
 * identity markers and each identity a holder (the one-read duplicate check, vendor-identities.ts).
 */
export const LAYOUT_VERSION = 3;

type Definition = CreateTableCommandInput & {
  TableName: string;
  GlobalSecondaryIndexes?: {
    IndexName?: string;
    Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] };
  }[];
};

const COMPLETE = { PK: 'META', SK: 'MIGRATION_COPY_COMPLETE' };

async function describe(deps: Deps, name: string): Promise<TableDescription | undefined> {
  try {
    return (await deps.clients.ddb.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function waitFor(deps: Deps, name: string, present: boolean) {
  for (let i = 0; i < 200; i++) {
    const table = await describe(deps, name);
    if (!present && !table) return;
    if (present && table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`The local table ${name} did not become ${present ? 'active' : 'deleted'}`);
}

const projectionOf = (p?: { ProjectionType?: string; NonKeyAttributes?: string[] }) =>
  `${p?.ProjectionType ?? 'ALL'}:${[...(p?.NonKeyAttributes ?? [])].sort().join(',')}`;

/** True when the table's indexes are exactly the template's (names and projections). */
export function indexesMatch(table: TableDescription, definition: Definition): boolean {
  const have = new Map(
    (table.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, projectionOf(g.Projection)]),
  );
  const want = definition.GlobalSecondaryIndexes ?? [];
  return have.size === want.length && want.every((g) => have.get(g.IndexName) === projectionOf(g.Projection));
}

async function create(deps: Deps, definition: Definition, name: string) {
  await deps.clients.ddb.send(
    new CreateTableCommand({
      ...definition,
      TableName: name,
    } as CreateTableCommandInput),
  );
  await waitFor(deps, name, true);
}

async function drop(deps: Deps, name: string) {
  await deps.clients.ddb.send(new DeleteTableCommand({ TableName: name }));
  await waitFor(deps, name, false);
}

async function copy(deps: Deps, from: string, to: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.clients.ddb.send(
      new ScanCommand({ TableName: from, ExclusiveStartKey: start, Limit: 200 }),
    );
    const items = (page.Items ?? []).filter((i) => !(i.PK === COMPLETE.PK && i.SK === COMPLETE.SK));
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > 20) throw new Error('The local migration could not write its copy');
        const out = await deps.clients.ddb.send(new BatchWriteCommand({ RequestItems: { [to]: pending } }));
        pending = (out.UnprocessedItems?.[to] ?? []) as typeof pending;
      }
    }
    count += items.length;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** Rebuilds the table when its indexes differ from the template (or finishes an interrupted rebuild). */
async function rebuildIndexes(deps: Deps, definition: Definition): Promise<boolean> {
  const name = definition.TableName;
  const temp = `${name}-migrating`;
  const tempTable = await describe(deps, temp);
  if (tempTable) {
    const complete = await deps.clients.ddb.send(new GetCommand({ TableName: temp, Key: COMPLETE }));
    if (complete.Item) {
      // The original was (or may have been) dropped after the copy completed: restore from the copy.
      const original = await describe(deps, name);
      if (original && !indexesMatch(original, definition)) await drop(deps, name);
      if (!(await describe(deps, name))) await create(deps, definition, name);
      await copy(deps, temp, name);
      await drop(deps, temp);
      logger.info('Local table rebuild resumed and finished', { table: name });
      return true;
    }
    await drop(deps, temp); // an incomplete copy; the original is intact
  }
  const table = await describe(deps, name);
  if (!table || indexesMatch(table, definition)) return false;
  await create(deps, definition, temp);
  const copied = await copy(deps, name, temp);
  await deps.clients.ddb.send(new PutCommand({ TableName: temp, Item: { ...COMPLETE, copied } }));
  await drop(deps, name);
  await create(deps, definition, name);
  await copy(deps, temp, name);
  await drop(deps, temp);
  logger.info('Local table rebuilt with the template indexes', { table: name, items: copied });
  return true;
}

/** Moves version-1 assessments (questionnaire inline) to the frozen-questionnaire layout. */
async function migrateItems(deps: Deps, tableName: string): Promise<number> {
  const ddb = deps.clients.ddb;
  const marker = await ddb.send(
    new GetCommand({ TableName: tableName, Key: keys.layout(), ConsistentRead: true }),
  );
  if (Number(marker.Item?.version ?? 1) >= LAYOUT_VERSION) return 0;
  let moved = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new ScanCommand({
        TableName: tableName,
        ExclusiveStartKey: start,
        FilterExpression: 'entity = :assessment AND attribute_exists(questionnaire)',
        ExpressionAttributeValues: { ':assessment': 'Assessment' },
      }),
    );
    for (const item of page.Items ?? []) {
      const questionnaire = item.questionnaire as FrozenQuestionnaire;
      const ref = await deps.assessments.questionnaires.put(questionnaire, String(item.updatedAt));
      // Not a change of the assessment: its version stays, so no reader sees a conflict.
      await ddb.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: 'SET questionnaireRef = :ref REMOVE questionnaire',
          ConditionExpression: 'attribute_exists(questionnaire)',
          ExpressionAttributeValues: { ':ref': ref },
        }),
      );
      moved++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  // Version 3: vendors registered before the identity markers (or their holders) existed get them.
  // Idempotent, so an interrupted start simply runs it again.
  const identities = await backfillVendorIdentities(deps);
  if (identities.written) logger.info('Vendor identity markers written', identities);
  await ddb.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.layout(),
        entity: 'Meta',
        version: LAYOUT_VERSION,
        migratedAt: new Date().toISOString(),
      },
    }),
  );
  if (moved) logger.info('Local data moved to the current item layout', { assessments: moved });
  return moved;
}

/** Brings a local data folder written by an older version to the current table and item layout. */
export async function migrateLocalData(deps: Deps, definition: Definition) {
  const rebuilt = await rebuildIndexes(deps, definition);
  const assessments = await migrateItems(deps, definition.TableName);
  return { rebuilt, assessments };
}

/**
 * Creates a bucket on the local S3 stand-in unless it exists (the audit head archive). The stand-in
 * has no Object Lock: the archive records the requested retention with each object instead.
 */
export async function ensureLocalBucket(deps: Deps, bucket: string) {
  try {
    await deps.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}
