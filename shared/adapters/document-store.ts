/**
 * Evidence files and BAA documents in S3 (s3rver locally, same SDK code path). Uploads go straight
 * from the browser to S3 with a short-lived presigned PUT; the app never streams files through
 * Lambda. Objects are versioned and KMS-encrypted in AWS (bucket defaults).
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

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
   * signed, so S3 refuses a different file; the product still checks the stored object afterwards
   * (HEAD) because not every S3-compatible store enforces signed headers.
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
