/** The vendor page's model (what the route gathers) and the helpers its sections share. */
import { html, type SafeHtml } from '../../../html.ts';
import { type ActorContext, actorRoles } from '../../../labels.ts';
import type { Assessment } from '../../../schemas/assessment.ts';
import type { AuditEvent } from '../../../schemas/audit.ts';
import type { BaaChecklist } from '../../../schemas/baa.ts';
import type { BaaRecord } from '../../../schemas/baa-record.ts';
import type { Finding } from '../../../schemas/finding.ts';
import type { Vendor } from '../../../schemas/vendor.ts';
import type { Notice, Viewer } from './components.ts';

export interface LadderSummary {
  /** The last step sent (or skipped) for the current due date, in words. */
  last?: string;
  /** When the sweep next acts on the item, and what it will send when known. */
  nextAt?: string;
  next?: string;
}

export interface FindingRow {
  finding: Finding;
  ladder: LadderSummary | null;
  /** Question findings: the answer that caused it, in words, and the question on the assessment page. */
  answer?: { text: string; href: string };
  /** Links that open the fix report's evidence files. */
  fixFiles?: { name: string; href: string }[];
}

export interface GateCell {
  ok: boolean;
  message?: string;
}

export interface GateRow {
  gate: string;
  label: string;
  approve: GateCell;
  conditional: GateCell;
}

/** A refused form: which one, why, and what was typed. */
export interface FormProblem {
  form: string;
  message: string;
  details?: string[];
  values?: Record<string, string>;
}

export interface VendorCapabilities {
  launch: boolean;
  resend: boolean;
  manageFindings: boolean;
  manageBaa: boolean;
  /** Compliance only: second approval of a BAA review, BAA exemptions. */
  decideRisk?: boolean;
  decide: boolean;
  override: boolean;
  /** Procurement and compliance: correct the data location and insurance (intake update). */
  editIntake?: boolean;
}

export interface OffshoreGate {
  required: boolean;
  reasons: readonly string[];
  review: { decision: 'accepted' | 'not_accepted'; reason: string; at: string; current: boolean } | null;
}

export interface VendorModel {
  organisation: string;
  viewer: Viewer;
  now: string;
  vendor: Vendor;
  /** Newest first. */
  assessments: Assessment[];
  /** The latest reviewed assessment, whose findings are listed. */
  reviewed: Assessment | null;
  findings: FindingRow[];
  baas: BaaRecord[];
  checklist: BaaChecklist;
  maxNoticeWindowDays: number;
  gates: GateRow[];
  /** The offshore data review as the gate sees it (approval-gates.ts `GateInput.offshore`). */
  offshore?: OffshoreGate;
  /** Newest first, possibly the latest part only. */
  audit: AuditEvent[];
  auditTotal: number;
  can: VendorCapabilities;
  notice?: Notice;
  problem?: FormProblem;
}

/** Who is who on this page: the vendor's contact, and staff roles as the audit trail shown records them. */
export const actorsOf = (model: VendorModel): ActorContext => ({
  vendor: model.vendor,
  roles: actorRoles(model.audit),
});

export const yes = (b: boolean | undefined) => (b ? 'Yes' : 'No');
export const enc = encodeURIComponent;

/** A refused form's message, shown in place. */
export function problemFor(model: VendorModel, form: string): SafeHtml | '' {
  const p = model.problem;
  if (!p || p.form !== form) return '';
  return html`<div class="form-error">
<p><strong>Not done:</strong> ${p.message}</p>
${p.details?.length ? html`<ul>${p.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
</div>`;
}

export const typed = (model: VendorModel, form: string, name: string, fallback = '') =>
  model.problem?.form === form ? (model.problem.values?.[name] ?? fallback) : fallback;

export const isOpen = (model: VendorModel, form: string) => model.problem?.form === form;
