/**
 * Evidence uploads: validate the file, issue (and record) a key under the assessment's own prefix,
 * hand out a presigned PUT for it. Only keys issued here can be cited later (upload-keys.ts).
 */
import type { Deps } from '../composition.ts';
import { checkUpload } from '../domain/upload-policy.ts';
import { AppError } from '../errors.ts';
import { noControlCharacters } from '../schemas/core.ts';
import * as z from '../schemas/zod.ts';
import type { PortalSession } from './portal-access.ts';
import { issueUploadKey, type UploadScope } from './upload-keys.ts';
import { parseInput } from './validation.ts';

export const UploadRequest = z.object({
  fileName: z.string().check(noControlCharacters, z.minLength(1), z.maxLength(255)),
  contentType: z.string().check(noControlCharacters, z.minLength(1), z.maxLength(200)),
  size: z.number(),
  /** The question or finding the file belongs to (for the file's key). */
  purpose: z.optional(z.string().check(z.regex(/^[a-z0-9_-]{1,80}$/))),
});

/**
 * The vendor's evidence for its assessment (portal session), or staff's notice evidence for an
 * incident: the key is issued for that scope only, and only that record accepts it later.
 */
export async function createEvidenceUpload(
  deps: Deps,
  owner: PortalSession | { scope: UploadScope; actorId: string },
  body: unknown,
) {
  const request = parseInput(UploadRequest, body, 'upload request');
  const check = checkUpload(request);
  if (!check.ok) throw new AppError(check.code, check.message, check.code === 'file_too_large' ? 413 : 400);
  const { scope, actorId } =
    'scope' in owner
      ? owner
      : {
          scope: { kind: 'evidence', vendorId: owner.vendor.id, assessmentId: owner.assessment.id } as const,
          actorId: owner.actor.id,
        };
  const { key } = await issueUploadKey(deps, scope, request, actorId);
  const uploadUrl = await deps.documents.presignUpload(key, request.contentType, request.size);
  return {
    uploadUrl,
    method: 'PUT',
    headers: { 'content-type': request.contentType },
    evidence: { key, name: request.fileName, size: request.size, contentType: request.contentType },
  };
}
