/** The S3 client (s3rver locally, path-style, with s3rver's fixed development key pair). */
import { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../../config.ts';
import { commonOptions } from './options.ts';

/** s3rver checks signatures against its fixed development key pair. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createS3Client(config: AppConfig): S3Client {
  const local = config.mode === 'local';
  return new S3Client({
    ...commonOptions(config),
    ...(local ? { credentials: S3RVER_CREDENTIALS } : {}),
    endpoint: config.endpoints.s3,
    forcePathStyle: local,
  });
}
