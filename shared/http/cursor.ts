/** Opaque pagination cursors: the DynamoDB resume key, base64url JSON. A bad cursor is a 400. */
import { AppError } from '../errors.ts';

export const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A resume key is a handful of string key attributes; anything else was not issued by us.
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.keys(value).length > 0 &&
      Object.keys(value).length <= 6 &&
      Object.entries(value).every(
        ([k, v]) => /^[A-Za-z0-9]{1,20}$/.test(k) && typeof v === 'string' && v.length <= 1024,
      )
    ) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw new AppError('invalid_cursor', 'The cursor is not one this API returned', 400);
}

export function parseLimit(value: string | undefined, max = 100, fallback = 25): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new AppError('invalid_request', `limit must be a whole number from 1 to ${max}`, 400);
  }
  return n;
}
