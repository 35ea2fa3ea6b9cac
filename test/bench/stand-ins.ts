/**
 * The start-up floor: a process that starts only the stand-ins (dynalite, the SES inbox, s3rver)
 * on the given ports and idles, printing "Ready" like `npm start`. What `npm start` needs beyond
 * this is the product itself.
 */
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

// The same compile cache `npm start` uses, so the comparison is of work done, not of caching.
if (process.env.BAA_GUARD_CACHE_DIR)
  enableCompileCache(join(process.env.BAA_GUARD_CACHE_DIR, 'compile-floor'));
const { startDynalite, startS3, startSes } = await import('#local/services.ts');

const dir = process.env.DATA_DIR ?? '.data-floor';
await startDynalite(dir, Number(process.env.DYNAMODB_PORT ?? 0));
await startSes(Number(process.env.INBOX_PORT ?? 0));
await startS3(dir, Number(process.env.S3_PORT ?? 0), 'baa-guard-documents');
console.log(`Ready in ${(performance.now() / 1000).toFixed(1)}s.`);
setInterval(() => undefined, 1 << 30);
