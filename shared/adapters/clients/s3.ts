/** The S3 client (locally the strict S3 stand-in, path-style, with its one development key pair). */
import { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../../config.ts';
import { commonOptions } from './options.ts';

/**
 * The only key pair the local S3 stand-in (local/strict-s3.ts) accepts: it verifies every SigV4
 * signature, header-signed or presigned, with this secret.
 */
export const LOCAL_S3_CREDENTIALS = {
  accessKeyId: 'baa-guard-local',
  secretAccessKey: 'baa-guard-local-secret',
};

export function createS3Client(config: AppConfig): S3Client {
  const local = config.mode === 'local';
  return new S3Client({
    ...commonOptions(config),
    ...(local ? { credentials: LOCAL_S3_CREDENTIALS } : {}),
    endpoint: config.endpoints.s3,
    forcePathStyle: local,
    // Without this the SDK adds a CRC32 of the (empty) body to every presigned PUT, and S3
    // rejects the real file the browser sends with BadDigest. Checksums only where S3 needs them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}
