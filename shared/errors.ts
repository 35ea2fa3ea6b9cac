/**
 * Errors a caller can act on. Every expected failure is an AppError with a stable `code`; the HTTP
 * layer maps `status` onto the response and never shows a stack trace. Anything else is a bug (500).
 */
export type ErrorDetails = Record<string, unknown> | readonly unknown[];

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetails | undefined;

  constructor(code: string, message: string, status = 400, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('not_found', `${what} ${id} was not found`, 404);

export const conflict = (code: string, message: string, details?: ErrorDetails) =>
  new AppError(code, message, 409, details);

/** Thrown for failures worth retrying (throttling, 5xx from a dependency); Step Functions retries it by name. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}
