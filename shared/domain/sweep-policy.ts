/**
 * How the deadline sweep treats an item whose processing keeps failing (a poisoned record, a
 * vendor whose data no longer parses): each failure is counted on the item and the item is retried
 * later with a growing delay; after `maxAttempts` failures for the same deadline it is quarantined
 * (taken off the due index) and compliance gets one alert. Policy, not regulation: the defaults
 * keep a broken item from blocking or spamming the sweep while a human looks at it within hours.
 */
import * as z from '#shared/schemas/zod.ts';

export const SweepPolicy = z.strictObject({
  /** Failures of one item (for one deadline) before it is quarantined. */
  maxAttempts: z._default(z.int().check(z.gte(1, 'maxAttempts must be 1 or more')), 5),
  /** Delay before the first retry; each further failure doubles it (15, 30, 60, 120 min by default). */
  retryAfterMinutes: z._default(z.int().check(z.positive('retryAfterMinutes must be positive')), 15),
});
export type SweepPolicy = z.infer<typeof SweepPolicy>;

/** The longest a failing item waits between attempts, whatever the doubling says. */
export const MAX_RETRY_DELAY_MS = 24 * 60 * 60_000;

export type FailureDecision =
  | { action: 'retry'; attempts: number; retryAt: string }
  | { action: 'quarantine'; attempts: number };

/** Pure: what to do after the item's `previous` failures (for its current deadline) and one more. */
export function afterItemFailure(policy: SweepPolicy, previous: number, now: Date): FailureDecision {
  const attempts = previous + 1;
  if (attempts >= policy.maxAttempts) return { action: 'quarantine', attempts };
  const delay = Math.min(policy.retryAfterMinutes * 60_000 * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
  return { action: 'retry', attempts, retryAt: new Date(now.getTime() + delay).toISOString() };
}
