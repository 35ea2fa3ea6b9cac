/**
 * The one label catalogue: what staff and vendors read instead of ids and enum values. Console
 * pages, approval gates, the audit timeline, the audit packet and the exports' human columns all
 * word statuses, dates and actors through this module, so a status reads the same everywhere.
 * Pure: no I/O; a page passes what it knows (the vendor) to name actors.
 */

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const STAGE_LABELS: Record<
  'intake' | 'assessment_sent' | 'answered' | 'in_remediation' | 'decided',
  string
> = {
  intake: 'Intake',
  assessment_sent: 'Assessment sent',
  answered: 'Answered',
  in_remediation: 'In remediation',
  decided: 'Decided',
};

export const BAA_STATUS_LABELS: Record<string, string> = {
  not_required: 'Not required',
  required: 'Required',
  sent: 'Sent to vendor',
  under_review: 'Under review',
  changes_requested: 'Changes requested',
  signed: 'Signed',
  expiring: 'Expiring',
  expired: 'Expired',
  terminated: 'Terminated',
};

export const FINDING_STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  fix_reported: 'Fix reported',
  verified: 'Verified',
  accepted: 'Risk accepted',
  closed: 'Closed',
};

export const ASSESSMENT_STATUS_LABELS: Record<string, string> = {
  launching: 'Being sent',
  sent: 'Sent to vendor',
  in_progress: 'In progress',
  submitted: 'Submitted, being scored',
  reviewed: 'Reviewed',
  launch_failed: 'Sending failed',
};

export const ROLE_LABELS: Record<string, string> = {
  procurement: 'Procurement',
  compliance: 'Compliance',
  admin: 'Admin',
  vendor: 'Vendor',
  system: 'System',
};

export const DECISION_LABELS: Record<string, string> = {
  approve: 'Approved',
  approve_with_conditions: 'Approved with conditions',
  reject: 'Rejected',
  needs_review: 'Needs review',
};

/** A review's proposed outcome: a recommendation, not a decision ("Approve", never "Approved"). */
export const PROPOSED_OUTCOME_LABELS: Record<string, string> = {
  approve: 'Approve',
  approve_with_conditions: 'Approve with conditions',
  reject: 'Reject',
  needs_review: 'Needs review',
};

export const SEVERITY_LABELS: Record<string, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const TIER_LABELS: Record<string, string> = {
  critical: 'Critical tier',
  high: 'High tier',
  moderate: 'Moderate tier',
  low: 'Low tier',
};

/** History actions of findings and BAAs, and audit actions, in words. */
export const ACTION_LABELS: Record<string, string> = {
  fix_reported: 'Fix reported',
  fix_verified: 'Fix verified',
  fix_rejected: 'Fix rejected',
  extended: 'Deadline extended',
  risk_accepted: 'Risk accepted',
  acceptance_lapsed: 'Risk acceptance lapsed',
  send: 'Sent to vendor',
  receive_document: 'Document received',
  request_changes: 'Changes requested',
  sign: 'Signed',
  terminate: 'Terminated',
  renew: 'Renewal requested',
  expire: 'Expired',
};

/** A label from a table, or the value in words ("in_remediation" → "In remediation"). */
export const labelOf = (labels: Record<string, string>, value: string | null | undefined) =>
  value ? (labels[value] ?? capital(value.replaceAll('_', ' '))) : '—';

/** Audit subjects whose words are not the id with its first letter raised. */
const AUDIT_SUBJECT_LABELS: Record<string, string> = { baa: 'BAA', incident_link: 'Incident link' };

/** Words of an id: underscores to spaces, "baa" kept as the abbreviation it is. */
const idWords = (id: string) => id.replaceAll('_', ' ').replace(/\bbaa\b/g, 'BAA');

/** An audit action id in words: "finding.fix_reported" → "Finding: fix reported", "baa.signed" → "BAA: signed". */
export function auditActionLabel(action: string): string {
  const [subject, verb] = action.includes('.') ? action.split('.', 2) : ['', action];
  const label = ACTION_LABELS[verb ?? ''];
  if (!subject) return label ?? capital(idWords(verb ?? ''));
  const words = label ? label.toLowerCase() : idWords(verb ?? '');
  return `${AUDIT_SUBJECT_LABELS[subject] ?? capital(idWords(subject))}: ${words}`;
}

/** "March 4, 2026" (UTC). */
export function humanDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** "March 4, 2026, 14:05 UTC". */
export function humanDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${humanDate(iso)}, ${iso.slice(11, 16)} UTC`;
}

/** "pat.lee@x.org" → "Pat Lee"; a role address gives its local part ("procurement"). */
export function personName(email: string): string {
  const local = email.split('@')[0] ?? email;
  const parts = local.split(/[._-]/).filter(Boolean);
  if (parts.length >= 2 && parts.every((p) => /^[a-z]{2,}$/i.test(p))) {
    return parts.map((p) => capital(p.toLowerCase())).join(' ');
  }
  return capital(local);
}

export interface ActorContext {
  /** The vendor whose page this is: a vendor actor is its contact. */
  vendor?: { contactName: string; name: string };
}

/**
 * An actor as a person: "Jo Vendor (vendor)", "Pat Lee (procurement)", "BAA Guard (automatic)".
 * Actor ids are a staff email, `vendor:<assessment or vendor id>`, or `system`.
 */
export function actorLabel(actor: string | { id: string; role?: string }, ctx: ActorContext = {}): string {
  const id = typeof actor === 'string' ? actor : actor.id;
  const role = typeof actor === 'string' ? undefined : actor.role;
  if (id === 'system' || role === 'system') return 'BAA Guard (automatic)';
  if (id.startsWith('vendor:') || role === 'vendor') {
    return `${ctx.vendor?.contactName ?? 'Vendor contact'} (vendor${ctx.vendor ? `, ${ctx.vendor.name}` : ''})`;
  }
  const name = id.includes('@') ? personName(id) : id;
  return role ? `${name} (${(ROLE_LABELS[role] ?? role).toLowerCase()})` : name;
}
