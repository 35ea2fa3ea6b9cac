/** Lambda entry for the review workflow's tasks (see infra/constructs/workflows.ts). */
import {
  auditReviewStep,
  escalateCriticalStep,
  findingsStep,
  notifyProcurementStep,
  notifyVendorStep,
  outcomeStep,
  recordReviewFailure,
  scoreStep,
} from '#shared/use-cases/review-assessment.ts';
import { dispatcher } from './step-dispatcher.ts';

export const handler = dispatcher('review', {
  score: scoreStep,
  findings: findingsStep,
  outcome: outcomeStep,
  notifyVendor: notifyVendorStep,
  notifyProcurement: notifyProcurementStep,
  escalateCritical: escalateCriticalStep,
  audit: auditReviewStep,
  recordFailure: recordReviewFailure,
});
