/**
 * Local mode runs workflows in-process, so stopping `npm start` mid-execution loses the execution
 * (in AWS, Step Functions keeps them). On start, assessments left mid-workflow are driven again:
 * `launching` → launch, `submitted` (not yet reviewed) → review. Every step is idempotent, so a
 * rerun completes what the interrupted run left. A Scan is fine here: it runs once, locally, over
 * a developer's data; the product itself never scans.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '#shared/composition.ts';

export async function recoverInterruptedWorkflows(deps: Deps): Promise<{ launch: number; review: number }> {
  const counts = { launch: 0, review: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.clients.ddb.send(
      new ScanCommand({
        TableName: deps.config.tableName,
        FilterExpression: 'entity = :a AND (#s = :launching OR #s = :submitted)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':a': 'Assessment',
          ':launching': 'launching',
          ':submitted': 'submitted',
        },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const id = String(item.id);
      if (item.status === 'launching') {
        await deps.workflows.start('launch', { assessmentId: id, vendorId: String(item.vendorId) }, id);
        counts.launch++;
      } else {
        await deps.workflows.start('review', { assessmentId: id }, `${id}-review`);
        counts.review++;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return counts;
}
