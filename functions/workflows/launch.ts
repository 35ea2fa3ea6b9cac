/** Lambda entry for the launch workflow's tasks (see infra/constructs/workflows.ts). */

import { requestBaa } from '#shared/use-cases/baa.ts';
import {
  auditLaunch,
  prepareAssessment,
  recordLaunchFailure,
  sendInvitation,
} from '#shared/use-cases/launch-assessment.ts';
import { dispatcher } from './step-dispatcher.ts';

export const handler = dispatcher('launch', {
  prepare: prepareAssessment,
  sendInvitation,
  requestBaa,
  audit: auditLaunch,
  recordFailure: recordLaunchFailure,
});
