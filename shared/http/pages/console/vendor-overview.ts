/** The vendor page's head, intake and tier, contacts and assessments. */
import { html, type SafeHtml } from '../../../html.ts';
import { actorLabel } from '../../../labels.ts';
import {
  baaBadge,
  csrfField,
  DECISION_LABELS,
  dateTime,
  day,
  labelOf,
  PROPOSED_OUTCOME_LABELS,
  STAGE_LABELS,
  statusTag,
  tierBadge,
} from './components.ts';
import { exemptionForm, exemptionRevokeForm } from './vendor-baa.ts';
import { dataLocationCard } from './vendor-data-location.ts';
import { actorsOf, type VendorModel, yes } from './vendor-page-model.ts';

const ASSESSMENT_STATUS_LABELS: Record<string, string> = {
  launching: 'Launching',
  sent: 'Sent',
  in_progress: 'In progress',
  submitted: 'Submitted — review running',
  reviewed: 'Reviewed',
  launch_failed: 'Launch failed',
};
const ACTIVE = ['launching', 'sent', 'in_progress', 'submitted'];
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

// --- overview ------------------------------------------------------------------------------------

export function overview(model: VendorModel): SafeHtml {
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
<li><a href="#intake">Intake</a></li><li><a href="#data-location">Data location</a></li><li><a href="#assessments">Assessments</a></li><li><a href="#findings">Findings</a></li>
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
    ? html`<dt>BAA exemption</dt><dd>${v.baaExemption.reason}<span class="cell-sub">Relies on ${v.baaExemption.citation}; recorded by ${actorLabel(v.baaExemption.by, actorsOf(model))}, ${dateTime(v.baaExemption.at)}</span></dd>`
    : ''
}
${exemptionRevokeForm(model)}
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
<dt>Registered</dt><dd>${day(v.createdAt)} by ${actorLabel(v.createdBy, actorsOf(model))}</dd>
${v.reassessmentDueAt ? html`<dt>Reassessment due</dt><dd>${day(v.reassessmentDueAt)}</dd>` : ''}
</dl>
</section>
${dataLocationCard(model)}
</div>`;
}

// --- assessments -----------------------------------------------------------------------------------

export function assessments(model: VendorModel): SafeHtml {
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
