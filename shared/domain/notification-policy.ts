/**
 * How our own people receive deadline mail (policy, not regulation): each role chooses `immediate`
 * (one email per vendor per ladder step kind at the end of the sweep that reaches the step) or
 * `daily` (one email a day listing everything that reached them since the last one, sent by the
 * first sweep after `dailyDigestHourUtc`). Vendors always get immediate mail: it carries their link.
 * Set per deployment in POLICY_JSON, e.g. `{"notifications":{"delivery":{"compliance":"daily"}}}`.
 */
import * as z from '#shared/schemas/zod.ts';
import { DAY_MS } from './time.ts';

export const DeliveryMode = z.enum(['immediate', 'daily']);
export type DeliveryMode = z.infer<typeof DeliveryMode>;

const Mode = z._default(DeliveryMode, 'immediate');

export const NotificationPolicy = z.strictObject({
  delivery: z._default(
    z.strictObject({
      business_owner: Mode,
      procurement: Mode,
      compliance: Mode,
      executive: Mode,
      privacy_officer: Mode,
    }),
    () => ({
      business_owner: 'immediate' as const,
      procurement: 'immediate' as const,
      compliance: 'immediate' as const,
      executive: 'immediate' as const,
      privacy_officer: 'immediate' as const,
    }),
  ),
  /** Hour of the day (UTC) after which the daily digest goes out. */
  dailyDigestHourUtc: z._default(z.int().check(z.gte(0), z.lte(23)), 8),
});
export type NotificationPolicy = z.infer<typeof NotificationPolicy>;

export type Recipient = 'vendor' | keyof NotificationPolicy['delivery'];

export function deliveryModeOf(policy: NotificationPolicy, party: Recipient): DeliveryMode {
  return party === 'vendor' ? 'immediate' : policy.delivery[party];
}

/** When a line filed at `at` for a daily reader goes out: the next digest hour strictly after `at`. */
export function nextDigestAt(policy: NotificationPolicy, at: Date): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const today = day + policy.dailyDigestHourUtc * 3_600_000;
  return new Date(today > at.getTime() ? today : today + DAY_MS);
}
