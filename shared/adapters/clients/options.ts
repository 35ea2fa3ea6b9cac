/**
 * The options every SDK client shares: region, and locally the stand-ins' dummy credentials.
 * One module per client (dynamodb.ts, ses.ts, s3.ts, sfn.ts) so that a function bundles only the
 * clients it calls.
 */
import type { AppConfig } from '../../config.ts';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function commonOptions(config: AppConfig) {
  return { region: config.region, ...(config.mode === 'local' ? { credentials: LOCAL_CREDENTIALS } : {}) };
}
