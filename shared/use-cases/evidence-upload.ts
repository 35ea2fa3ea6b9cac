/** Evidence uploads: validate the file, hand out a presigned PUT under the assessment's own prefix. */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../composition.ts';
import { checkUpload } from '../domain/upload-policy.ts';
import { AppError } from '../errors.ts';
import * as z from '../schemas/zod.ts';
import type { PortalSession } from './portal-access.ts';
import { parseInput } from './validation.ts';

export const UploadRequest = z.object({
  fileName: z.string().check(z.minLength(1), z.maxLength(255)),
  contentType: z.string().check(z.minLength(1), z.maxLength(200)),
  size: z.number(),
  /** The question or finding the file belongs to (for the file's key). */
  purpose: z.optional(z.string().check(z.regex(/^[a-z0-9_-]{1,80}$/))),
});

/**
 * `owner` is the assessment (vendor portal) or an incident (notice evidence): the file's key is
 * `evidence/<owner id>/<purpose>/…`, so each record only accepts keys under its own prefix.
 */
export async function createEvidenceUpload(
  deps: Deps,
  session: { assessment: Pick<PortalSession['assessment'], 'id'> },
  body: unknown,
) {
  const request = parseInput(UploadRequest, body, 'upload request');
  const check = checkUpload(request);
  if (!check.ok) throw new AppError(check.code, check.message, check.code === 'file_too_large' ? 413 : 400);
  const safeName = request.fileName.replace(/[^\w.\- ]/g, '_');
  const key = `evidence/${session.assessment.id}/${request.purpose ?? 'general'}/${randomUUID()}/${safeName}`;
  const uploadUrl = await deps.documents.presignUpload(key, request.contentType, request.size);
  return {
    uploadUrl,
    method: 'PUT',
    headers: { 'content-type': request.contentType },
    evidence: { key, name: request.fileName, size: request.size, contentType: request.contentType },
  };
}
