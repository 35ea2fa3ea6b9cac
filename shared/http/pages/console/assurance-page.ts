/**
 * A vendor's assurance in the console: its documents (fields, every version with its hash and a
 * download), the confirmation of each, and the annual verifications (proposed rule) with the
 * signed submissions and the accept / return form. Words only, no enums.
 */
import { html, type SafeHtml } from '../../../html.ts';
import { actorLabel } from '../../../labels.ts';
import { ATTESTATION_LABELS, VERIFICATION_STANDARDS, type Verification } from '../../../schemas/assurance.ts';
import type { Vendor } from '../../../schemas/vendor.ts';
import { STATUS_WORDS } from '../../../use-cases/annual-verification.ts';
import type { assuranceOverview } from '../../../use-cases/assurance.ts';
import { correctionFields, fieldLabel } from './assurance-fields-form.ts';
import {
  consolePage,
  csrfField,
  day,
  type Notice,
  noticeBanner,
  statusTag,
  type Viewer,
} from './components.ts';

type DocumentView = Awaited<ReturnType<typeof assuranceOverview>>[number];

const TONE = { current: 'good', expiring: 'warn', stale: 'bad', missing: 'bad' } as const;

/** The fields of a document as label/value rows (words, not keys). */
function fieldRows(d: DocumentView): [string, string][] {
  const f = d.fields;
  switch (f.type) {
    case 'soc2':
      return [
        ['Report', f.reportType === 'type2' ? 'Type II' : 'Type I'],
        ['Period', `${f.periodStart} to ${f.periodEnd}`],
        ['Audit firm', f.auditor],
        [
          'Opinion',
          f.opinion === 'unqualified'
            ? 'Unqualified'
            : f.opinion === 'qualified'
              ? 'Qualified'
              : f.opinion === 'adverse'
                ? 'Adverse'
                : 'Disclaimer of opinion',
        ],
        ['Exceptions', f.exceptions.map((e) => `${e.control}: ${e.text}`).join(' · ') || 'None'],
        ['Services in scope', f.servicesInScope.join(', ') || '—'],
        [
          'Subservice organisations',
          f.subserviceOrganisations
            .map((o) => `${o.name} (${o.method === 'carve_out' ? 'carved out' : 'inclusive'})`)
            .join(', ') || '—',
        ],
        ['Complementary user-entity controls', f.userEntityControls.join(' · ') || '—'],
      ];
    case 'bridge_letter':
      return [['Covers through', f.throughDate]];
    case 'hitrust':
      return [
        ['Assessment', f.assessment],
        ['Certified on', f.certifiedOn],
        ['Expires on', f.expiresOn],
      ];
    case 'iso27001':
      return [
        ['Certificate', f.certificateNumber],
        ['Scope', f.scope],
        ['Expires on', f.expiresOn],
      ];
    case 'pen_test':
      return [
        ['Tested on', f.testedOn],
        ['Firm', f.firm],
        ['Open critical / high', `${f.openCritical} / ${f.openHigh}`],
      ];
    case 'cyber_insurance':
      return [
        ['Carrier', f.carrier],
        ['Aggregate limit', `$${f.limitUsd.toLocaleString('en-US')}`],
        ['Expires on', f.expiresOn],
      ];
  }
}

/**
 * Compliance confirms the fields against the file, correcting any that are wrong (audited per
 * field); a confirmed document can be corrected later the same way.
 */
function correctionForm(base: string, viewer: Viewer, d: DocumentView): SafeHtml {
  const idBase = `fix-${d.id}`;
  const form = html`<form method="post" action="${base}/${d.id}/confirm">${csrfField(viewer)}
${correctionFields(idBase, d.fields)}
<div class="field"><label for="note-${d.id}">Note (optional)</label><input id="note-${d.id}" name="note" maxlength="2000"></div>
<button type="submit" class="button">${d.status === 'confirmed' ? 'Save the corrections' : 'Confirm the fields against the file'}</button>
<p class="hint">Change only what the file says differently; each changed field is recorded in the audit trail with its old and new value.</p></form>`;
  return d.status === 'confirmed'
    ? html`<details class="correction"><summary>Correct the fields<span class="visually-hidden"> of the ${d.typeLabel}</span></summary>${form}</details>`
    : html`<h4>Check the fields against the file</h4>${form}`;
}

export function assurancePage(model: {
  organisation: string;
  viewer: Viewer;
  vendor: Vendor;
  documents: DocumentView[];
  verifications: Verification[];
  canDecide: boolean;
  canRequest: boolean;
  notice?: Notice;
}): string {
  const v = model.vendor;
  const base = `/console/vendors/${v.id}/assurance`;
  const documents = model.documents.map(
    (d) => html`<article class="card" aria-labelledby="doc-${d.id}">
<h3 id="doc-${d.id}">${d.typeLabel} ${d.currency ? statusTag(d.currencyLabel, TONE[d.currency]) : statusTag(d.currencyLabel)} ${d.status === 'confirmed' ? statusTag('Confirmed', 'good') : statusTag('Waiting for confirmation', 'warn')}</h3>
${d.currentUntil ? html`<p>Current until ${day(d.currentUntil)}.</p>` : ''}
<div class="table-wrap"><table class="data-table"><caption class="visually-hidden">Fields of the ${d.typeLabel}</caption><tbody>${fieldRows(d).map(([k, val]) => html`<tr><th scope="row">${k}</th><td>${val}</td></tr>`)}</tbody></table></div>
<p>Versions:</p><ul>${d.versions.map((ver) => html`<li><a href="/vendors/${v.id}/assurance/${d.id}/versions/${ver.version}">${ver.version}. ${ver.file.fileName}</a> — ${day(ver.submittedAt)}, SHA-256 <code>${ver.file.sha256.slice(0, 16)}…</code></li>`)}</ul>
${
  d.confirmation
    ? html`<p>Confirmed by ${actorLabel(d.confirmation.by)} on ${day(d.confirmation.at)}${d.confirmation.corrected.length ? `, correcting: ${d.confirmation.corrected.map((k) => fieldLabel(d.type, k).toLowerCase()).join(', ')}` : ''}.</p>`
    : ''
}
${model.canDecide ? correctionForm(base, model.viewer, d) : ''}
</article>`,
  );
  const verifications = model.verifications.map((ver) => {
    const last = ver.submissions.at(-1);
    return html`<article class="card" aria-labelledby="ver-${ver.id}">
<h3 id="ver-${ver.id}">Requested ${day(ver.requestedAt)} ${statusTag(STATUS_WORDS[ver.status], ver.status === 'accepted' ? 'good' : 'warn')}</h3>
${ver.currentUntil ? html`<p>Current until ${day(ver.currentUntil)}.</p>` : html`<p>Response due ${day(ver.responseDueAt)}.</p>`}
${ver.decision?.note ? html`<p>Compliance's note: ${ver.decision.note}</p>` : ''}
${
  last
    ? html`<p>Signed by ${last.authorisedRepresentative.name} (${last.authorisedRepresentative.title}) on ${day(last.signedAt)}; written analysis by ${last.qualifiedPerson.name} (${last.qualifiedPerson.qualification}): <a href="/vendors/${v.id}/verifications/${ver.id}/analysis/${ver.submissions.length}">${last.analysis.fileName}</a>, SHA-256 <code>${last.analysis.sha256.slice(0, 16)}…</code>.</p>
<div class="table-wrap"><table class="data-table"><caption>Attestations</caption><thead><tr><th scope="col">Safeguard</th><th scope="col">Answer</th><th scope="col">Comment</th></tr></thead><tbody>${VERIFICATION_STANDARDS.map(
        (s) => {
          const a = last.attestations[s.id];
          return html`<tr><th scope="row">${s.label} <span class="cell-sub">${s.citation}</span></th><td>${a ? statusTag(ATTESTATION_LABELS[a.answer], a.answer === 'implemented' ? 'good' : 'bad') : '—'}</td><td>${a?.note ?? ''}</td></tr>`;
        },
      )}</tbody></table></div>`
    : ''
}
${
  model.canDecide && ver.status === 'submitted'
    ? html`<form method="post" action="${base}/verifications/${ver.id}/decision">${csrfField(model.viewer)}
<fieldset class="field"><legend>Decision</legend>
<div><input type="radio" id="acc-${ver.id}" name="decision" value="accept" required><label for="acc-${ver.id}">Accept (current for 12 months)</label></div>
<div><input type="radio" id="ret-${ver.id}" name="decision" value="return"><label for="ret-${ver.id}">Return to the vendor for changes</label></div></fieldset>
<div class="field"><label for="vnote-${ver.id}">Note (required to return)</label><textarea id="vnote-${ver.id}" name="note" rows="2" maxlength="2000"></textarea></div>
<button type="submit" class="button">Record decision</button></form>`
    : ''
}
</article>`;
  });
  const body = html`<div class="page-intro"><p><a href="/console/vendors/${v.id}">← ${v.name}</a></p><h1>Assurance: ${v.name}</h1>
<p class="lead">Security documents on file and the annual verification of HIPAA technical safeguards.</p></div>
${noticeBanner(model.notice)}
<section aria-labelledby="docs-h"><h2 id="docs-h">Security documents</h2>
${documents.length ? documents : html`<p class="empty">Nothing on file yet. The vendor adds documents on its Security documents page (any of its portal links).</p>`}
</section>
<section aria-labelledby="ver-h"><h2 id="ver-h">Annual verification</h2>
<p>${v.intake.handlesPhi ? 'This vendor handles PHI: an approval needs a current verification (proposed rule, 90 FR 898; a recommended practice until final).' : 'This vendor does not handle PHI: no verification is required.'}</p>
${
  model.canRequest && !model.verifications.some((x) => x.status !== 'accepted')
    ? html`<form method="post" action="${base}/verifications">${csrfField(model.viewer)}<button type="submit" class="button">Request a verification (emails the vendor)</button></form>`
    : ''
}
${verifications.length ? verifications : html`<p class="empty">None requested yet.</p>`}
</section>`;
  return consolePage({
    title: `Assurance: ${v.name}`,
    organisation: model.organisation,
    viewer: model.viewer,
    active: 'trust',
    body,
  });
}
