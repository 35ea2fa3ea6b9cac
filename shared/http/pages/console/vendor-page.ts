/**
 * One vendor, everything staff need to act on it: intake and tier, assessments (score history),
 * the findings of the latest reviewed assessment with their deadlines and ladder, the BAA (documents,
 * clause review, signing), the approval gates and decision, the decisions so far and the audit trail.
 *
 * Forms appear only for the roles that may use them (the routes check again). A refused form comes
 * back with the message next to it, its values kept and its <details> open. No JavaScript.
 */

import { html, type SafeHtml } from '../../../html.ts';
import { ACTION_LABELS, actorLabel, auditActionLabel } from '../../../labels.ts';
import type { Assessment } from '../../../schemas/assessment.ts';
import type { AuditEvent } from '../../../schemas/audit.ts';
import type { BaaChecklist, ClauseFinding } from '../../../schemas/baa.ts';
import type { BaaRecord } from '../../../schemas/baa-record.ts';
import type { Finding } from '../../../schemas/finding.ts';
import type { Vendor } from '../../../schemas/vendor.ts';
import {
  BAA_STATUS_LABELS,
  baaBadge,
  consolePage,
  csrfField,
  DECISION_LABELS,
  dateTime,
  day,
  findingStatusTag,
  labelOf,
  type Notice,
  noticeBanner,
  PROPOSED_OUTCOME_LABELS,
  ROLE_LABELS,
  STAGE_LABELS,
  severityBadge,
  statusTag,
  tierBadge,
  type Viewer,
} from './components.ts';

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
  /** Newest first, possibly the latest part only. */
  audit: AuditEvent[];
  auditTotal: number;
  can: VendorCapabilities;
  notice?: Notice;
  problem?: FormProblem;
}

const ASSESSMENT_STATUS_LABELS: Record<string, string> = {
  launching: 'Launching',
  sent: 'Sent',
  in_progress: 'In progress',
  submitted: 'Submitted — review running',
  reviewed: 'Reviewed',
  launch_failed: 'Launch failed',
};
const ACTIVE = ['launching', 'sent', 'in_progress', 'submitted'];
const CLAUSE_FINDINGS: readonly [ClauseFinding, string][] = [
  ['present', 'Present'],
  ['equivalent', 'Equivalent (say why in the note)'],
  ['missing', 'Missing'],
  ['deviates', 'Deviates'],
];
const INTAKE_ACCESS: Record<string, string> = {
  none: 'None',
  user: 'User-level',
  privileged: 'Privileged',
};
const INTAKE_VOLUME: Record<string, string> = {
  none: 'None',
  under_500: 'Under 500',
  '500_to_10k': '500 to 10,000',
  '10k_to_100k': '10,000 to 100,000',
  over_100k: 'Over 100,000',
};

const yes = (b: boolean | undefined) => (b ? 'Yes' : 'No');
const enc = encodeURIComponent;

/** A refused form's message, shown in place. */
function problemFor(model: VendorModel, form: string): SafeHtml | '' {
  const p = model.problem;
  if (!p || p.form !== form) return '';
  return html`<div class="form-error">
<p><strong>Not done:</strong> ${p.message}</p>
${p.details?.length ? html`<ul>${p.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
</div>`;
}

const typed = (model: VendorModel, form: string, name: string, fallback = '') =>
  model.problem?.form === form ? (model.problem.values?.[name] ?? fallback) : fallback;

const isOpen = (model: VendorModel, form: string) => model.problem?.form === form;

// --- overview ------------------------------------------------------------------------------------

function overview(model: VendorModel): SafeHtml {
  const v = model.vendor;
  const open = model.assessments.find((a) => a.status === 'sent' || a.status === 'in_progress');
  const active = model.assessments.find((a) => ACTIVE.includes(a.status));
  const actions: SafeHtml[] = [];
  if (model.can.launch && !active) {
    actions.push(html`<form method="post" action="/console/vendors/${v.id}/assessments">${csrfField(model.viewer)}
<button type="submit" class="button">${model.assessments.length ? 'Launch a reassessment' : 'Launch assessment'}</button></form>`);
  }
  if (model.can.resend && open) {
    actions.push(html`<form method="post" action="/console/vendors/${v.id}/assessments/${open.id}/invitation">${csrfField(model.viewer)}
<button type="submit" class="button button--secondary">Resend invitation</button></form>`);
  }
  return html`<div class="vendor-head">
<div>
<p class="eyebrow"><a href="/console">Pipeline</a> / <a href="/console/vendors?stage=${v.stage}">${STAGE_LABELS[v.stage]}</a></p>
<h1>${v.name}</h1>
<p class="vendor-head__tags">${tierBadge(v.tier)} ${baaBadge(v.baaStatus)} ${statusTag(STAGE_LABELS[v.stage])}${
    v.decision
      ? html` ${statusTag(labelOf(DECISION_LABELS, v.decision.decision), v.decision.decision === 'reject' ? 'bad' : 'good')}`
      : ''
  }${v.approvalLapsed ? html` ${statusTag('Approval lapsed: the BAA is no longer in force', 'bad')}` : ''}${
    v.baaExemption ? html` ${statusTag('BAA exemption recorded', 'warn')}` : ''
  }${
    v.incidentFlag
      ? html` <a href="/console/incidents/${v.incidentFlag.incidentId}">${statusTag(`Incident reported ${v.incidentFlag.reportedAt.slice(0, 10)}`, 'bad')}</a>`
      : ''
  }</p>
<p><a href="/console/vendors/${v.id}/assurance">Security documents and annual verification</a></p>
</div>
${actions.length ? html`<div class="vendor-head__actions">${actions}</div>` : ''}
</div>
<nav class="toc" aria-label="On this page"><ul>
<li><a href="#intake">Intake</a></li><li><a href="#assessments">Assessments</a></li><li><a href="#findings">Findings</a></li>
<li><a href="#baa">BAA</a></li><li><a href="#approval">Approval</a></li><li><a href="#audit">Audit trail</a></li>
</ul></nav>
<div class="grid-2">
<section class="card" aria-labelledby="intake">
<h2 id="intake">Intake and tier</h2>
<dl class="facts">
<dt>Handles PHI</dt><dd>${yes(v.intake.handlesPhi)}</dd>
<dt>Medical device</dt><dd>${yes(v.intake.medicalDevice)}</dd>
<dt>System access</dt><dd>${labelOf(INTAKE_ACCESS, v.intake.systemAccess)}</dd>
<dt>Records</dt><dd>${labelOf(INTAKE_VOLUME, v.intake.recordVolume)}</dd>
<dt>Critical clinical function</dt><dd>${yes(v.intake.criticalClinicalFunction)}</dd>
<dt>BAA required</dt><dd>${yes(v.baaRequired)}</dd>
${exemptionForm(model)}
${
  v.baaExemption
    ? html`<dt>BAA exemption</dt><dd>${v.baaExemption.reason}<span class="cell-sub">Relies on ${v.baaExemption.citation}; recorded by ${v.baaExemption.by}, ${dateTime(v.baaExemption.at)}</span></dd>`
    : ''
}
</dl>
<h3>Why ${v.tier} tier</h3>
<ul class="reasons">${v.tierReasons.map((r) => html`<li>${r}</li>`)}</ul>
</section>
<section class="card" aria-labelledby="contacts">
<h2 id="contacts">Vendor</h2>
<dl class="facts">
<dt>Services</dt><dd>${v.services.join(', ')}</dd>
<dt>Contact</dt><dd>${v.contactName} · <a href="mailto:${v.contactEmail}">${v.contactEmail}</a></dd>
<dt>Business owner</dt><dd><a href="mailto:${v.businessOwnerEmail}">${v.businessOwnerEmail}</a></dd>
<dt>Registered</dt><dd>${day(v.createdAt)} by ${v.createdBy}</dd>
${v.reassessmentDueAt ? html`<dt>Reassessment due</dt><dd>${day(v.reassessmentDueAt)}</dd>` : ''}
</dl>
</section>
</div>`;
}

// --- assessments -----------------------------------------------------------------------------------

function assessments(model: VendorModel): SafeHtml {
  const rows = model.assessments.map((a) => {
    const counts = Object.entries(a.findingCounts ?? {}).filter(([, n]) => n > 0);
    return html`<tr>
<th scope="row">${day(a.createdAt)}<span class="cell-sub">${a.questionnaire?.title ?? 'Questionnaire being prepared'}</span>${a.status === 'submitted' || a.status === 'reviewed' ? html`<a class="cell-sub" href="/console/vendors/${model.vendor.id}/assessments/${a.id}">Review answers and evidence<span class="visually-hidden"> of ${day(a.createdAt)}</span></a>` : ''}</th>
<td>${labelOf(ASSESSMENT_STATUS_LABELS, a.status)}${a.status === 'sent' || a.status === 'in_progress' ? html`<span class="cell-sub">due ${day(a.dueAt)}</span>` : ''}</td>
<td>${day(a.submittedAt)}</td>
<td class="num">${a.score === undefined ? '—' : html`<strong>${a.score}</strong>/100`}</td>
<td>${a.rating ? `${a.rating.charAt(0).toUpperCase()}${a.rating.slice(1)} risk` : '—'}</td>
<td>${a.outcome ? labelOf(PROPOSED_OUTCOME_LABELS, a.outcome) : '—'}</td>
<td>${counts.length ? counts.map(([s, n]) => html`<span class="count">${n} ${s}</span> `) : a.status === 'reviewed' ? 'None' : '—'}</td>
</tr>`;
  });
  return html`<section class="card" aria-labelledby="assessments">
<h2 id="assessments">Assessments</h2>
${
  model.assessments.length === 0
    ? html`<p class="empty">No assessment yet.${model.can.launch ? ' Launch one to send the questionnaire.' : ''}</p>`
    : html`<div class="table-wrap"><table class="data-table">
<caption class="visually-hidden">Assessments, newest first</caption>
<thead><tr><th scope="col">Requested</th><th scope="col">Status</th><th scope="col">Submitted</th><th scope="col" class="num">Score</th><th scope="col">Rating</th><th scope="col">Proposed outcome</th><th scope="col">Findings</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
</section>`;
}

// --- findings --------------------------------------------------------------------------------------

function findingActions(model: VendorModel, f: Finding): SafeHtml | '' {
  if (!model.can.manageFindings || (f.status !== 'open' && f.status !== 'fix_reported')) return '';
  const base = `/console/vendors/${model.vendor.id}/findings/${enc(f.assessmentId)}/${enc(f.id)}`;
  const ext = `extend:${f.id}`;
  const acc = `accept:${f.id}`;
  const ver = `verify:${f.id}`;
  return html`<div class="actions">
${
  f.status === 'fix_reported'
    ? html`<details class="action"${isOpen(model, ver) ? html` open` : ''}>
<summary>Verify or reject the fix</summary>
${problemFor(model, ver)}
<form method="post" action="${base}/verification">${csrfField(model.viewer)}
<fieldset class="field"><legend>Verdict</legend><div class="choices">
<label class="choice" for="ver-${f.id}-ok"><input type="radio" id="ver-${f.id}-ok" name="verdict" value="verified"${typed(model, ver, 'verdict') !== 'rejected' ? html` checked` : ''}><span>Verified — close the finding</span></label>
<label class="choice" for="ver-${f.id}-no"><input type="radio" id="ver-${f.id}-no" name="verdict" value="rejected"${typed(model, ver, 'verdict') === 'rejected' ? html` checked` : ''}><span>Rejected — back to open</span></label>
</div></fieldset>
<div class="field"><label for="ver-${f.id}-note">Verification note <span class="optional">(optional; sent to the vendor's history)</span></label>
<textarea id="ver-${f.id}-note" name="note" rows="2" maxlength="2000">${typed(model, ver, 'note')}</textarea></div>
<button type="submit" class="button button--small">Record verdict</button>
</form></details>`
    : ''
}
<details class="action"${isOpen(model, ext) ? html` open` : ''}>
<summary>Grant an extension</summary>
${problemFor(model, ext)}
<form method="post" action="${base}/extension">${csrfField(model.viewer)}
<div class="form-grid">
<div class="field"><label for="ext-${f.id}-date">New due date</label>
<p class="hint" id="ext-${f.id}-hint">After ${f.dueAt.slice(0, 10)}; the reminder ladder restarts.</p>
<input type="date" id="ext-${f.id}-date" name="dueAt" required aria-describedby="ext-${f.id}-hint" value="${typed(model, ext, 'dueAt')}"></div>
<div class="field"><label for="ext-${f.id}-reason">Reason for the extension</label>
<textarea id="ext-${f.id}-reason" name="reason" rows="2" required maxlength="2000">${typed(model, ext, 'reason')}</textarea></div>
</div>
<button type="submit" class="button button--small">Grant extension</button>
</form></details>
<details class="action"${isOpen(model, acc) ? html` open` : ''}>
<summary>Accept the risk</summary>
${problemFor(model, acc)}
<form method="post" action="${base}/acceptance">${csrfField(model.viewer)}
<div class="form-grid">
<div class="field"><label for="acc-${f.id}-until">Accepted until</label>
<p class="hint" id="acc-${f.id}-hint">The finding comes back when the acceptance lapses.</p>
<input type="date" id="acc-${f.id}-until" name="until" required aria-describedby="acc-${f.id}-hint" value="${typed(model, acc, 'until')}"></div>
<div class="field"><label for="acc-${f.id}-reason">Reason for accepting the risk</label>
<textarea id="acc-${f.id}-reason" name="reason" rows="2" required maxlength="2000">${typed(model, acc, 'reason')}</textarea></div>
</div>
<button type="submit" class="button button--small">Accept risk</button>
</form></details>
</div>`;
}

function findingCard(model: VendorModel, row: FindingRow): SafeHtml {
  const f = row.finding;
  const overdue = (f.status === 'open' || f.status === 'fix_reported') && f.dueAt < model.now;
  return html`<article class="card finding finding--${f.severity}" id="finding-${f.id}" aria-labelledby="finding-${f.id}-title">
<h3 id="finding-${f.id}-title">${severityBadge(f.severity)} <span>${f.title}</span> ${findingStatusTag(f.status)}</h3>
<dl class="facts">
<dt>Due</dt><dd class="due">${day(f.dueAt)}${overdue ? html` ${statusTag('Overdue', 'bad')}` : ''}${f.originalDueAt !== f.dueAt ? html` <span class="muted">(originally ${f.originalDueAt.slice(0, 10)})</span>` : ''}</dd>
<dt>Ladder</dt><dd>${
    row.ladder
      ? html`${row.ladder.last ? html`Last: ${row.ladder.last}` : 'No reminder sent yet'}${row.ladder.nextAt ? html`<br>Next: ${row.ladder.next ? html`${row.ladder.next} — ` : ''}${dateTime(row.ladder.nextAt)}` : ''}`
      : html`<span class="muted">No reminders pending</span>`
  }</dd>
${row.answer ? html`<dt>Answer</dt><dd>${row.answer.text} · <a href="${row.answer.href}">See the question and its evidence</a></dd>` : ''}
<dt>Citation</dt><dd>${f.citation}</dd>
<dt>Remediation</dt><dd>${f.remediation}</dd>
${f.fixReport ? html`<dt>Fix reported</dt><dd>${dateTime(f.fixReport.reportedAt)}: ${f.fixReport.note}${f.fixReport.evidence.length ? html`<br><span class="muted">Evidence:</span> ${row.fixFiles?.length ? row.fixFiles.map((e, i) => html`${i ? ', ' : ''}<a href="${e.href}">${e.name}</a>`) : f.fixReport.evidence.map((e) => e.name).join(', ')}` : ''}</dd>` : ''}
${f.acceptance ? html`<dt>Risk accepted</dt><dd>Until ${day(f.acceptance.until)} by ${actorLabel(f.acceptance.by, { vendor: model.vendor })}: ${f.acceptance.reason}</dd>` : ''}
</dl>
${
  f.history.length
    ? html`<details class="history"><summary>History (${f.history.length})</summary><ol>${f.history.map(
        (h) =>
          html`<li>${dateTime(h.at)} · ${actorLabel(h.actor, { vendor: model.vendor })} · ${labelOf(ACTION_LABELS, h.action)}${h.note ? html`: ${h.note}` : ''}</li>`,
      )}</ol></details>`
    : ''
}
${findingActions(model, f)}
</article>`;
}

function findings(model: VendorModel): SafeHtml {
  return html`<section class="section" aria-labelledby="findings">
<div class="section__head"><h2 id="findings">Findings</h2>
${model.reviewed ? html`<p class="muted">From the assessment reviewed ${day(model.reviewed.reviewedAt)}${model.reviewed.score !== undefined ? html`, score ${model.reviewed.score}/100` : ''}.</p>` : ''}</div>
${
  !model.reviewed
    ? html`<p class="card empty">No reviewed assessment yet: findings appear once the vendor's answers are scored.</p>`
    : model.findings.length === 0
      ? html`<p class="card empty">The latest reviewed assessment has no findings.</p>`
      : model.findings.map((row) => findingCard(model, row))
}
</section>`;
}

// --- BAA ---------------------------------------------------------------------------------------------

function documents(model: VendorModel, baa: BaaRecord): SafeHtml {
  if (baa.documents.length === 0) {
    return html`<p class="empty">No document yet.${baa.status === 'sent' ? ' The vendor was sent our BAA and uploads its copy through its link.' : ''}</p>`;
  }
  return html`<div class="table-wrap"><table class="data-table data-table--compact">
<caption>Documents</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Kind</th><th scope="col">File</th><th scope="col">SHA-256</th><th scope="col">Uploaded by</th><th scope="col">Uploaded at</th></tr></thead>
<tbody>${[...baa.documents].reverse().map(
    (d) => html`<tr>
<th scope="row">v${d.version}</th>
<td>${labelOf({}, d.kind)}</td>
<td><a href="/vendors/${model.vendor.id}/baas/${enc(baa.id)}/documents/${d.version}">${d.fileName}</a><span class="cell-sub">${Math.max(1, Math.round(d.size / 1024))} KB</span></td>
<td><code class="hash">${d.sha256}</code></td>
<td>${actorLabel(d.uploadedBy, { vendor: model.vendor })}</td>
<td>${dateTime(d.uploadedAt)}</td>
</tr>`,
  )}</tbody></table></div>`;
}

function reviewSummary(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  const review = baa.review;
  if (!review) return '';
  const byId = new Map(model.checklist.clauses.map((c) => [c.id, c]));
  const counts = { present: 0, equivalent: 0, missing: 0, deviates: 0 };
  for (const e of review.entries) counts[e.finding]++;
  const unreviewed = model.checklist.clauses.length - review.entries.length;
  return html`<div class="review-summary">
<h4>Clause review</h4>
<p>${review.canSign ? statusTag('Can be signed', 'good') : statusTag('Cannot be signed yet', 'bad')}
Reviewed ${dateTime(review.reviewedAt)} by ${review.reviewedBy}: ${counts.present} present, ${counts.equivalent} equivalent, ${counts.missing} missing, ${counts.deviates} deviating${unreviewed > 0 ? `, ${unreviewed} unreviewed` : ''}; breach notice ${review.noticeWindowDays === null ? 'not stated' : `${review.noticeWindowDays} days`}.</p>
${review.exceptions?.length ? html`<ul class="exceptions">${review.exceptions.map((e) => html`<li>Exception for ${byId.get(e.item)?.title ?? 'the breach-notice window over policy'}: ${e.reason}</li>`)}</ul>` : ''}
${review.exceptionReason ? html`<p>Blanket exception recorded under the earlier rules (no longer accepted; review again): ${review.exceptionReason}</p>` : ''}
${
  review.needsSecondApproval
    ? review.secondApproval
      ? html`<p>${statusTag('Second approval given', 'good')} by ${review.secondApproval.by}, ${dateTime(review.secondApproval.at)}.</p>`
      : html`<p>${statusTag('Needs a second compliance approver', 'warn')} (not ${review.reviewedBy}): ${(review.approvalReasons ?? []).join('; ')}</p>`
    : ''
}
${review.blockers.length ? html`<ul class="blockers">${review.blockers.map((b) => html`<li>${b.message}</li>`)}</ul>` : ''}
${
  review.entries.some((e) => e.finding !== 'present' || e.note)
    ? html`<ul class="clause-notes">${review.entries
        .filter((e) => e.finding !== 'present' || e.note)
        .map(
          (e) =>
            html`<li><strong>${byId.get(e.clauseId)?.title ?? e.clauseId}</strong>: ${e.finding}${e.section ? ` (${e.section})` : ''}${e.note ? html` — ${e.note}` : ''}</li>`,
        )}</ul>`
    : ''
}
</div>`;
}

function reviewForm(model: VendorModel, baa: BaaRecord): SafeHtml {
  const form = `review:${baa.id}`;
  const base = `baa-${baa.id}`;
  const latest = baa.documents.at(-1);
  const suggested = new Set(latest?.suggestions?.present ?? []);
  const entries = new Map((baa.review?.entries ?? []).map((e) => [e.clauseId, e]));
  const failed = model.problem?.form === form;
  const notice = failed
    ? typed(model, form, 'noticeWindowDays')
    : String(baa.review?.noticeWindowDays ?? latest?.suggestions?.noticeWindowDays ?? '');
  const rows = model.checklist.clauses.map((clause) => {
    const prior = entries.get(clause.id);
    const chosen = failed
      ? typed(model, form, `clause.${clause.id}.finding`)
      : (prior?.finding ?? (suggested.has(clause.id) ? 'present' : ''));
    const id = `${base}-${clause.id}`;
    return html`<fieldset class="clause-row">
<legend><span class="clause-row__title">${clause.title}</span> <span class="clause-row__cite">${clause.citation}${clause.required ? '' : ' · optional'}</span></legend>
<div class="clause-row__body">
<div class="choices choices--compact">${CLAUSE_FINDINGS.map(
      ([v, label]) =>
        html`<label class="choice" for="${id}-${v}"><input type="radio" id="${id}-${v}" name="clause.${clause.id}.finding" value="${v}"${chosen === v ? html` checked` : ''}><span>${label}</span></label>`,
    )}</div>
<div class="clause-row__inputs">
<label class="visually-hidden" for="${id}-note">Note on ${clause.title}</label>
<input type="text" id="${id}-note" name="clause.${clause.id}.note" placeholder="Note" maxlength="2000" value="${failed ? typed(model, form, `clause.${clause.id}.note`) : (prior?.note ?? '')}">
<label class="visually-hidden" for="${id}-section">Section of ${clause.title}</label>
<input type="text" id="${id}-section" name="clause.${clause.id}.section" placeholder="Section, e.g. §4.2" maxlength="200" class="input--short" value="${failed ? typed(model, form, `clause.${clause.id}.section`) : (prior?.section ?? '')}">
</div>
</div>
</fieldset>`;
  });
  return html`<details class="action action--wide"${isOpen(model, form) || !baa.review ? html` open` : ''}>
<summary>${baa.review ? 'Review the clauses again' : 'Review the clauses'}</summary>
${problemFor(model, form)}
<form method="post" action="/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}/review">${csrfField(model.viewer)}
<p class="hint">Against checklist v${model.checklist.version}${latest?.suggestions ? html`; clauses found in the text of v${latest.version} are pre-marked present — confirm each one` : ''}.</p>
<div class="clause-list">${rows}</div>
<div class="form-grid">
<div class="field"><label for="${base}-notice">Breach-notice window (calendar days)</label>
<p class="hint" id="${base}-notice-hint">Policy: at most ${model.maxNoticeWindowDays} days without an exception; never more than 60. Leave empty if the contract is silent.</p>
<input type="number" id="${base}-notice" name="noticeWindowDays" min="0" max="3650" step="1" aria-describedby="${base}-notice-hint" value="${notice}"></div>
</div>
<fieldset class="exceptions"><legend>Exceptions <span class="optional">(policy items only, one reason each)</span></legend>
<p class="hint">A required clause that is missing or deviates cannot be excepted. Any exception, or a required clause marked equivalent, needs a second compliance user to approve before signing.</p>
${exceptionItems(model).map(({ item, label }) => {
  const prior = baa.review?.exceptions?.find((e) => e.item === item)?.reason ?? '';
  return html`<div class="field"><label for="${base}-ex-${item}">${label}</label>
<input type="text" id="${base}-ex-${item}" name="exception.${item}" maxlength="2000" placeholder="Reason, if you accept it" value="${failed ? typed(model, form, `exception.${item}`) : prior}"></div>`;
})}
</fieldset>
</div>
<button type="submit" class="button">Save clause review</button>
</form></details>`;
}

/** Compliance records a documented BAA exemption at intake (before any agreement is negotiated). */
function exemptionForm(model: VendorModel): SafeHtml | '' {
  const v = model.vendor;
  if (!model.can.decideRisk || !v.intake.handlesPhi || v.baaExemption) return '';
  if (!['required', 'sent', 'not_required'].includes(v.baaStatus)) return '';
  const key = 'exemption';
  const bases: [string, string][] = [
    ['treatment_provider', 'A health care provider receiving PHI for treatment'],
    ['conduit', 'A mere conduit that only transports PHI'],
    ['other', 'Another documented exception'],
  ];
  const chosen = typed(model, key, 'basis', 'treatment_provider');
  return html`<dt>BAA exemption</dt><dd><details class="action"${isOpen(model, key) ? html` open` : ''}><summary>Record a documented BAA exemption</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${v.id}/baa-exemption">${csrfField(model.viewer)}
<p class="hint">Only where the vendor handles PHI yet needs no BAA. Audited and shown here; the BAA request stops.</p>
<div class="field"><label for="ex-basis">Basis</label><select id="ex-basis" name="basis">${bases.map(([value, label]) => html`<option value="${value}"${chosen === value ? html` selected` : ''}>${label}</option>`)}</select></div>
<div class="field"><label for="ex-reason">Reason</label><textarea id="ex-reason" name="reason" rows="2" required maxlength="2000">${typed(model, key, 'reason')}</textarea></div>
<div class="field"><label for="ex-citation">Citation relied on</label><input type="text" id="ex-citation" name="citation" required maxlength="300" value="${typed(model, key, 'citation')}"></div>
<button type="submit" class="button button--small">Record exemption</button></form></details></dd>`;
}

/** The policy items an exception may cover: optional clauses and a notice window over policy. */
export function exceptionItems(model: VendorModel): { item: string; label: string }[] {
  return [
    ...model.checklist.clauses
      .filter((c) => !c.required)
      .map((c) => ({ item: c.id, label: `${c.title} (optional clause) missing or deviating` })),
    {
      item: 'notice-window',
      label: `Breach-notice window over ${model.maxNoticeWindowDays} days (and at most 60)`,
    },
  ];
}

function approveForm(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  const review = baa.review;
  if (!review?.canSign || !review.needsSecondApproval || review.secondApproval) return '';
  if (!model.can.decideRisk || review.reviewedBy === model.viewer.email) {
    return html`<p class="hint">Waiting for a second compliance user (not ${review.reviewedBy}) to approve.</p>`;
  }
  const key = `approve:${baa.id}`;
  return html`<details class="action"${isOpen(model, key) ? html` open` : ''}>
<summary>Approve as the second compliance user</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}/approve">${csrfField(model.viewer)}
<ul>${(review.approvalReasons ?? []).map((r) => html`<li>${r}</li>`)}</ul>
<div class="field"><label for="apr-${baa.id}-note">Note <span class="optional">(optional)</span></label>
<input type="text" id="apr-${baa.id}-note" name="note" maxlength="2000" value="${typed(model, key, 'note')}"></div>
<button type="submit" class="button button--small">Approve</button>
</form></details>`;
}

/** After termination: return or destruction of PHI, and compliance's infeasibility record. */
function returnOrDestroy(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  const task = baa.returnOrDestroy;
  if (!task) return '';
  const key = `infeasible:${baa.id}`;
  const state =
    task.status === 'attested'
      ? html`${statusTag('Attested', 'good')} by ${task.attestation!.attestedBy} on ${day(task.attestation!.at)}: ${task.attestation!.method.replaceAll('_', ' and ')}${task.attestation!.certificate ? html` (certificate ${task.attestation!.certificate.fileName})` : ''}`
      : task.status === 'infeasible'
        ? html`${statusTag('Infeasible', 'warn')}: ${task.infeasible!.reason} (${task.infeasible!.by}); the agreement’s protections continue`
        : html`${statusTag('Pending', 'warn')}: the vendor must return or destroy our PHI by ${day(task.dueAt)} and confirm it through its BAA link`;
  return html`<div class="return-or-destroy"><h4>Return or destruction of PHI</h4><p>${state}</p>
${
  task.status === 'pending' && model.can.decideRisk
    ? html`<details class="action"${isOpen(model, key) ? html` open` : ''}><summary>Record that return is infeasible</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}/return-infeasible">${csrfField(model.viewer)}
<div class="field"><label for="inf-${baa.id}">Why return or destruction is infeasible</label>
<textarea id="inf-${baa.id}" name="reason" rows="2" required maxlength="2000">${typed(model, key, 'reason')}</textarea></div>
<button type="submit" class="button button--small button--secondary">Record</button></form></details>`
    : ''
}</div>`;
}

/** A signed BAA without an expiry: its periodic review. */
function periodicReview(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  if (baa.status !== 'signed' || baa.expiresAt || !baa.reviewDueAt) return '';
  const key = `periodic:${baa.id}`;
  return html`<div class="periodic-review"><p>No expiry (runs with the services agreement); next review due ${day(baa.reviewDueAt)}.</p>
${
  model.can.manageBaa
    ? html`<details class="action"${isOpen(model, key) ? html` open` : ''}><summary>Record the periodic review</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}/periodic-review">${csrfField(model.viewer)}
<div class="field"><label for="per-${baa.id}">What was reviewed</label>
<textarea id="per-${baa.id}" name="note" rows="2" required maxlength="2000">${typed(model, key, 'note')}</textarea></div>
<button type="submit" class="button button--small">Record review</button></form></details>`
    : ''
}</div>`;
}

function signForms(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  if (!model.can.manageBaa || baa.status !== 'under_review') return '';
  const sign = `sign:${baa.id}`;
  const changes = `changes:${baa.id}`;
  const base = `/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}`;
  return html`<div class="actions">
${approveForm(model, baa)}
${
  baa.review?.canSign && (!baa.review.needsSecondApproval || baa.review.secondApproval)
    ? html`<details class="action"${isOpen(model, sign) ? html` open` : ''}>
<summary>Mark signed</summary>
${problemFor(model, sign)}
<form method="post" action="${base}/sign">${csrfField(model.viewer)}
<p class="hint">Needs a signed copy on file. Expiry reminders go out at 60, 30 and 7 days; leave the expiry empty when the BAA runs with the services agreement (a periodic review date takes its place).</p>
<div class="form-grid">
<div class="field"><label for="sign-${baa.id}-from">Effective date</label>
<input type="date" id="sign-${baa.id}-from" name="effectiveAt" required value="${typed(model, sign, 'effectiveAt', model.now.slice(0, 10))}"></div>
<div class="field"><label for="sign-${baa.id}-to">Expiry date <span class="optional">(optional)</span></label>
<input type="date" id="sign-${baa.id}-to" name="expiresAt" value="${typed(model, sign, 'expiresAt')}"></div>
</div>
<button type="submit" class="button button--small">Mark BAA signed</button>
</form></details>`
    : ''
}
<details class="action"${isOpen(model, changes) ? html` open` : ''}>
<summary>Request changes from the vendor</summary>
${problemFor(model, changes)}
<form method="post" action="${base}/changes">${csrfField(model.viewer)}
<div class="field"><label for="chg-${baa.id}-note">What must change</label>
<p class="hint" id="chg-${baa.id}-hint">Emailed to the vendor with a link to upload a corrected copy.</p>
<textarea id="chg-${baa.id}-note" name="note" rows="3" required maxlength="2000" aria-describedby="chg-${baa.id}-hint">${typed(model, changes, 'note')}</textarea></div>
<button type="submit" class="button button--small button--secondary">Request changes</button>
</form></details>
</div>`;
}

function baaCard(model: VendorModel, baa: BaaRecord): SafeHtml {
  const isMain = baa.party.type === 'vendor';
  return html`<article class="card baa" id="baa-${baa.id}" aria-labelledby="baa-${baa.id}-title">
<h3 id="baa-${baa.id}-title">${isMain ? `Agreement with ${baa.party.name}` : `Subcontractor agreement: ${baa.party.name}`} ${baaBadge(baa.status)}</h3>
<dl class="facts facts--inline">
<dt>Status</dt><dd>${labelOf(BAA_STATUS_LABELS, baa.status)}</dd>
<dt>Effective</dt><dd>${day(baa.effectiveAt)}</dd>
<dt>Expires</dt><dd>${baa.status === 'signed' && !baa.expiresAt ? 'No expiry (coterminous)' : day(baa.expiresAt)}</dd>
${baa.signedAt ? html`<dt>Signed</dt><dd>${dateTime(baa.signedAt)}</dd>` : ''}
${baa.responseDueAt && ['sent', 'changes_requested'].includes(baa.status) ? html`<dt>Due back</dt><dd>${day(baa.responseDueAt)}</dd>` : ''}
${baa.priorTerm ? html`<dt>Current agreement</dt><dd>${baa.priorTerm.lapsedAt ? statusTag(`Lapsed ${day(baa.priorTerm.lapsedAt)}`, 'bad') : `In force until ${day(baa.priorTerm.expiresAt)} while the renewal is negotiated`}</dd>` : ''}
${isMain && model.vendor.approvalLapsed ? html`<dt>Approval</dt><dd>${statusTag('Lapsed: the BAA is no longer in force', 'bad')}</dd>` : ''}
</dl>
${returnOrDestroy(model, baa)}
${periodicReview(model, baa)}
${documents(model, baa)}
${reviewSummary(model, baa)}
${model.can.manageBaa && baa.status === 'under_review' ? reviewForm(model, baa) : ''}
${signForms(model, baa)}
${
  baa.history.length
    ? html`<details class="history"><summary>History (${baa.history.length})</summary><ol>${baa.history.map(
        (h) =>
          html`<li>${dateTime(h.at)} · ${actorLabel(h.actor, { vendor: model.vendor })} · ${labelOf(ACTION_LABELS, h.event)} (${labelOf(BAA_STATUS_LABELS, h.from)} → ${labelOf(BAA_STATUS_LABELS, h.to)})${h.note ? html`: ${h.note}` : ''}</li>`,
      )}</ol></details>`
    : ''
}
</article>`;
}

function baaSection(model: VendorModel): SafeHtml {
  const baas = [...model.baas].sort((a, b) =>
    a.party.type === b.party.type ? a.id.localeCompare(b.id) : a.party.type === 'vendor' ? -1 : 1,
  );
  return html`<section class="section" aria-labelledby="baa">
<div class="section__head"><h2 id="baa">Business Associate Agreement</h2></div>
${
  baas.length === 0
    ? html`<p class="card empty">${model.vendor.baaRequired ? 'A BAA is required; the request has not been created yet.' : 'No BAA is required: the vendor does not handle PHI.'}</p>`
    : baas.map((b) => baaCard(model, b))
}
</section>`;
}

// --- approval ------------------------------------------------------------------------------------

const gateCell = (cell: GateCell) =>
  cell.ok
    ? html`<td class="gate gate--ok"><span aria-hidden="true">✓</span> Passes</td>`
    : html`<td class="gate gate--fail"><span aria-hidden="true">✗</span> <strong>Blocked</strong><span class="cell-sub">${cell.message ?? ''}</span></td>`;

function decisionForm(model: VendorModel): SafeHtml {
  const form = 'decision';
  // Approve is pre-selected only when no gate blocks it: a form that suggests a refused decision
  // invites a wasted click.
  const approvable = model.gates.every((g) => g.approve.ok);
  const chosen = typed(model, form, 'decision', approvable ? 'approve' : '');
  const radio = (value: string, label: string, hint: string) =>
    html`<div class="choice choice--block"><input type="radio" id="dec-${value}" name="decision" value="${value}" aria-describedby="dec-${value}-hint"${chosen === value ? html` checked` : ''}><span><label for="dec-${value}">${label}</label><span class="cell-sub" id="dec-${value}-hint">${hint}</span></span></div>`;
  return html`<form method="post" action="/console/vendors/${model.vendor.id}/decision" class="decision-form">
${csrfField(model.viewer)}
${problemFor(model, form)}
<fieldset class="field"><legend>Decision</legend>
<div class="choices choices--stacked">
${radio('approve', 'Approve', 'Needs every gate, and no unresolved high finding.')}
${radio('approve_with_conditions', 'Approve with conditions', 'List the conditions below.')}
${radio('reject', 'Reject', 'Give the reason below.')}
</div></fieldset>
<div class="form-grid">
<div class="field"><label for="dec-conditions">Conditions <span class="optional">(one per line; approve with conditions)</span></label>
<textarea id="dec-conditions" name="conditions" rows="3">${typed(model, form, 'conditions')}</textarea></div>
<div class="field"><label for="dec-reason">Reason <span class="optional">(required to reject)</span></label>
<textarea id="dec-reason" name="reason" rows="3" maxlength="2000">${typed(model, form, 'reason')}</textarea></div>
</div>
${
  model.can.override
    ? html`<div class="field override"><label for="dec-override">Override reason <span class="optional">(compliance; sets aside failing gates except the BAA)</span></label>
<p class="hint" id="dec-override-hint">Leave empty unless you mean to override. The reason is kept with the decision in the audit trail.</p>
<textarea id="dec-override" name="overrideReason" rows="2" maxlength="2000" aria-describedby="dec-override-hint">${typed(model, form, 'overrideReason')}</textarea></div>`
    : ''
}
<button type="submit" class="button">Record decision</button>
</form>`;
}

function approval(model: VendorModel): SafeHtml {
  const decisions = [...(model.vendor.decisions ?? [])].reverse();
  return html`<section class="card" aria-labelledby="approval">
<h2 id="approval">Approval</h2>
<div class="table-wrap"><table class="data-table data-table--compact gates">
<caption>Gates right now</caption>
<thead><tr><th scope="col">Gate</th><th scope="col">Approve</th><th scope="col">Approve with conditions</th></tr></thead>
<tbody>${model.gates.map((g) => html`<tr><th scope="row">${g.label}</th>${gateCell(g.approve)}${gateCell(g.conditional)}</tr>`)}</tbody>
</table></div>
${model.can.decide ? decisionForm(model) : html`<p class="muted">Procurement records the decision.</p>`}
<h3 id="decisions">Decisions</h3>
${
  decisions.length === 0
    ? html`<p class="empty">No decision yet.</p>`
    : html`<div class="table-wrap"><table class="data-table data-table--compact">
<caption class="visually-hidden">Decisions, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Decision</th><th scope="col">By</th><th scope="col">Conditions / reason</th><th scope="col">Overridden gates</th></tr></thead>
<tbody>${decisions.map(
        (d) => html`<tr>
<th scope="row">${dateTime(d.decidedAt)}</th>
<td>${labelOf(DECISION_LABELS, d.decision)}</td>
<td>${d.decidedBy}<span class="cell-sub">${labelOf(ROLE_LABELS, d.role)}</span></td>
<td>${d.conditions.length ? html`<ul class="tight">${d.conditions.map((x) => html`<li>${x}</li>`)}</ul>` : ''}${d.reason ?? ''}${!d.conditions.length && !d.reason ? '—' : ''}</td>
<td>${d.overridden.length ? d.overridden.map((o) => html`<span class="cell-sub">${o.gate}: ${o.reason}</span>`) : '—'}</td>
</tr>`,
      )}</tbody></table></div>`
}
</section>`;
}

// --- audit -------------------------------------------------------------------------------------------

function auditTrail(model: VendorModel): SafeHtml {
  return html`<section class="card" aria-labelledby="audit">
<div class="section__head section__head--row"><h2 id="audit">Audit trail</h2>
<a class="button button--secondary button--small" href="/vendors/${model.vendor.id}/audit-packet?download=1">Download audit packet</a></div>
<p class="muted">Newest first. Every event is hash-chained per vendor.${model.auditTotal > model.audit.length ? ` Showing the latest ${model.audit.length} of ${model.auditTotal}; the packet has them all.` : ''}</p>
<ol class="timeline">${model.audit.map(
    (e) => html`<li class="timeline__item">
<p class="timeline__meta">${dateTime(e.at)} · <span class="timeline__actor">${actorLabel(e.actor, { vendor: model.vendor })}</span> · ${auditActionLabel(e.action)}</p>
<p class="timeline__summary">${e.summary}</p>
</li>`,
  )}</ol>
</section>`;
}

export function vendorPage(model: VendorModel): string {
  const body = html`${noticeBanner(model.notice)}
${model.problem ? noticeBanner({ kind: 'error', message: html`${model.problem.message} <a href="#${anchorOf(model.problem.form)}">Go to the form</a>` }) : ''}
${overview(model)}
${assessments(model)}
${findings(model)}
${baaSection(model)}
${approval(model)}
${auditTrail(model)}`;
  return consolePage({
    title: model.vendor.name,
    organisation: model.organisation,
    viewer: model.viewer,
    active: 'vendors',
    body,
  });
}

/** Where a form lives on the page, for the banner's link. */
function anchorOf(form: string): string {
  const [kind, id] = form.split(':');
  if (id && ['extend', 'accept', 'verify'].includes(kind!)) return `finding-${id}`;
  if (id) return `baa-${id}`;
  if (form === 'decision') return 'approval';
  return 'main';
}
