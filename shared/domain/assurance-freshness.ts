/**
 * When an assurance document goes stale: pure and table-driven (docs/assurance.md has the rules
 * with their sources). HIPAA sets none of these periods; they are the product's policy defaults,
 * drawn from how the frameworks themselves describe their reports and certificates:
 *
 * | document        | current until (stale from 00:00 UTC of that day)                          |
 * | --------------- | ------------------------------------------------------------------------- |
 * | SOC 2 (I or II) | period end + 12 months (policy `soc2Months`)                              |
 * |   + bridge      | the letter's through date + 1 day, at most 3 months past the above       |
 * | HITRUST         | the printed expiry, never past certification + r2 24 / i1 12 / e1 12 months |
 * | ISO/IEC 27001   | the printed expiry                                                        |
 * | pen test        | test date + 12 months (policy; the NPRM proposes an annual test)          |
 * | cyber insurance | the policy's expiry date                                                  |
 */
import type { AssuranceFields, AssuranceType } from '../schemas/assurance.ts';
import * as z from '../schemas/zod.ts';
import { addCalendarMonths } from './approval-gates.ts';
import { DAY_MS } from './time.ts';

const Months = (fallback: number) => z._default(z.int().check(z.minimum(1), z.maximum(60)), fallback);

export const AssurancePolicy = z.object({
  soc2Months: Months(12),
  /** How far past the report's own currency a bridge letter may extend it. */
  bridgeMaxMonths: z._default(z.int().check(z.minimum(0), z.maximum(12)), 3),
  hitrustMonths: z._default(z.object({ r2: Months(24), i1: Months(12), e1: Months(12) }), {
    r2: 24,
    i1: 12,
    e1: 12,
  }),
  penTestMonths: Months(12),
  /**
   * The annual business associate verification. A PROPOSED rule (HIPAA Security Rule NPRM,
   * 90 FR 898, 6 Jan 2025) and a recommended practice today: on by default, switchable off.
   */
  annualVerification: z._default(
    z.object({
      enabled: z._default(z.boolean(), true),
      validMonths: Months(12),
      responseDays: z._default(z.int().check(z.minimum(1), z.maximum(120)), 30),
    }),
    { enabled: true, validMonths: 12, responseDays: 30 },
  ),
});
export type AssurancePolicy = z.infer<typeof AssurancePolicy>;
export const DEFAULT_ASSURANCE_POLICY: AssurancePolicy = AssurancePolicy.parse({});

const midnight = (day: string) => `${day}T00:00:00.000Z`;
const nextDay = (day: string) => new Date(Date.parse(midnight(day)) + DAY_MS).toISOString();
const earliest = (a: string, b: string) => (a <= b ? a : b);
const latest = (a: string, b: string) => (a >= b ? a : b);

/**
 * The instant a document stops being current (ISO time), or null for a bridge letter, which has no
 * currency of its own: pass the bridges of a SOC 2 report and they extend it.
 */
export function staleAt(
  fields: AssuranceFields,
  policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY,
  bridges: readonly { throughDate: string }[] = [],
): string | null {
  switch (fields.type) {
    case 'soc2': {
      const base = addCalendarMonths(midnight(fields.periodEnd), policy.soc2Months);
      const cap = addCalendarMonths(base, policy.bridgeMaxMonths);
      return bridges.reduce((until, b) => latest(until, earliest(nextDay(b.throughDate), cap)), base);
    }
    case 'bridge_letter':
      return null;
    case 'hitrust':
      return earliest(
        midnight(fields.expiresOn),
        addCalendarMonths(midnight(fields.certifiedOn), policy.hitrustMonths[fields.assessment]),
      );
    case 'iso27001':
    case 'cyber_insurance':
      return midnight(fields.expiresOn);
    case 'pen_test':
      return addCalendarMonths(midnight(fields.testedOn), policy.penTestMonths);
  }
}

export type Currency = 'current' | 'expiring' | 'stale' | 'missing';

/** `expiring` within `warnDays` (the first reminder, 60 days by default). */
export function currencyOf(stale: string | null, now: Date, warnDays = 60): Currency {
  if (!stale) return 'missing';
  const ms = Date.parse(stale) - now.getTime();
  if (ms <= 0) return 'stale';
  return ms <= warnDays * DAY_MS ? 'expiring' : 'current';
}

export interface DatedDocument {
  id: string;
  type: AssuranceType;
  fields: AssuranceFields;
  status: 'submitted' | 'confirmed';
}

/** Each non-bridge document with its stale instant, bridges applied to the SOC 2 report they name. */
export function withStaleDates<T extends DatedDocument>(
  docs: readonly T[],
  policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY,
): { doc: T; staleAt: string }[] {
  const bridgesOf = (id: string) =>
    docs.flatMap((d) =>
      d.fields.type === 'bridge_letter' && d.fields.bridgesDocumentId === id
        ? [{ throughDate: d.fields.throughDate }]
        : [],
    );
  return docs.flatMap((doc) => {
    const at = staleAt(doc.fields, policy, bridgesOf(doc.id));
    return at ? [{ doc, staleAt: at }] : [];
  });
}

/**
 * Per type, the document that carries the type's currency (the latest stale date): only it keeps a
 * reminder ladder; an older report superseded by a newer one is never chased.
 */
export function leadingDocuments<T extends DatedDocument>(
  docs: readonly T[],
  policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY,
): Map<AssuranceType, { doc: T; staleAt: string }> {
  const lead = new Map<AssuranceType, { doc: T; staleAt: string }>();
  for (const entry of withStaleDates(docs, policy)) {
    const current = lead.get(entry.doc.type);
    if (!current || entry.staleAt > current.staleAt) lead.set(entry.doc.type, entry);
  }
  return lead;
}
