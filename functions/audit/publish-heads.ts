/**
 * Lambda entry: publishes the audit chain heads that moved to the write-once archive. EventBridge
 * runs it hourly (infra/constructs/audit-archive.ts); it is idempotent, so a retry or an overlapping
 * run only publishes a head again.
 */
import { getDeps, useComposition } from '#shared/composition.ts';
import { logger } from '#shared/logger.ts';
import { publishAuditHeads } from '#shared/use-cases/publish-audit-heads.ts';
import { auditPublisherComposition } from './composition.ts';

useComposition(auditPublisherComposition);

export async function handler() {
  const result = await publishAuditHeads(getDeps());
  logger.info('Audit heads published', result);
  return result;
}
