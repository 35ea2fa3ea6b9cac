/**
 * Vendor incidents: what a vendor (or staff, from a call) reports, the risk assessment compliance
 * records, the notices sent, and the clocks (docs/incidents.md). One small item per incident; the
 * deadlines' due-index rows are separate small items so a sweep never rewrites the incident.
 */
import { IsoTime } from './core.ts';
import * as z from './zod.ts';

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const IncidentType = z.enum(['security_incident', 'suspected_breach', 'contingency_activation']);
export type IncidentType = z.infer<typeof IncidentType>;

/**
 * Where residents can live for the State counts (media notice, 164.406: "a State or jurisdiction").
 * 45 CFR 160.103 defines State as the several States, the District of Columbia, Puerto Rico, the
 * Virgin Islands and Guam; American Samoa and the Northern Mariana Islands are added as the other
 * inhabited US jurisdictions (policy: 164.406 says "jurisdiction" without a list).
 */
export const STATE_CODES: ReadonlySet<string> = new Set(
  [
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY',
    'NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP',
  ]
    .join(' ')
    .split(' '),
);

/** Two-letter US state or territory code ("jurisdiction" in 164.406), e.g. CA, PR, DC. */
export const StateCode = z.string().check(
  z.trim(),
  z.toUpperCase(),
  z.regex(/^[A-Z]{2}$/, 'Use the two-letter state or territory code, e.g. CA'),
  z.refine(
    (code) => !/^[A-Z]{2}$/.test(code) || STATE_CODES.has(code),
    'Not a US State or territory code; use e.g. CA, DC or PR',
  ),
);

export const StateCount = z.object({
  state: StateCode,
  count: z.int().check(z.gte(0), z.lte(1_000_000_000)),
});
export type StateCount = z.infer<typeof StateCount>;

export const PhiCategory = z.enum([
  'demographic',
  'contact',
  'financial',
  'clinical',
  'medication',
  'insurance',
  'ssn',
  'images',
  'credentials',
  'other',
]);
export type PhiCategory = z.infer<typeof PhiCategory>;

/** The report, as the vendor's portal form or staff's call log submits it. */
export const ReportIncidentRequest = z.object({
  type: IncidentType,
  /** When the vendor discovered it (164.410(a)(2)); for a contingency activation, when the plan was activated. */
  discoveredAt: IsoTime,
  /** When the vendor told us; defaults to now. Never in the future, never before discovery. */
  reportedAt: z.optional(IsoTime),
  summary: Text(4000),
  phiInvolved: z.boolean(),
  /** Estimate; 0 when not known yet. */
  individualsAffected: z._default(z.int().check(z.gte(0), z.lte(1_000_000_000)), 0),
  states: z._default(z.array(StateCount).check(z.maxLength(60)), []),
  /** PHI not rendered unusable per HHS guidance (encryption, destruction): 164.402 "unsecured". */
  unsecuredPhi: z.boolean(),
  systems: z._default(z.array(Text(200)).check(z.maxLength(30)), []),
  phiCategories: z._default(z.array(PhiCategory).check(z.maxLength(10)), []),
  /** Set at intake by staff: the vendor acts as our agent, so its discovery is ours (164.404(a)(2)). */
  vendorIsAgent: z._default(z.boolean(), false),
  /** The reporter's name and contact, for follow-up. */
  reporterName: z.optional(Text(200)),
  reporterEmail: z.optional(z.email()),
});
export type ReportIncidentRequest = z.infer<typeof ReportIncidentRequest>;

/** 164.402(2): the four factors, each in compliance's words. */
export const RiskFactors = z.object({
  natureAndExtent: Text(4000),
  unauthorizedPerson: Text(4000),
  acquiredOrViewed: Text(4000),
  mitigation: Text(4000),
});

export const Determination = z.enum([
  'breach',
  'low_probability',
  'not_phi',
  'exception_good_faith_workforce',
  'exception_inadvertent_disclosure',
  'exception_unable_to_retain',
]);
export type Determination = z.infer<typeof Determination>;

export const RiskAssessmentRequest = z.object({
  factors: RiskFactors,
  determination: Determination,
  rationale: Text(4000),
});

export const RiskAssessment = z.object({
  factors: RiskFactors,
  determination: Determination,
  rationale: z.string(),
  assessedBy: z.string(),
  assessedAt: IsoTime,
  countersignedBy: z.optional(z.string()),
  countersignedAt: z.optional(IsoTime),
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;

/** 164.412: a law-enforcement statement that notice would impede an investigation. */
export const LawEnforcementDelay = z.object({
  /** Agency and official, e.g. "FBI Boston field office, SA Jane Roe". */
  basis: Text(1000),
  statement: z.enum(['written', 'oral']),
  from: IsoTime,
  until: IsoTime,
});
export type LawEnforcementDelay = z.infer<typeof LawEnforcementDelay>;

export const EvidenceNote = z.object({
  /** The uploaded file's key from the evidence upload path, if any. */
  key: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
  description: Text(1000),
  /** Pinned from the stored object when the notice is recorded (never taken from the request). */
  sha256: z.optional(z.string()),
  size: z.optional(z.number()),
  versionId: z.optional(z.string()),
});

export const NoticeSentRequest = z.object({
  sentAt: IsoTime,
  evidence: z.array(EvidenceNote).check(z.minLength(1, 'Attach or describe the evidence'), z.maxLength(10)),
});

/** A notice (or the vendor's reply) recorded against one deadline. */
export const NoticeRecord = z.object({
  sentAt: IsoTime,
  evidence: z.array(EvidenceNote),
  recordedBy: z.string(),
  recordedAt: IsoTime,
});
export type NoticeRecord = z.infer<typeof NoticeRecord>;

/** A deployment's extra deadline (state law, internal policy); the product ships none. */
export const ExtraDeadlineRule = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9_]{2,40}$/, 'ids are lower_snake_case')),
  label: Text(200),
  /** The statute or policy that sets it; shown as the deadline's basis. */
  basis: Text(500),
  days: z.int().check(z.gte(1), z.lte(365)),
  /** Applies when the incident lists at least one resident of these states; omitted = every incident. */
  states: z.optional(z.array(StateCode)),
  minResidents: z._default(z.int().check(z.gte(0)), 1),
});
export type ExtraDeadlineRule = z.infer<typeof ExtraDeadlineRule>;

export const IncidentPolicy = z.strictObject({
  extraDeadlines: z._default(z.array(ExtraDeadlineRule).check(z.maxLength(50)), []),
});
export type IncidentPolicy = z.infer<typeof IncidentPolicy>;

export const DeadlineKind = z.enum([
  'vendor_notice',
  'contingency_notice',
  'individuals',
  'hhs',
  'media',
  'extra',
  'vendor_information',
]);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

export const DeadlineStatus = z.enum(['open', 'paused', 'overdue', 'met', 'late', 'closed']);
export type DeadlineStatus = z.infer<typeof DeadlineStatus>;

export const Deadline = z.object({
  id: z.string(),
  kind: DeadlineKind,
  label: z.string(),
  dueAt: IsoTime,
  status: DeadlineStatus,
  /** The rule and its citation, or "policy"/"proposed" where no law sets it. */
  basis: z.string(),
  /** Who must act: the vendor (its notice to us) or us (the covered entity). */
  owner: z.enum(['vendor', 'covered_entity']),
  /** Why the status is what it is (e.g. "closed: low probability of compromise, countersigned"). */
  note: z.optional(z.string()),
});
export type Deadline = z.infer<typeof Deadline>;

export const InformationRequestInput = z.object({
  items: z.array(Text(500)).check(z.minLength(1), z.maxLength(20)),
  dueAt: IsoTime,
});

export const Incident = z.object({
  id: z.string(),
  vendorId: z.string(),
  vendorName: z.string(),
  type: IncidentType,
  discoveredAt: IsoTime,
  reportedAt: IsoTime,
  summary: z.string(),
  phiInvolved: z.boolean(),
  individualsAffected: z.number(),
  states: z.array(StateCount),
  unsecuredPhi: z.boolean(),
  systems: z.array(z.string()),
  phiCategories: z.array(PhiCategory),
  vendorIsAgent: z.boolean(),
  reporterName: z.optional(z.string()),
  reporterEmail: z.optional(z.string()),
  /** 'portal' (the vendor's incident link) or 'staff' (logged from a call). */
  channel: z.enum(['portal', 'staff']),
  /** The BAA's contracted window at the time of the report (null: no reviewed BAA). */
  contractedWindowDays: z.nullable(z.number()),
  assessment: z.optional(RiskAssessment),
  lawEnforcementDelay: z.optional(LawEnforcementDelay),
  notices: z.record(z.string(), NoticeRecord),
  informationRequest: z.optional(
    z.object({ items: z.array(z.string()), dueAt: IsoTime, requestedAt: IsoTime, requestedBy: z.string() }),
  ),
  /** What the vendor sent later through its link (free text; may describe PHI, shown to staff only). */
  vendorUpdates: z.optional(z.array(z.object({ at: IsoTime, text: z.string() }))),
  deadlines: z.array(Deadline),
  status: z.enum(['open', 'closed']),
  /** The earliest open deadline: the register's sort key. */
  nextDueAt: z.optional(IsoTime),
  /** Follow-up steps of the report already done (audited, notified, flagged): a retry resumes. */
  intakeSteps: z.optional(z.array(z.string())),
  /** Findings this incident opened against the vendor (late or incomplete notice). */
  findingIds: z.optional(z.array(z.string())),
  createdBy: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  version: z.number(),
});
export type Incident = z.infer<typeof Incident>;
