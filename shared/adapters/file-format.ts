/**
 * Detects an uploaded file's real format from its bytes with `file-type` (magic numbers, and for
 * zip containers the entries inside, so a bare zip is not taken for a Word document). The rule of
 * which detected format a declared type accepts is pure and lives in domain/file-signature.ts.
 */
import { declaredTypeAccepts } from '../domain/file-signature.ts';

/** The MIME type file-type recognises in `bytes`, or undefined (text, or an unknown format). */
export async function detectFormat(bytes: Uint8Array): Promise<string | undefined> {
  // Loaded on first upload, not at cold start: only upload registrations need the detectors.
  const { fileTypeFromBuffer } = await import('file-type');
  return (await fileTypeFromBuffer(bytes))?.mime;
}

/** True when the bytes are what `contentType` declares (see declaredTypeAccepts). */
export async function bytesMatchDeclaredType(bytes: Uint8Array, contentType: string): Promise<boolean> {
  return declaredTypeAccepts(contentType, await detectFormat(bytes), bytes);
}
