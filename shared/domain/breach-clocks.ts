/**
 * The HIPAA breach clocks of a vendor incident (docs/incidents.md has the table and a worked example).
 *
 * Pure: the incident's facts, the deployment's extra deadlines and `now` in, the deadlines out. The
 * same function runs at intake and after every change (assessment, notice sent, law-enforcement
 * delay), so a stored deadline is always what these rules say for the facts on record.
 *
 * Conventions (policy, stated once): a "60 calendar days" deadline ends at 23:59:59.999 UTC of the
 * 60th day after the day of discovery (the day of discovery is day 0); the 24-hour contingency
 * notice is an exact instant.
 */
import type {
  Deadline,
  DeadlineStatus,
  Determination,
  ExtraDeadlineRule,
  IncidentPolicy,
  IncidentType,
  LawEnforcementDelay,
  StateCount,
} from '../schemas/incident.ts';
import { DAY_MS } from './time.ts';

export const LEGAL_NOTICE_DAYS = 60;
/** 164.406: media notice when MORE than 500 residents of one State or jurisdiction are affected. */
export const MEDIA_THRESHOLD = 500;
/** 164.408(b): HHS is told contemporaneously at 500 or more; below, in the annual log. */
export const HHS_IMMEDIATE_THRESHOLD = 500;
/** 164.412(b): an oral law-enforcement statement delays notice at most 30 days unless put in writing. */
export const ORAL_DELAY_MAX_DAYS = 30;
export const CONTINGENCY_NOTICE_HOURS = 24;

export interface ClockFacts {
  type: IncidentType;
  discoveredAt: string;
  reportedAt: string;
  phiInvolved: boolean;
  unsecuredPhi: boolean;
  individualsAffected: number;
  states: readonly StateCount[];
  vendorIsAgent: boolean;
  /** The BAA's breach-reporting window (clause review), null when unknown. */
  contractedWindowDays: number | null;
  assessment?: { determination: Determination; countersignedAt?: string | undefined } | undefined;
  lawEnforcementDelay?: LawEnforcementDelay | undefined;
  /** Notices sent (or the vendor's information received), by deadline id. */
  notices: Readonly<Record<string, { sentAt: string }>>;
  informationRequest?: { dueAt: string } | undefined;
}

export const DETERMINATION_LABEL: Record<Determination, string> = {
  breach: 'Breach of unsecured PHI',
  low_probability: 'Low probability that PHI was compromised (164.402(2))',
  not_phi: 'No PHI involved',
  exception_good_faith_workforce:
    'Exception: unintentional, good-faith access by a workforce member (164.402(1)(i))',
  exception_inadvertent_disclosure:
    'Exception: inadvertent disclosure between authorized persons (164.402(1)(ii))',
  exception_unable_to_retain:
    'Exception: the recipient could not reasonably have retained it (164.402(1)(iii))',
};

/** The last instant of the calendar day `days` after the day of `fromIso` (UTC). */
export function calendarDue(fromIso: string, days: number): string {
  const from = new Date(fromIso);
  const day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return new Date(day + (days + 1) * DAY_MS - 1).toISOString();
}

/** 164.408(c): the log of small breaches discovered in `year` is due 60 days after 31 December. */
export function annualLogDueAt(year: number): string {
  return calendarDue(new Date(Date.UTC(year, 11, 31)).toISOString(), LEGAL_NOTICE_DAYS);
}

/**
 * The covered entity's discovery (164.404(a)(2)): a business associate acting as our agent discovers
 * for us; otherwise our clock starts when the vendor tells us.
 */
export const ceDiscoveryAt = (facts: Pick<ClockFacts, 'vendorIsAgent' | 'discoveredAt' | 'reportedAt'>) =>
  facts.vendorIsAgent ? facts.discoveredAt : facts.reportedAt;

/** Notice clocks run only for PHI that was not secured per HHS guidance (164.402 "unsecured PHI"). */
export const noticeClocksApply = (facts: Pick<ClockFacts, 'phiInvolved' | 'unsecuredPhi'>) =>
  facts.phiInvolved && facts.unsecuredPhi;

/** A determination other than breach, confirmed by a second compliance user, ends the notice duty. */
export const notBreachConfirmed = (facts: Pick<ClockFacts, 'assessment'>) =>
  !!facts.assessment && facts.assessment.determination !== 'breach' && !!facts.assessment.countersignedAt;

/** The end of a law-enforcement delay, capped at 30 days for an oral statement (164.412(b)). */
export function delayEnd(delay: LawEnforcementDelay): string {
  if (delay.statement === 'written') return delay.until;
  const cap = Date.parse(delay.from) + ORAL_DELAY_MAX_DAYS * DAY_MS;
  return new Date(Math.min(Date.parse(delay.until), cap)).toISOString();
}

/**
 * 164.412 tolls the covered entity's clocks: the time the delay covers (from the later of its start
 * and the clock's start, up to its end) is added to the deadline. A delay that starts after the
 * deadline changes nothing.
 */
function paused(dueAt: string, clockStart: string, delay: LawEnforcementDelay | undefined) {
  if (!delay) return { dueAt, pausedFrom: undefined, pausedUntil: undefined };
  const due = Date.parse(dueAt);
  const start = Math.max(Date.parse(delay.from), Date.parse(clockStart));
  const end = Date.parse(delayEnd(delay));
  if (start >= due || end <= start) return { dueAt, pausedFrom: undefined, pausedUntil: undefined };
  return {
    dueAt: new Date(due + (end - start)).toISOString(),
    pausedFrom: new Date(start).toISOString(),
    pausedUntil: new Date(end).toISOString(),
  };
}

function statusOf(dueAt: string, sentAt: string | undefined, now: Date): DeadlineStatus {
  if (sentAt) return Date.parse(sentAt) <= Date.parse(dueAt) ? 'met' : 'late';
  return now.getTime() > Date.parse(dueAt) ? 'overdue' : 'open';
}

const extraApplies = (rule: ExtraDeadlineRule, states: readonly StateCount[]) =>
  !rule.states ||
  states.some((s) => rule.states?.includes(s.state) && s.count >= Math.max(1, rule.minResidents));

/**
 * Every deadline of an incident, in due-date order. Vendor-owned deadlines (its notice to us) are
 * met or late as soon as it reports; ours are open until a notice is recorded or a confirmed
 * non-breach determination closes them.
 */
export function computeDeadlines(facts: ClockFacts, policy: IncidentPolicy, now: Date): Deadline[] {
  const out: Deadline[] = [];
  const vendorDeadline = (d: Omit<Deadline, 'status' | 'owner'>) =>
    out.push({
      ...d,
      owner: 'vendor',
      status: Date.parse(d.dueAt) >= Date.parse(facts.reportedAt) ? 'met' : 'late',
    });

  if (noticeClocksApply(facts)) {
    vendorDeadline({
      id: 'vendor_notice_legal',
      kind: 'vendor_notice',
      label: 'Vendor notifies us (legal limit)',
      dueAt: calendarDue(facts.discoveredAt, LEGAL_NOTICE_DAYS),
      basis: '45 CFR 164.410(b): without unreasonable delay, at most 60 calendar days after discovery',
    });
  }
  if (facts.contractedWindowDays !== null) {
    vendorDeadline({
      id: 'vendor_notice_contract',
      kind: 'vendor_notice',
      label: `Vendor notifies us (BAA: ${facts.contractedWindowDays} days)`,
      dueAt: calendarDue(facts.discoveredAt, facts.contractedWindowDays),
      basis: `Contract: the BAA's reporting clause (${facts.contractedWindowDays} calendar days, per the clause review); 164.504(e)(2)(ii)(C), 164.314(a)(2)(i)(C)`,
    });
  }
  if (facts.type === 'contingency_activation') {
    vendorDeadline({
      id: 'contingency_notice',
      kind: 'contingency_notice',
      label: 'Vendor notifies us of its contingency-plan activation (24 hours)',
      dueAt: new Date(Date.parse(facts.discoveredAt) + CONTINGENCY_NOTICE_HOURS * 3_600_000).toISOString(),
      basis:
        'PROPOSED, not yet law: HIPAA Security Rule NPRM (90 FR 898, 6 Jan 2025), 24 hours after activation',
    });
  }

  if (noticeClocksApply(facts)) {
    const start = ceDiscoveryAt(facts);
    const startWord = facts.vendorIsAgent
      ? 'the vendor acts as our agent, so its discovery is ours (164.404(a)(2))'
      : 'counted from the vendor’s report to us';
    const closed = notBreachConfirmed(facts);
    const ours = (d: Omit<Deadline, 'status' | 'owner' | 'dueAt'> & { dueAt: string }) => {
      const p = paused(d.dueAt, start, facts.lawEnforcementDelay);
      const sentAt = facts.notices[d.id]?.sentAt;
      let status = statusOf(p.dueAt, sentAt, now);
      let note: string | undefined;
      if (!sentAt && closed && facts.assessment) {
        status = 'closed';
        note = `Closed: ${DETERMINATION_LABEL[facts.assessment.determination]} (countersigned)`;
      } else if (
        !sentAt &&
        p.pausedFrom &&
        p.pausedUntil &&
        now.getTime() >= Date.parse(p.pausedFrom) &&
        now.getTime() < Date.parse(p.pausedUntil)
      ) {
        status = 'paused';
      }
      if (p.pausedUntil && status !== 'closed') {
        note = `Paused by a law-enforcement delay until ${p.pausedUntil.slice(0, 10)} (164.412)`;
      }
      out.push({ ...d, dueAt: p.dueAt, owner: 'covered_entity', status, ...(note ? { note } : {}) });
    };
    const individualsDue = calendarDue(start, LEGAL_NOTICE_DAYS);
    ours({
      id: 'individuals',
      kind: 'individuals',
      label: 'Notify affected individuals',
      dueAt: individualsDue,
      basis: `45 CFR 164.404(b): at most 60 calendar days after our discovery; ${startWord}`,
    });
    if (facts.individualsAffected >= HHS_IMMEDIATE_THRESHOLD) {
      ours({
        id: 'hhs',
        kind: 'hhs',
        label: 'Notify HHS (500 or more individuals)',
        dueAt: individualsDue,
        basis: '45 CFR 164.408(b): contemporaneously with the individual notice, for 500 or more',
      });
    } else {
      const year = new Date(start).getUTCFullYear();
      ours({
        id: 'hhs',
        kind: 'hhs',
        label: `Log with HHS (annual log of ${year})`,
        dueAt: annualLogDueAt(year),
        basis: `45 CFR 164.408(c): fewer than 500, in the log due 60 days after the end of ${year}`,
      });
    }
    for (const s of facts.states) {
      if (s.count > MEDIA_THRESHOLD) {
        ours({
          id: `media_${s.state}`,
          kind: 'media',
          label: `Notify prominent media in ${s.state} (${s.count} residents)`,
          dueAt: individualsDue,
          basis: '45 CFR 164.406(b): more than 500 residents of one State or jurisdiction, within 60 days',
        });
      }
    }
    for (const rule of policy.extraDeadlines) {
      if (!extraApplies(rule, facts.states)) continue;
      ours({
        id: `extra_${rule.id}`,
        kind: 'extra',
        label: rule.label,
        dueAt: calendarDue(start, rule.days),
        basis: `Configured: ${rule.basis}`,
      });
    }
  }

  if (facts.informationRequest) {
    const received = facts.notices.vendor_information?.sentAt;
    out.push({
      id: 'vendor_information',
      kind: 'vendor_information',
      label: 'Vendor sends the information still missing',
      dueAt: facts.informationRequest.dueAt,
      owner: 'vendor',
      status: statusOf(facts.informationRequest.dueAt, received, now),
      basis: '45 CFR 164.410(c): what we need for our notices; the due date is ours (policy)',
    });
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

/** Deadlines someone still has to act on (they run on the due index). */
export const isRunning = (d: Pick<Deadline, 'status'>) =>
  d.status === 'open' || d.status === 'overdue' || d.status === 'paused';

/** A vendor notice that was late, or a breach report missing what 164.410(c) requires. */
export function lateVendorNotices(deadlines: readonly Deadline[]): Deadline[] {
  return deadlines.filter(
    (d) => d.owner === 'vendor' && d.kind !== 'vendor_information' && d.status === 'late',
  );
}

/**
 * The incident stays open until it is assessed (a non-breach determination countersigned) and no
 * deadline of ours runs.
 */
export function incidentOpen(facts: Pick<ClockFacts, 'assessment'>, deadlines: readonly Deadline[]): boolean {
  const assessed =
    !!facts.assessment && (facts.assessment.determination === 'breach' || !!facts.assessment.countersignedAt);
  return !assessed || deadlines.some(isRunning);
}

export const nextDueAt = (deadlines: readonly Deadline[]) =>
  deadlines
    .filter(isRunning)
    .reduce<string | undefined>((m, d) => (!m || d.dueAt < m ? d.dueAt : m), undefined);
