/** Lambda entry for the deadline sweep's tasks (see infra/constructs/workflows.ts). */
import {
  findDue,
  processItem,
  recordItemFailure,
  recordSweepFailure,
  sendDigests,
  summarize,
} from '#shared/use-cases/sweep.ts';
import { dispatcher } from './step-dispatcher.ts';

export const handler = dispatcher('sweep', {
  findDue,
  processItem,
  recordItemFailure,
  summarize,
  digest: sendDigests,
  recordFailure: recordSweepFailure,
});
