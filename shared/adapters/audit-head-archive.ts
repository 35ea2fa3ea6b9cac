/**
 * The write-once archive of audit chain heads: one S3 object per vendor, `audit-heads/<vendorId>.json`,
 * in a bucket with Object Lock in compliance mode (infra/constructs/audit-archive.ts). Each
 * publication is a new object version locked until six years and a day after it was published
 * (45 CFR 164.316(b)(2)(i): documentation is kept six years); in compliance mode nobody, the root
 * user included, can delete or shorten the lock of a version, so a head once published stays
 * readable whatever happens to the table.
 *
 * Each PUT asks for the retention explicitly (mode and date) and repeats it in the object metadata:
 * the bucket's default retention applies on AWS anyway, and the local S3 stand-in, which does not
 * implement Object Lock, still keeps a record of what was requested. The SHA-256 checksum is asked
 * for explicitly because S3 refuses Object Lock PUTs without an integrity checksum.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PublishedHead } from '../domain/audit-chain.ts';
import { retainedUntil } from '../domain/audit-chain.ts';
import type { AuditHead, PublishedHeadReader } from './dynamodb/audit-repository.ts';

/** HIPAA documentation retention (six years) plus a day, so that no time-zone reading shortens it. */
export const ARCHIVE_RETENTION_YEARS = 6;
export const archiveKey = (vendorId: string) => `audit-heads/${vendorId}.json`;

export interface PublishedObject {
  vendorId: string;
  seq: number;
  hash: string;
  /** When the head's event happened. */
  headAt: string;
  publishedAt: string;
  retainUntil: string;
}

export class AuditHeadArchive implements PublishedHeadReader {
  private readonly s3: S3Client;
  readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** The retention a head published at `at` gets: six years and a day. */
  static retainUntil(at: Date): string {
    const sixYears = new Date(retainedUntil({ at: at.toISOString() }, ARCHIVE_RETENTION_YEARS));
    return new Date(sixYears.getTime() + 24 * 3600_000).toISOString();
  }

  async publish(head: AuditHead, at: Date): Promise<PublishedObject> {
    const retainUntil = AuditHeadArchive.retainUntil(at);
    const body: PublishedObject = {
      vendorId: head.vendorId,
      seq: head.seq,
      hash: head.hash,
      headAt: head.at,
      publishedAt: at.toISOString(),
      retainUntil,
    };
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: archiveKey(head.vendorId),
        Body: JSON.stringify(body),
        ContentType: 'application/json',
        ChecksumAlgorithm: 'SHA256',
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: new Date(retainUntil),
        Metadata: { 'lock-mode': 'COMPLIANCE', 'retain-until': retainUntil },
      }),
    );
    return body;
  }

  /** The latest published head of a vendor, or null when none was published. */
  async latest(vendorId: string): Promise<PublishedHead | null> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: archiveKey(vendorId) }),
      );
      const body = JSON.parse((await out.Body?.transformToString()) ?? 'null') as PublishedObject | null;
      if (!body || typeof body.seq !== 'number' || typeof body.hash !== 'string') {
        throw new Error(`The published head of ${vendorId} is unreadable`);
      }
      return { seq: body.seq, hash: body.hash, publishedAt: body.publishedAt };
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NotFound') return null;
      throw error;
    }
  }
}
