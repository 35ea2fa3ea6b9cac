/**
 * Evidence files and BAA documents in S3 (s3rver locally, same SDK code path). Uploads go straight
 * from the browser to S3 with a short-lived presigned PUT; the app never streams files through
 * Lambda. Objects are versioned and KMS-encrypted in AWS (bucket defaults).
 */
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** What the store holds for a key, read from the object itself (never from a client's claim). */
export interface StoredFile {
  size: number;
  contentType: string;
  /** The S3 version these facts describe; later uploads to the key cannot change what it names. */
  versionId: string | undefined;
  /** SHA-256 (hex) of the stored bytes; absent when the object is over `maxBytes` (not read). */
  sha256: string | undefined;
  /** The bytes themselves (at most `maxBytes`), for content checks by the caller. */
  bytes: Uint8Array | undefined;
}

export interface StoredObject {
  size: number;
  contentType: string | undefined;
  versionId: string | undefined;
}

export class DocumentStore {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /**
   * A URL the browser can PUT the file to for the next 15 minutes. The declared length and type are
   * signed, so S3 refuses a different file; the product still reads the stored object when the
   * upload is registered (shared/use-cases/upload-keys.ts). The S3 client carries no flexible
   * checksum into the URL (aws-clients.ts), which S3 would check against the real body.
   */
  presignUpload(key: string, contentType: string, size: number): Promise<string> {
    return getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size }),
      { expiresIn: 900, signableHeaders: new Set(['content-type', 'content-length']) },
    );
  }

  presignDownload(key: string, fileName: string, versionId?: string): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        VersionId: versionId,
        ResponseContentDisposition: `attachment; filename="${fileName.replace(/[^\w.\- ]/g, '_')}"`,
      }),
      { expiresIn: 300 },
    );
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType, versionId: out.VersionId };
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === 'NotFound') return undefined;
      throw error;
    }
  }

  /**
   * Reads one version of an object in a single GET (bytes, type and version id agree) and hashes
   * it. Objects over `maxBytes` are not read; their size tells the caller to refuse them.
   */
  async inspect(key: string, maxBytes: number): Promise<StoredFile | undefined> {
    let out: GetObjectCommandOutput;
    try {
      out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
    const size = out.ContentLength ?? 0;
    const facts = {
      size,
      contentType: out.ContentType ?? 'application/octet-stream',
      versionId: out.VersionId,
    };
    if (size > maxBytes) {
      (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
      return { ...facts, sha256: undefined, bytes: undefined };
    }
    const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    return {
      ...facts,
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes,
    };
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<{ versionId: string | undefined }> {
    const out = await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
    return { versionId: out.VersionId };
  }

  async get(key: string, versionId?: string): Promise<Uint8Array> {
    const out = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }),
    );
    return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
  }
}
