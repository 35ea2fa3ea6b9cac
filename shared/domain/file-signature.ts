/**
 * Checks that a file's bytes match its declared type (a renamed executable is not a PDF). Pure;
 * covers the types the product accepts (upload-policy.ts).
 */
const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

export function matchesDeclaredType(bytes: Uint8Array, contentType: string): boolean {
  switch (contentType) {
    case 'application/pdf':
      return startsWith(bytes, [0x25, 0x50, 0x44, 0x46]); // %PDF
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]);
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
      return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]); // zip container
    case 'text/plain':
    case 'text/csv':
      // Text: valid UTF-8 without NUL bytes.
      if (bytes.includes(0)) return false;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return true;
      } catch {
        return false;
      }
    default:
      return false;
  }
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
