/** Turns a schema failure into a 400 a user can act on: one entry per bad field, with its path. */
import { AppError } from '../errors.ts';
import type * as z from '../schemas/zod.ts';

export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.slice(0, 50).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const first = details[0];
  throw new AppError(
    'invalid_request',
    `The ${what} is not valid${first ? `: ${first.path}: ${first.message}` : ''}`,
    400,
    details,
  );
}
