/**
 * Retention of BAA records. HIPAA documentation is kept 6 years from creation or the date it was last
 * in effect, whichever is later (45 CFR 164.316(b)(2)(i)); OCR corrective action plans have also asked
 * for BAAs to be kept 6 years after termination. The policy may keep longer (`retentionYears` >= 6).
 */
import type { BaaPolicy, IsoTimeLike } from '#shared/schemas/baa.ts';
import type { IsoTime } from '#shared/schemas/core.ts';

/** The dates of a BAA record that retention depends on. */
export interface BaaRetentionDates {
  createdAt: IsoTimeLike;
  signedAt?: IsoTimeLike;
  expiresAt?: IsoTimeLike;
  terminatedAt?: IsoTimeLike;
}

export type DeleteCheck =
  | { ok: true }
  | {
      ok: false;
      code: 'retention_period';
      message: string;
      /** End of the retention period; null while a signed BAA is in force with no end date. */
      retainUntil: IsoTime | null;
    };

function ms(value: IsoTimeLike, field: string): number {
  const t = new Date(value).getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${field} is not a timestamp: ${String(value)}`);
  return t;
}

/** Adds calendar years in UTC; 29 February rolls to 1 March, which only ever keeps a record a day longer. */
function addYears(t: number, years: number): Date {
  const d = new Date(t);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/**
 * End of the retention period: `policy.retentionYears` after the latest of creation, signing and the
 * last day in effect (termination if terminated, otherwise expiry). Returns null for a signed BAA
 * with neither expiry nor termination: it is still in effect, so its retention period has not begun.
 */
export function retentionUntil(baa: BaaRetentionDates, policy: BaaPolicy): IsoTime | null {
  const lastInEffect = baa.terminatedAt ?? baa.expiresAt;
  if (baa.signedAt !== undefined && lastInEffect === undefined) return null;
  const anchors = [ms(baa.createdAt, 'createdAt')];
  if (baa.signedAt !== undefined) anchors.push(ms(baa.signedAt, 'signedAt'));
  if (baa.terminatedAt !== undefined) anchors.push(ms(baa.terminatedAt, 'terminatedAt'));
  // An early termination ends the agreement before its planned expiry; otherwise expiry is the last day.
  else if (baa.expiresAt !== undefined) anchors.push(ms(baa.expiresAt, 'expiresAt'));
  return addYears(Math.max(...anchors), policy.retentionYears).toISOString();
}

/** Whether a BAA record may be deleted at `now`; refuses with the date it must be kept until. */
export function canDelete(baa: BaaRetentionDates, now: Date, policy: BaaPolicy): DeleteCheck {
  const until = retentionUntil(baa, policy);
  if (until === null) {
    return {
      ok: false,
      code: 'retention_period',
      message: `This BAA is in effect with no end date; it must be kept until ${policy.retentionYears} years after it ends.`,
      retainUntil: null,
    };
  }
  if (now.getTime() < Date.parse(until)) {
    return {
      ok: false,
      code: 'retention_period',
      message: `This BAA must be kept until ${until.slice(0, 10)} (${policy.retentionYears} years, 45 CFR 164.316(b)(2)(i)).`,
      retainUntil: until,
    };
  }
  return { ok: true };
}
