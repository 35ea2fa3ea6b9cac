/**
 * Which detected formats a declared upload type accepts (a renamed executable is not a PDF, a bare
 * zip is not a Word document). Pure: the bytes' format is detected at the edge that reads them
 * (shared/adapters/file-format.ts, on the `file-type` library); this module only holds the rule, for
 * the types the product accepts (upload-policy.ts).
 */

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The formats `file-type` may report for each accepted binary type. An animated PNG is still a PNG;
 * Office documents must be recognised as that Office format, not just as a zip container.
 */
export const DETECTED_FORMATS: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['application/pdf'],
  'image/png': ['image/png', 'image/apng'],
  'image/jpeg': ['image/jpeg'],
  [DOCX]: [DOCX],
  [XLSX]: [XLSX],
};

const TEXT_TYPES = new Set(['text/plain', 'text/csv']);

/** Text: valid UTF-8 without NUL bytes, and not a binary format that file-type recognises. */
function isPlainText(bytes: Uint8Array, detected: string | undefined) {
  if (detected && !detected.startsWith('text/') && detected !== 'application/xml') return false;
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when the bytes' detected format (undefined when `file-type` recognised none) is what the
 * declared content type promises.
 */
export function declaredTypeAccepts(
  contentType: string,
  detected: string | undefined,
  bytes: Uint8Array,
): boolean {
  if (TEXT_TYPES.has(contentType)) return isPlainText(bytes, detected);
  return detected !== undefined && (DETECTED_FORMATS[contentType] ?? []).includes(detected);
}

/**
 * Best-effort text of a document for clause suggestions: plain text as is; for a PDF, the literal
 * strings of its uncompressed text operators (many generated contracts); otherwise nothing.
 */
export function extractText(bytes: Uint8Array, contentType: string): string {
  if (contentType === 'text/plain') return new TextDecoder().decode(bytes);
  if (contentType !== 'application/pdf') return '';
  const raw = new TextDecoder('latin1').decode(bytes);
  const parts: string[] = [];
  for (const m of raw.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj|\[((?:[^\]])*)\]\s*TJ/g)) {
    const chunk = m[1] ?? (m[2] ?? '').replace(/\)\s*-?\d+(\.\d+)?\s*\(/g, '').replace(/^\(|\)$/g, '');
    parts.push(chunk.replace(/\\([()\\])/g, '$1'));
  }
  return parts.join(' ');
}
