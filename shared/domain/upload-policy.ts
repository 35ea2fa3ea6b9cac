/**
 * What files the product accepts: evidence for questionnaire answers and fixes, and BAA documents.
 * Pure checks so the API, the portal and the tests agree on one rule.
 */
export const UPLOAD_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'text/plain': 'text file',
  'text/csv': 'CSV file',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
};
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type UploadCheck =
  | { ok: true }
  | { ok: false; code: 'unsupported_type' | 'file_too_large' | 'empty_file' | 'bad_name'; message: string };

export function checkUpload(input: { fileName: string; contentType: string; size: number }): UploadCheck {
  if (!input.fileName.trim() || input.fileName.length > 255 || /[/\\\0]/.test(input.fileName)) {
    return { ok: false, code: 'bad_name', message: 'The file name must be 1-255 characters without slashes' };
  }
  if (!UPLOAD_TYPES[input.contentType]) {
    return {
      ok: false,
      code: 'unsupported_type',
      message: `Files of type "${input.contentType}" are not accepted. Upload a ${Object.values(UPLOAD_TYPES).join(', ')}.`,
    };
  }
  if (!Number.isInteger(input.size) || input.size <= 0) {
    return { ok: false, code: 'empty_file', message: 'The file is empty' };
  }
  if (input.size > MAX_UPLOAD_BYTES) {
    return {
      ok: false,
      code: 'file_too_large',
      message: `Files are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; this one is ${(input.size / 1024 / 1024).toFixed(1)} MB`,
    };
  }
  return { ok: true };
}
