/**
 * BAA lifecycle: an explicit table of the moves a BAA may make. Anything not in the table is refused,
 * so a BAA cannot skip review (sign only from `under_review`) and a signed agreement cannot silently
 * disappear when the intake changes (a signed BAA stays; HIPAA requires keeping it, 164.316(b)(2)(i)).
 * Diagram and table: docs/baa.md.
 */
import { BAA_EVENT_LABELS, BAA_STATUS_LABELS, labelOf } from '#shared/labels.ts';
import type { BaaEvent, BaaEventType, BaaStatus } from '#shared/schemas/baa.ts';

/** `BAA_TRANSITIONS[from][event]` is the status after the event; a missing entry is a forbidden move. */
export const BAA_TRANSITIONS: Readonly<
  Record<BaaStatus, Readonly<Partial<Record<BaaEventType, BaaStatus>>>>
> = {
  not_required: { require: 'required' },
  required: { unrequire: 'not_required', send: 'sent' },
  // `unrequire` from sent: compliance records a documented BAA exemption before any document arrives.
  sent: { receive_document: 'under_review', unrequire: 'not_required' },
  // A vendor may upload a corrected copy while we review: the review goes on.
  under_review: { receive_document: 'under_review', request_changes: 'changes_requested', sign: 'signed' },
  // Either the vendor answers with a redline, or we send our own revised draft.
  changes_requested: { receive_document: 'under_review', send: 'sent' },
  // `expire` straight from `signed` covers a missed reminder run; renewal starts from `expiring`.
  signed: { mark_expiring: 'expiring', expire: 'expired', terminate: 'terminated' },
  expiring: { expire: 'expired', renew: 'sent', terminate: 'terminated' },
  expired: { renew: 'sent' },
  // The old agreement is over; PHI flowing again needs a new one.
  terminated: { require: 'required' },
};

export type TransitionResult =
  | { ok: true; status: BaaStatus }
  | { ok: false; code: 'invalid_transition' | 'invalid_term'; message: string };

/** Events allowed from a status, in table order (for buttons in the console). */
export function allowedBaaEvents(status: BaaStatus): BaaEventType[] {
  return Object.keys(BAA_TRANSITIONS[status]) as BaaEventType[];
}

/**
 * Applies an event to a BAA status. Pure: refuses moves missing from `BAA_TRANSITIONS` and a `sign`
 * whose term does not end after it starts. Clause rules (`evaluateClauseReview`) are checked by the
 * caller before `sign`; this function only knows the state machine.
 */
export function transition(status: BaaStatus, event: BaaEvent): TransitionResult {
  const next = BAA_TRANSITIONS[status][event.type];
  if (next === undefined) {
    const allowed = allowedBaaEvents(status);
    return {
      ok: false,
      code: 'invalid_transition',
      message: `A BAA that is ${labelOf(BAA_STATUS_LABELS, status).toLowerCase()} cannot ${labelOf(BAA_EVENT_LABELS, event.type)}; ${
        allowed.length > 0
          ? `it can now ${allowed.map((e) => labelOf(BAA_EVENT_LABELS, e)).join(', or ')}`
          : 'it cannot change any more'
      }.`,
    };
  }
  if (event.type === 'sign') {
    const effective = Date.parse(event.effectiveAt);
    // No expiry: coterminous with the services agreement (a periodic review date takes its place).
    const expires = event.expiresAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(event.expiresAt);
    if (!Number.isFinite(effective) || Number.isNaN(expires) || expires <= effective) {
      return {
        ok: false,
        code: 'invalid_term',
        message: `A BAA must expire after it takes effect (effective ${event.effectiveAt}, expires ${event.expiresAt}).`,
      };
    }
  }
  return { ok: true, status: next };
}

export interface IntakeBaaChange {
  status: BaaStatus;
  /** The lifecycle event to record, or null when the status does not move. */
  event: 'require' | 'unrequire' | null;
  /** Why the status did not follow the intake, shown to the user and kept in the audit trail. */
  note?: string;
}

/**
 * The BAA status after the intake's PHI answer changes. PHI makes a BAA at least required; no PHI
 * releases only a BAA that was merely required. Anything already sent, signed or ended stays put with
 * a note: a negotiation is a human decision and a signed BAA is a retained record.
 */
export function baaStatusForIntake(current: BaaStatus, handlesPhi: boolean): IntakeBaaChange {
  if (handlesPhi) {
    if (current === 'not_required' || current === 'terminated') {
      return { status: 'required', event: 'require' };
    }
    if (current === 'expired') {
      return {
        status: current,
        event: null,
        note: 'The vendor handles PHI but its BAA has expired: renew it before PHI flows.',
      };
    }
    return { status: current, event: null };
  }
  switch (current) {
    case 'required':
      return { status: 'not_required', event: 'unrequire' };
    case 'not_required':
      return { status: current, event: null };
    case 'sent':
    case 'under_review':
    case 'changes_requested':
      return {
        status: current,
        event: null,
        note: 'The intake no longer reports PHI, but a BAA is being negotiated: decide whether to continue.',
      };
    case 'signed':
    case 'expiring':
      return {
        status: current,
        event: null,
        note: 'The intake no longer reports PHI; the signed BAA stays in force until it expires or is terminated.',
      };
    case 'expired':
    case 'terminated':
      return { status: current, event: null, note: 'The BAA record is kept for the retention period.' };
  }
}
