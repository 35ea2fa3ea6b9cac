/**
 * Every error leaves as `{ "error": { "code", "message", "details" } }`. AppErrors keep their status;
 * anything else is logged (name only: messages may carry input) and becomes a 500 without a stack.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../errors.ts';
import { logger } from '../logger.ts';

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, details: details ?? null } };
}

export function toErrorResponse(error: unknown, c: Context) {
  if (error instanceof AppError) {
    return c.json(errorBody(error.code, error.message, error.details), error.status as 400);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 413 ? 'payload_too_large' : status === 404 ? 'not_found' : 'bad_request';
    return c.json(errorBody(code, error.message || 'Bad request'), status);
  }
  if (error instanceof SyntaxError) {
    return c.json(errorBody('invalid_json', 'The request body is not valid JSON'), 400);
  }
  logger.error('Unhandled error', {
    errorName: error instanceof Error ? error.name : typeof error,
    // The route pattern, never the path: portal paths carry the vendor's link token.
    path: c.req.routePath,
  });
  return c.json(errorBody('internal_error', 'Something went wrong on our side; it has been logged'), 500);
}
