/**
 * Remediation deadlines and review thresholds. Defaults follow the product defaults in the domain
 * reference (critical 15, high 30, medium 90, low 180 days, anchored on CISA BOD 19-02 and the 2025
 * Security Rule NPRM); they are organisation settings, never presented as law.
 */
import type { Severity } from '#shared/schemas/core.ts';
import * as z from '#shared/schemas/zod.ts';
import { DAY_MS } from './time.ts';

const Days = z.int().check(z.gte(1), z.lte(3650));

export const REMEDIATION_DEFAULT_DAYS = { critical: 15, high: 30, medium: 90, low: 180 } as const;

/**
 * Policy: the longest a risk may stay accepted, by severity. A critical risk is looked at again
 * within a quarter; no acceptance outlives a year without a fresh decision.
 */
export const ACCEPTANCE_DEFAULT_MAX_DAYS = { critical: 90, high: 180, medium: 365, low: 365 } as const;

export const RemediationPolicy = z.object({
  days: z._default(
    z
      .object({
        critical: z._default(Days, REMEDIATION_DEFAULT_DAYS.critical),
        high: z._default(Days, REMEDIATION_DEFAULT_DAYS.high),
        medium: z._default(Days, REMEDIATION_DEFAULT_DAYS.medium),
        low: z._default(Days, REMEDIATION_DEFAULT_DAYS.low),
      })
      .check(
        z.refine(
          (d) => d.critical <= d.high && d.high <= d.medium && d.medium <= d.low,
          'A more severe finding must not get a later deadline (critical <= high <= medium <= low)',
        ),
      ),
    () => ({ ...REMEDIATION_DEFAULT_DAYS }),
  ),
  /** Longest risk acceptance by severity, in days (a more severe risk never longer). */
  acceptanceMaxDays: z._default(
    z
      .object({
        critical: z._default(Days, ACCEPTANCE_DEFAULT_MAX_DAYS.critical),
        high: z._default(Days, ACCEPTANCE_DEFAULT_MAX_DAYS.high),
        medium: z._default(Days, ACCEPTANCE_DEFAULT_MAX_DAYS.medium),
        low: z._default(Days, ACCEPTANCE_DEFAULT_MAX_DAYS.low),
      })
      .check(
        z.refine(
          (d) => d.critical <= d.high && d.high <= d.medium && d.medium <= d.low,
          'A more severe risk must not be accepted for longer (critical <= high <= medium <= low)',
        ),
      ),
    () => ({ ...ACCEPTANCE_DEFAULT_MAX_DAYS }),
  ),
  /** A domain scoring below this (0-100) becomes a domain finding. */
  lowDomainScoreThreshold: z._default(z.int().check(z.gte(0), z.lte(100)), 60),
  /** Days the vendor has to answer a questionnaire after it is sent. */
  questionnaireResponseDays: z._default(Days, 14),
});
export type RemediationPolicy = z.infer<typeof RemediationPolicy>;

export const DEFAULT_REMEDIATION_POLICY: RemediationPolicy = RemediationPolicy.parse({});

/** The ISO due date of a finding of `severity` raised at `from`: `from` plus the policy's days. */
export function dueDateFor(
  severity: Severity,
  from: Date,
  policy: RemediationPolicy = DEFAULT_REMEDIATION_POLICY,
): string {
  return new Date(from.getTime() + policy.days[severity] * DAY_MS).toISOString();
}
