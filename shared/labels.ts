/**
 * The one label catalogue: what staff and vendors read instead of ids and enum values. Console
 * pages, approval gates, the audit timeline, the audit packet and the exports' human columns all
 * word statuses, dates and actors through this module, so a status reads the same everywhere.
 * Pure: no I/O; a page passes what it knows (the vendor) to name actors.
 */

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A count in words: "1 evidence file", "2 evidence files", "0 addresses" with `many` for an
 * irregular plural (`plural(n, 'address', 'addresses')`). Never "file(s)".
 */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

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

/** What a BAA event does, as the end of "A BAA that is … cannot …" (errors shown to staff). */
export const BAA_EVENT_LABELS: Record<string, string> = {
  require: 'be required',
  unrequire: 'be released as not required',
  send: 'be sent to the vendor',
  receive_document: 'receive a document',
  request_changes: 'have changes requested',
  sign: 'be signed',
  mark_expiring: 'be marked as expiring',
  expire: 'expire',
  renew: 'be renewed',
  terminate: 'be terminated',
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

/** Intake: the vendor's access to our systems. */
export const SYSTEM_ACCESS_LABELS: Record<string, string> = {
  none: 'No access to our systems',
  user: 'User-level access to our systems',
  privileged: 'Privileged access to our systems',
};

/** Intake: how many individuals' records the vendor handles. */
export const RECORD_VOLUME_LABELS: Record<string, string> = {
  none: 'No records',
  under_500: 'Fewer than 500 individuals',
  '500_to_10k': '500 to 10,000 individuals',
  '10k_to_100k': '10,000 to 100,000 individuals',
  over_100k: 'More than 100,000 individuals',
};

/** The contracting party of a BAA. */
export const BAA_PARTY_LABELS: Record<string, string> = {
  vendor: 'Vendor (main agreement)',
  subcontractor: 'Subcontractor agreement',
};

/** A version of a BAA document. */
export const BAA_DOCUMENT_KIND_LABELS: Record<string, string> = {
  template: 'Our template',
  redline: 'Redline',
  signed: 'Signed copy',
};

export const INCIDENT_TYPE_LABELS: Record<string, string> = {
  security_incident: 'Security incident',
  suspected_breach: 'Suspected breach of PHI',
  contingency_activation: 'Contingency-plan activation',
};

export const INCIDENT_STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  closed: 'Closed',
};

/** A notification deadline of an incident. */
export const DEADLINE_STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  paused: 'Paused (law enforcement)',
  overdue: 'Overdue',
  met: 'Met',
  late: 'Late',
  closed: 'Closed',
};

/** Approval gates in words (vendor page gate list, decisions, exports). */
export const GATE_LABELS: Record<string, string> = {
  assessment_reviewed: 'Assessment reviewed',
  assessment_current: 'Assessment within the reassessment period',
  baa_signed: 'Signed BAA in force',
  verification_current: 'Annual verification of technical safeguards (proposed rule; recommended practice)',
  offshore_reviewed: 'Offshore data reviewed by compliance (policy)',
  no_open_critical: 'No unresolved critical finding (plain approval: nor high)',
  conditions_listed: 'Conditions listed',
  reason_given: 'Reason given',
};

/** What an audit-chain verification found wrong with one event. */
export const CHAIN_PROBLEM_LABELS: Record<string, string> = {
  altered: 'Altered',
  missing: 'Missing',
  reordered: 'Out of order',
  broken_link: 'Broken link to the previous event',
  foreign_vendor: "Another vendor's event",
};

/** One due item in an audit summary ("— "MFA" (finding fix, due 3 March 2027)"), singular. */
export const DUE_ITEM_LABELS: Record<string, string> = {
  questionnaire_response: 'questionnaire answers',
  finding_remediation: 'finding fix',
  baa_expiry: 'BAA expiry',
  reassessment: 'reassessment',
  risk_acceptance_expiry: 'risk acceptance ending',
  baa_response: 'BAA reply',
  baa_review: 'BAA periodic review',
  baa_return_destroy: 'return or destruction of PHI',
  clarification_response: 'clarification reply',
  incident_deadline: 'incident notice deadline',
  assurance_expiry: 'assurance document going stale',
  verification_response: 'annual verification awaited',
  verification_renewal: 'annual verification falling due',
};

/** What a due item of the sweep is about (escalation-policy.ts DueKind). */
export const DUE_KIND_LABELS: Record<string, string> = {
  questionnaire_response: 'questionnaire answers',
  finding_remediation: 'finding fixes',
  baa_expiry: 'BAA expiries',
  reassessment: 'reassessments',
  risk_acceptance_expiry: 'risk acceptances ending',
  baa_response: 'BAA replies',
  baa_review: 'BAA periodic reviews',
  baa_return_destroy: 'return or destruction of PHI',
  clarification_response: 'clarification replies',
  incident_deadline: 'incident notice deadlines',
  assurance_expiry: 'assurance documents going stale',
  verification_response: 'annual verifications awaited',
  verification_renewal: 'annual verifications falling due',
};

/** Yes / no / unknown answers of the intake (offshore support access, cyber insurance). */
export const YES_NO_UNKNOWN_LABELS: Record<string, string> = {
  yes: 'Yes',
  no: 'No',
  unknown: 'Unknown',
};

/** Compliance's offshore data review. */
export const OFFSHORE_REVIEW_LABELS: Record<string, string> = {
  accepted: 'Accepted',
  not_accepted: 'Not accepted',
};

/** A whole-dollar amount: 5000000 → "$5,000,000". */
export const usd = (amount: number) =>
  amount.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** The intake's cyber insurance answer in a phrase: "Yes: Beazley, limit $5,000,000", "Unknown". */
export function insuranceInWords(
  insurance: { carries: string; carrier?: string; limitUsd?: number } | undefined,
): string {
  if (!insurance) return 'Not recorded';
  const answer = labelOf(YES_NO_UNKNOWN_LABELS, insurance.carries);
  if (insurance.carries !== 'yes') return answer;
  const parts = [
    insurance.carrier,
    insurance.limitUsd === undefined ? undefined : `limit ${usd(insurance.limitUsd)}`,
  ].filter(Boolean);
  return parts.length ? `${answer}: ${parts.join(', ')}` : answer;
}

/** History actions of findings and BAAs, and audit actions, in words. */
export const ACTION_LABELS: Record<string, string> = {
  baa_exempted: 'BAA exemption recorded',
  baa_exemption_revoked: 'BAA exemption revoked',
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
  offshore_reviewed: 'Offshore data reviewed',
  intake_updated: 'Intake updated',
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
  // Lower only the first letter, and not of an acronym ("BAA exemption revoked").
  const words = label
    ? /^[A-Z]{2}/.test(label)
      ? label
      : label.charAt(0).toLowerCase() + label.slice(1)
    : idWords(verb ?? '');
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
  /** Staff roles by actor id, from the audit trail: a record that keeps only an email still reads "Pat Lee (procurement)". */
  roles?: Readonly<Record<string, string>>;
}

/** Each actor's role as the audit trail recorded it (the latest event wins). */
export function actorRoles(
  events: readonly { actor: { id: string; role: string } }[],
): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const e of events) roles[e.actor.id] = e.actor.role;
  return roles;
}

/**
 * An actor as a person: "Jo Vendor (vendor)", "Pat Lee (procurement)", "BAA Guard (automatic)".
 * Actor ids are a staff email, `vendor:<assessment or vendor id>`, or `system`.
 */
export function actorLabel(actor: string | { id: string; role?: string }, ctx: ActorContext = {}): string {
  const id = typeof actor === 'string' ? actor : actor.id;
  const role = typeof actor === 'string' ? ctx.roles?.[actor] : (actor.role ?? ctx.roles?.[actor.id]);
  if (id === 'system' || role === 'system') return 'BAA Guard (automatic)';
  if (id.startsWith('vendor:') || role === 'vendor') {
    return `${ctx.vendor?.contactName ?? 'Vendor contact'} (vendor${ctx.vendor ? `, ${ctx.vendor.name}` : ''})`;
  }
  const name = id.includes('@') ? personName(id) : id;
  return role ? `${name} (${(ROLE_LABELS[role] ?? role).toLowerCase()})` : name;
}
