/**
 * The vendor's incident page (its standing incident link): report a security incident, a suspected
 * breach or a contingency-plan activation, and send more information about earlier reports. Plain
 * HTML forms: it works without JavaScript.
 */
import { INCIDENT_TYPE_LABEL, INFORMATION_WE_NEED } from '../../email/incident-emails.ts';
import { formatDate } from '../../email/layout.ts';
import { html, type SafeHtml } from '../../html.ts';
import { plural } from '../../labels.ts';
import { type Incident, PhiCategory } from '../../schemas/incident.ts';
import { page } from './page-layout.ts';

export const PHI_CATEGORY_LABEL: Record<PhiCategory, string> = {
  demographic: 'Names, dates of birth, addresses',
  contact: 'Phone numbers, email addresses',
  financial: 'Bank or card numbers',
  clinical: 'Diagnoses, treatment, lab results',
  medication: 'Prescriptions',
  insurance: 'Health plan or member numbers',
  ssn: 'Social Security numbers',
  images: 'Medical images',
  credentials: 'Portal user names or passwords',
  other: 'Other',
};

export interface IncidentPortalModel {
  organisation: string;
  vendorName: string;
  token: string;
  contact: string;
  incidents: Incident[];
  /** Values to refill the form with after an error. */
  values?: Record<string, string | string[]>;
  errors?: { path: string; message: string }[];
  notice?: string;
}

/** The form's words for a field the schema names (never a JSON path on a page). */
const FIELD_LABEL: Record<string, string> = {
  type: 'What happened',
  discoveredAt: 'When you discovered it',
  reportedAt: 'When you reported it',
  summary: 'What happened, in a few sentences',
  phiInvolved: 'Was PHI involved',
  unsecuredPhi: 'Was the PHI unencrypted',
  individualsAffected: 'How many individuals',
  states: 'Where they live',
  systems: 'Systems involved',
  phiCategories: 'Kinds of information',
  reporterName: 'Your name',
  reporterEmail: 'Your email',
};
export const fieldLabel = (path: string) => FIELD_LABEL[path.split('.')[0] ?? ''] ?? 'Your report';

const val = (m: IncidentPortalModel, name: string) => {
  const v = m.values?.[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
const checked = (m: IncidentPortalModel, name: string, value: string) => {
  const v = m.values?.[name];
  return (Array.isArray(v) ? v.includes(value) : v === value) ? html` checked` : '';
};

function yesNo(m: IncidentPortalModel, name: string, legend: string, hint: string): SafeHtml {
  return html`<fieldset class="field"><legend>${legend}</legend><p class="hint">${hint}</p>
<div class="choices"><label class="choice"><input type="radio" name="${name}" value="yes"${checked(m, name, 'yes')} required><span>Yes</span></label>
<label class="choice"><input type="radio" name="${name}" value="no"${checked(m, name, 'no')}><span>No</span></label></div></fieldset>`;
}

function previous(m: IncidentPortalModel, incident: Incident): SafeHtml {
  const request = incident.informationRequest;
  const answered = !!incident.notices.vendor_information;
  return html`<section class="card" data-incident="${incident.id}">
<h3>${INCIDENT_TYPE_LABEL[incident.type]} — reported ${formatDate(incident.reportedAt)}</h3>
<p>Discovered ${formatDate(incident.discoveredAt)}. ${incident.vendorUpdates?.length ? `${plural(incident.vendorUpdates.length, 'update')} sent.` : ''}</p>
${
  request && !answered
    ? html`<div class="banner banner--warn" role="alert"><p>We asked for the following by ${formatDate(request.dueAt)}:</p><ul>${request.items.map((i) => html`<li>${i}</li>`)}</ul></div>`
    : ''
}
<form method="post" action="/portal/${m.token}/incidents/${incident.id}/updates">
<div class="field"><label for="update-${incident.id}">Send more information</label>
<textarea id="update-${incident.id}" name="text" rows="4" maxlength="8000" required></textarea></div>
<div class="field"><label for="count-${incident.id}">Corrected number of individuals affected (optional)</label>
<input id="count-${incident.id}" name="individualsAffected" type="number" min="0" inputmode="numeric"></div>
<button type="submit" class="button button--secondary">Send</button>
</form></section>`;
}

export function incidentPortalPage(m: IncidentPortalModel): string {
  const errors = m.errors ?? [];
  const body = html`<div class="page-intro">
<h1>Report an incident</h1>
<p class="lead">${m.vendorName}</p>
</div>
${m.notice ? html`<div class="banner banner--success" role="status"><p>${m.notice}</p></div>` : ''}
${
  errors.length
    ? html`<div class="banner banner--error" role="alert"><p>Please correct the following:</p><ul>${errors.map((e) => html`<li>${fieldLabel(e.path)}: ${e.message}</li>`)}</ul></div>`
    : ''
}
<div class="card">
<p>Tell us at once about any security incident affecting our information, any suspected breach of protected health information (PHI), or the activation of your contingency plan. Your Business Associate Agreement and 45 CFR 164.410 and 164.314(a)(2)(i)(C) require it. Send what you know now; you can add more later on this page.</p>
<form method="post" action="/portal/${m.token}/incidents" data-incident-form>
<div class="field"><label for="type">What happened?</label>
<select id="type" name="type" required>
${(Object.keys(INCIDENT_TYPE_LABEL) as Incident['type'][]).map((t) => html`<option value="${t}"${val(m, 'type') === t ? html` selected` : ''}>${INCIDENT_TYPE_LABEL[t]}</option>`)}
</select></div>
<div class="field"><label for="discoveredAt">When did you discover it (or activate the plan)? (UTC)</label>
<input id="discoveredAt" name="discoveredAt" type="datetime-local" required value="${val(m, 'discoveredAt')}"></div>
<div class="field"><label for="summary">What happened, in a few sentences</label>
<textarea id="summary" name="summary" rows="5" maxlength="4000" required>${val(m, 'summary')}</textarea></div>
${yesNo(m, 'phiInvolved', 'Was protected health information (PHI) involved?', 'Answer yes if you are not sure.')}
${yesNo(m, 'unsecuredPhi', 'Was the PHI unencrypted (or the key exposed)?', 'PHI encrypted to HHS guidance, with the key safe, is “secured”. Answer yes if you are not sure.')}
<div class="field"><label for="individualsAffected">How many individuals, approximately? (0 if not known yet)</label>
<input id="individualsAffected" name="individualsAffected" type="number" min="0" inputmode="numeric" value="${val(m, 'individualsAffected') || '0'}"></div>
<div class="field"><label for="states">Where do they live? One State per line: code and count, e.g. “CA 800”</label>
<textarea id="states" name="states" rows="3">${val(m, 'states')}</textarea></div>
<div class="field"><label for="systems">Systems involved (comma-separated)</label>
<input id="systems" name="systems" type="text" maxlength="2000" class="wide" value="${val(m, 'systems')}"></div>
<fieldset class="field"><legend>Kinds of information involved</legend>
<div class="choices choices--stacked">${PhiCategory.options.map((c) => html`<label class="choice"><input type="checkbox" name="phiCategories" value="${c}"${checked(m, 'phiCategories', c)}><span>${PHI_CATEGORY_LABEL[c]}</span></label>`)}</div>
</fieldset>
<div class="field"><label for="reporterName">Your name</label>
<input id="reporterName" name="reporterName" type="text" maxlength="200" value="${val(m, 'reporterName')}"></div>
<div class="field"><label for="reporterEmail">Your email (we send the acknowledgement there too)</label>
<input id="reporterEmail" name="reporterEmail" type="email" maxlength="200" value="${val(m, 'reporterEmail')}"></div>
<button type="submit" class="button">Report the incident</button>
</form>
</div>
<div class="card">
<h2>What we will need from you</h2>
<ul>${INFORMATION_WE_NEED.map((i) => html`<li>${i}</li>`)}</ul>
</div>
${m.incidents.length ? html`<h2>Your earlier reports</h2>${m.incidents.map((i) => previous(m, i))}` : ''}
<p>Questions? Contact <a href="mailto:${m.contact}">${m.contact}</a>. This page is private to ${m.vendorName}: please do not forward the link.</p>`;
  return page({
    title: 'Report an incident',
    body,
    organisation: m.organisation,
    section: 'Vendor security portal',
  });
}
