/**
 * Structured logging through Powertools. Rule: never log PHI, answers, email bodies, addresses or
 * link tokens; log ids, names of errors and counts.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: 'baa-guard',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'SILENT' | undefined) ?? 'INFO',
});
