/**
 * One incident: the facts, every deadline with its rule and status (a notice form on each of ours),
 * the four-factor risk assessment and its countersignature, a law-enforcement delay, a request to
 * the vendor for missing information, and the timeline from the vendor's audit trail.
 */
import { DETERMINATION_LABEL } from '../../../domain/breach-clocks.ts';
import { INCIDENT_TYPE_LABEL } from '../../../email/incident-emails.ts';
import { html, type SafeHtml } from '../../../html.ts';
import { actorLabel } from '../../../labels.ts';
import type { AuditEvent } from '../../../schemas/audit.ts';
import { type Deadline, Determination, type Incident } from '../../../schemas/incident.ts';
import { PHI_CATEGORY_LABEL } from '../incident-portal-page.ts';
import {
  consolePage,
  csrfField,
  dateTime,
  day,
  type Notice,
  noticeBanner,
  type Viewer,
} from './components.ts';
import { assessmentSummary, daysLeftTag, deadlineStatusTag } from './incidents-page.ts';

export interface IncidentModel {
  organisation: string;
  viewer: Viewer;
  now: string;
  incident: Incident;
  timeline: AuditEvent[];
  /** Whether the viewer may act (compliance or admin). */
  canAct: boolean;
  notice?: Notice;
}

const FACTOR_LABELS = [
  [
    'natureAndExtent',
    'The nature and extent of the PHI involved (types of identifiers, likelihood of re-identification)',
  ],
  ['unauthorizedPerson', 'The unauthorized person who used the PHI or to whom it was disclosed'],
  ['acquiredOrViewed', 'Whether the PHI was actually acquired or viewed'],
  ['mitigation', 'The extent to which the risk to the PHI has been mitigated'],
] as const;

const running = (d: Deadline) => d.status === 'open' || d.status === 'overdue' || d.status === 'paused';

function deadlineRow(m: IncidentModel, d: Deadline): SafeHtml {
  const base = `/console/incidents/${m.incident.id}`;
  const notice = m.incident.notices[d.id];
  const form =
    m.canAct && d.owner === 'covered_entity' && !notice && d.status !== 'closed'
      ? html`<details class="action"><summary>Record the notice as sent</summary>
<form method="post" action="${base}/notices/${d.id}">${csrfField(m.viewer)}
<div class="field"><label for="sent-${d.id}">Date sent</label><input id="sent-${d.id}" name="sentAt" type="date" required></div>
<div class="field"><label for="evidence-${d.id}">Evidence (a sample letter, the HHS submission confirmation, a media release)</label>
<textarea id="evidence-${d.id}" name="evidence" rows="2" required maxlength="1000"></textarea></div>
<div class="field"><label for="key-${d.id}">Uploaded file key (optional, from the evidence upload)</label><input id="key-${d.id}" name="key" type="text" maxlength="1024"></div>
<button type="submit" class="button button--small">Record</button></form></details>`
      : '';
  return html`<tr id="deadline-${d.id}">
<th scope="row">${d.label}<span class="cell-sub">${d.basis}</span>${d.note ? html`<span class="cell-sub">${d.note}</span>` : ''}</th>
<td>${d.owner === 'vendor' ? 'Vendor' : 'Us'}</td>
<td>${dateTime(d.dueAt)}</td>
<td>${deadlineStatusTag(d.status)} ${running(d) ? daysLeftTag(d.dueAt, m.now) : ''}</td>
<td>${notice ? html`Sent ${day(notice.sentAt)}<span class="cell-sub">${notice.evidence.map((e) => e.description).join('; ')}</span>` : form}</td>
</tr>`;
}

function assessmentCard(m: IncidentModel): SafeHtml {
  const i = m.incident;
  const a = i.assessment;
  const base = `/console/incidents/${i.id}`;
  const recorded = a
    ? html`<dl class="facts">
<dt>Determination</dt><dd>${DETERMINATION_LABEL[a.determination]}</dd>
${FACTOR_LABELS.map(([k, label]) => html`<dt>${label}</dt><dd>${a.factors[k]}</dd>`)}
<dt>Rationale</dt><dd>${a.rationale}</dd>
<dt>Recorded</dt><dd>${actorLabel(a.assessedBy)}, ${dateTime(a.assessedAt)}</dd>
${a.countersignedAt ? html`<dt>Countersigned</dt><dd>${actorLabel(a.countersignedBy ?? '')}, ${dateTime(a.countersignedAt)}</dd>` : ''}
</dl>`
    : html`<p>Not assessed yet. Until a risk assessment shows a low probability of compromise, an impermissible use or disclosure is presumed a breach (164.402(2)); we bear the burden of proof (164.414(b)).</p>`;
  const countersign =
    m.canAct && a && a.determination !== 'breach' && !a.countersignedAt
      ? html`<form method="post" action="${base}/countersignature">${csrfField(m.viewer)}
<p>A second compliance user must countersign before the notice clocks close.</p>
<button type="submit" class="button">Countersign: ${DETERMINATION_LABEL[a.determination]}</button></form>`
      : '';
  const form =
    m.canAct && !a?.countersignedAt
      ? html`<details class="action"${a ? '' : html` open`}><summary>${a ? 'Revise the risk assessment' : 'Record the risk assessment'}</summary>
<form method="post" action="${base}/assessment">${csrfField(m.viewer)}
${FACTOR_LABELS.map(
  ([k, label]) =>
    html`<div class="field"><label for="factor-${k}">${label}</label><textarea id="factor-${k}" name="${k}" rows="3" required maxlength="4000">${a?.factors[k] ?? ''}</textarea></div>`,
)}
<div class="field"><label for="determination">Determination</label><select id="determination" name="determination">
${Determination.options.map((d) => html`<option value="${d}"${a?.determination === d ? html` selected` : ''}>${DETERMINATION_LABEL[d]}</option>`)}
</select></div>
<div class="field"><label for="rationale">Rationale</label><textarea id="rationale" name="rationale" rows="3" required maxlength="4000">${a?.rationale ?? ''}</textarea></div>
<button type="submit" class="button">Record the assessment</button></form></details>`
      : '';
  return html`<section class="card" id="assessment"><h2>Risk assessment</h2>${recorded}${countersign}${form}</section>`;
}

function otherActions(m: IncidentModel): SafeHtml | '' {
  if (!m.canAct) return '';
  const base = `/console/incidents/${m.incident.id}`;
  return html`<section class="card"><h2>Other actions</h2><div class="actions">
<details class="action"><summary>Ask the vendor for missing information</summary>
<form method="post" action="${base}/information-request">${csrfField(m.viewer)}
<div class="field"><label for="info-items">What we still need (one item a line)</label><textarea id="info-items" name="items" rows="4" required>The identification of each individual affected (164.410(c)(1))</textarea></div>
<div class="field"><label for="info-due">Due date</label><input id="info-due" name="dueAt" type="date" required></div>
<button type="submit" class="button button--small">Send the request</button></form></details>
<details class="action"><summary>Record a law-enforcement delay (164.412)</summary>
<form method="post" action="${base}/law-enforcement-delay">${csrfField(m.viewer)}
<div class="field"><label for="le-basis">Agency, official and what they stated</label><textarea id="le-basis" name="basis" rows="2" required maxlength="1000"></textarea></div>
<div class="field"><label for="le-statement">Statement</label><select id="le-statement" name="statement"><option value="written">In writing (delay for the period stated)</option><option value="oral">Oral (at most 30 days unless put in writing)</option></select></div>
<div class="field"><label for="le-from">From</label><input id="le-from" name="from" type="date" required></div>
<div class="field"><label for="le-until">Until</label><input id="le-until" name="until" type="date" required></div>
<button type="submit" class="button button--small">Record the delay</button></form></details>
<details class="action"><summary>The vendor ${m.incident.vendorIsAgent ? 'acts' : 'does not act'} as our agent — change</summary>
<form method="post" action="${base}/agency">${csrfField(m.viewer)}
<input type="hidden" name="vendorIsAgent" value="${m.incident.vendorIsAgent ? 'no' : 'yes'}">
<div class="field"><label for="agency-reason">Why (the contract's terms of control)</label><textarea id="agency-reason" name="reason" rows="2" required maxlength="2000"></textarea></div>
<button type="submit" class="button button--small">${m.incident.vendorIsAgent ? 'Not our agent: our clocks start at the report' : 'Our agent: our clocks start at its discovery'}</button></form></details>
</div></section>`;
}

export function incidentPage(m: IncidentModel): string {
  const i = m.incident;
  const body = html`<div class="page-intro"><p class="eyebrow"><a href="/console/incidents">Incidents</a></p>
<h1>${INCIDENT_TYPE_LABEL[i.type]}: <a href="/console/vendors/${i.vendorId}">${i.vendorName}</a></h1>
<p class="lead">${assessmentSummary(i)} · ${i.status === 'open' ? 'Open' : 'Closed'}</p></div>
${noticeBanner(m.notice)}
<div class="grid-2">
<section class="card"><h2>What happened</h2><p>${i.summary}</p>
<dl class="facts">
<dt>Discovered by the vendor</dt><dd>${dateTime(i.discoveredAt)}</dd>
<dt>Reported to us</dt><dd>${dateTime(i.reportedAt)} (${i.channel === 'portal' ? 'through the incident link' : 'logged by staff'})</dd>
<dt>PHI</dt><dd>${i.phiInvolved ? (i.unsecuredPhi ? 'Involved, unsecured' : 'Involved, secured (encrypted)') : 'Not involved'}</dd>
<dt>Individuals (estimate)</dt><dd>${i.individualsAffected}</dd>
<dt>States</dt><dd>${i.states.map((s) => `${s.state}: ${s.count}`).join(', ') || 'Not known'}</dd>
<dt>Kinds of information</dt><dd>${i.phiCategories.map((c) => PHI_CATEGORY_LABEL[c]).join('; ') || 'Not stated'}</dd>
<dt>Systems</dt><dd>${i.systems.join(', ') || 'Not stated'}</dd>
<dt>BAA reporting window</dt><dd>${i.contractedWindowDays === null ? 'No reviewed BAA' : `${i.contractedWindowDays} days`}</dd>
${i.reporterName || i.reporterEmail ? html`<dt>Reported by</dt><dd>${i.reporterName ?? ''} ${i.reporterEmail ?? ''}</dd>` : ''}
${i.lawEnforcementDelay ? html`<dt>Law-enforcement delay</dt><dd>${i.lawEnforcementDelay.statement}, ${day(i.lawEnforcementDelay.from)} to ${day(i.lawEnforcementDelay.until)}: ${i.lawEnforcementDelay.basis}</dd>` : ''}
</dl></section>
${assessmentCard(m)}
</div>
<section class="card" id="deadlines"><h2>Deadlines</h2>
<div class="table-wrap"><table class="data-table"><thead><tr><th scope="col">Deadline and rule</th><th scope="col">Who</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Notice</th></tr></thead>
<tbody>${i.deadlines.map((d) => deadlineRow(m, d))}</tbody></table></div></section>
${
  i.vendorUpdates?.length || i.informationRequest
    ? html`<section class="card"><h2>From the vendor</h2>
${i.informationRequest ? html`<p>We asked on ${day(i.informationRequest.requestedAt)} for, by ${day(i.informationRequest.dueAt)}:</p><ul>${i.informationRequest.items.map((x) => html`<li>${x}</li>`)}</ul>` : ''}
${(i.vendorUpdates ?? []).map((u) => html`<blockquote><p>${u.text}</p><footer>${dateTime(u.at)}</footer></blockquote>`)}</section>`
    : ''
}
${otherActions(m)}
<section class="card" id="timeline"><h2>Timeline</h2>
<ol class="timeline">${m.timeline.map((e) => html`<li class="timeline__item"><p class="timeline__meta">${dateTime(e.at)} · <span class="timeline__actor">${e.actor.role === 'system' ? 'BAA Guard' : e.actor.role === 'vendor' ? `${m.incident.vendorName} (vendor)` : e.actor.id}</span></p><p class="timeline__summary">${e.summary}</p></li>`)}</ol></section>`;
  return consolePage({
    title: `Incident: ${i.vendorName}`,
    organisation: m.organisation,
    viewer: m.viewer,
    active: 'incidents',
    body,
  });
}
