/**
 * The vendor's standing "Security documents" page and the annual verification form (both on any
 * live link of the vendor). Uploads go straight to storage through issued keys (assets/assurance-js.ts);
 * without JavaScript the pages say whom to email instead. Words only: no ids or enums on the page.
 */
import { html, type SafeHtml } from '../../html.ts';
import {
  ASSURANCE_TYPE_LABELS,
  type AssuranceType,
  ATTESTATION_LABELS,
  VERIFICATION_STANDARDS,
  type Verification,
} from '../../schemas/assurance.ts';
import type { assuranceOverview } from '../../use-cases/assurance.ts';
import { page } from './page-layout.ts';

type DocumentView = Awaited<ReturnType<typeof assuranceOverview>>[number];

const OPINIONS = {
  unqualified: 'Unqualified',
  qualified: 'Qualified',
  adverse: 'Adverse',
  disclaimer: 'Disclaimer of opinion',
};

function facts(d: DocumentView): string {
  const f = d.fields;
  switch (f.type) {
    case 'soc2':
      return `${f.reportType === 'type2' ? 'Type II' : 'Type I'}, ${f.periodStart} to ${f.periodEnd}, ${f.auditor}, ${OPINIONS[f.opinion].toLowerCase()} opinion, ${f.exceptions.length} exception${f.exceptions.length === 1 ? '' : 's'}`;
    case 'bridge_letter':
      return `Through ${f.throughDate}`;
    case 'hitrust':
      return `${f.assessment} assessment, certified ${f.certifiedOn}, expires ${f.expiresOn}`;
    case 'iso27001':
      return `Certificate ${f.certificateNumber}, expires ${f.expiresOn}`;
    case 'pen_test':
      return `Tested ${f.testedOn} by ${f.firm}; open critical ${f.openCritical}, open high ${f.openHigh}`;
    case 'cyber_insurance':
      return `${f.carrier}, limit $${f.limitUsd.toLocaleString('en-US')}, expires ${f.expiresOn}`;
  }
}

const field = (id: string, label: string, input: SafeHtml, hint?: string) =>
  html`<div class="field"><label for="${id}">${label}</label>${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}${input}</div>`;
const date = (type: string, name: string, label: string) =>
  field(`${type}-${name}`, label, html`<input id="${type}-${name}" type="date" name="${name}" required>`);
const text = (type: string, name: string, label: string, hint?: string) =>
  field(
    `${type}-${name}`,
    label,
    html`<input id="${type}-${name}" name="${name}" required maxlength="200"${hint ? html` aria-describedby="${type}-${name}-hint"` : ''}>`,
    hint,
  );
const lines = (type: string, name: string, label: string, hint: string) =>
  field(
    `${type}-${name}`,
    `${label} (optional)`,
    html`<textarea id="${type}-${name}" name="${name}" data-kind="lines" rows="3" aria-describedby="${type}-${name}-hint"></textarea>`,
    hint,
  );
const number = (type: string, name: string, label: string) =>
  field(
    `${type}-${name}`,
    label,
    html`<input id="${type}-${name}" type="number" min="0" step="1" name="${name}" data-kind="number" required>`,
  );

function typeFieldsets(soc2Reports: DocumentView[]): SafeHtml {
  return html`
<fieldset data-type="soc2"><legend>SOC 2 report</legend>
${field('soc2-reportType', 'Report type', html`<select id="soc2-reportType" name="reportType"><option value="type2">Type II (operating effectiveness over a period)</option><option value="type1">Type I (design at a point in time)</option></select>`)}
${date('soc2', 'periodStart', 'Period start')}
${date('soc2', 'periodEnd', 'Period end')}
${text('soc2', 'auditor', 'Audit firm')}
${field('soc2-opinion', 'Auditor’s opinion', html`<select id="soc2-opinion" name="opinion">${Object.entries(OPINIONS).map(([v, l]) => html`<option value="${v}">${l}</option>`)}</select>`)}
${lines('soc2', 'exceptions', 'Exceptions noted', 'One per line: the control, a colon, then the auditor’s words. Example: CC6.1: Two terminated users kept access.')}
${lines('soc2', 'servicesInScope', 'Services in scope', 'One service per line.')}
${lines('soc2', 'carveOut', 'Subservice organisations carved out', 'One per line, e.g. your cloud provider.')}
${lines('soc2', 'inclusive', 'Subservice organisations included', 'One per line.')}
${lines('soc2', 'userEntityControls', 'Complementary user-entity controls', 'One per line, as listed in the report.')}
</fieldset>
<fieldset data-type="bridge_letter"><legend>Bridge letter</legend>
${
  soc2Reports.length
    ? field(
        'bridge-of',
        'The SOC 2 report it bridges',
        html`<select id="bridge-of" name="bridgesDocumentId">${soc2Reports.map((d) => html`<option value="${d.id}">${facts(d)}</option>`)}</select>`,
      )
    : html`<p>Add the SOC 2 report first; a bridge letter extends it.</p>`
}
${date('bridge_letter', 'throughDate', 'Covers through')}
</fieldset>
<fieldset data-type="hitrust"><legend>HITRUST certification</legend>
${field('hitrust-assessment', 'Assessment', html`<select id="hitrust-assessment" name="assessment"><option value="r2">r2 (risk-based, two years)</option><option value="i1">i1 (implemented, one year)</option><option value="e1">e1 (essentials, one year)</option></select>`)}
${date('hitrust', 'certifiedOn', 'Certified on')}
${date('hitrust', 'expiresOn', 'Expires on')}
</fieldset>
<fieldset data-type="iso27001"><legend>ISO/IEC 27001 certificate</legend>
${text('iso27001', 'certificateNumber', 'Certificate number')}
${text('iso27001', 'scope', 'Scope of certification')}
${date('iso27001', 'expiresOn', 'Expires on')}
</fieldset>
<fieldset data-type="pen_test"><legend>Penetration test</legend>
${date('pen_test', 'testedOn', 'Date of the test (report date)')}
${text('pen_test', 'firm', 'Testing firm')}
${number('pen_test', 'openCritical', 'Critical issues still open')}
${number('pen_test', 'openHigh', 'High issues still open')}
</fieldset>
<fieldset data-type="cyber_insurance"><legend>Cyber insurance</legend>
${text('cyber_insurance', 'carrier', 'Insurance carrier')}
${field('cyber_insurance-limitUsd', 'Aggregate limit (US dollars)', html`<input id="cyber_insurance-limitUsd" type="number" min="1" step="1" name="limitUsd" data-kind="number" required>`)}
${date('cyber_insurance', 'expiresOn', 'Policy expires on')}
</fieldset>`;
}

const notice = (n?: { kind: 'success' | 'error'; message: string }) =>
  n
    ? html`<div class="notice notice--${n.kind}" role="${n.kind === 'error' ? 'alert' : 'status'}">${n.message}</div>`
    : '';

function withScript(doc: string, scriptUrl: string) {
  return doc.replace('</head>', `<script src="${scriptUrl}" defer></script>\n</head>`);
}

export function securityDocumentsPage(m: {
  organisation: string;
  vendorName: string;
  token: string;
  contact: string;
  documents: DocumentView[];
  scriptUrl: string;
}): string {
  const base = `/portal/${m.token}`;
  const types = Object.entries(ASSURANCE_TYPE_LABELS) as [AssuranceType, string][];
  const body = html`<div class="page-intro">
<h1>Security documents</h1>
<p class="lead">${m.vendorName}</p>
<p>Keep your SOC 2 report, certificates, latest penetration test and cyber insurance on file with ${m.organisation}. We remind you before a document goes out of date, so that you can send the new one in time.</p>
</div>
<div class="card">
<h2>On file</h2>
${
  m.documents.length
    ? html`<table class="table"><thead><tr><th scope="col">Document</th><th scope="col">Details</th><th scope="col">Status</th><th scope="col">Current until</th><th scope="col">Versions</th></tr></thead>
<tbody>${m.documents.map(
        (d) =>
          html`<tr><td>${d.typeLabel}</td><td>${facts(d)}</td><td>${d.currencyLabel}${d.status === 'confirmed' ? '' : html`<br><span class="hint">Waiting for our review</span>`}</td><td>${d.currentUntil ? d.currentUntil.slice(0, 10) : '—'}</td><td>${d.versions.map((v) => html`<div>${v.version}. ${v.file.fileName} (${v.submittedAt.slice(0, 10)}, SHA-256 <code>${v.file.sha256.slice(0, 12)}…</code>)</div>`)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>Nothing yet.</p>`
}
</div>
<div class="card">
<h2>Add a document</h2>
<p data-no-js>Uploading needs JavaScript. You can also email your documents to <a href="mailto:${m.contact}">${m.contact}</a>.</p>
<form data-assurance-upload data-base="${base}/assurance" hidden novalidate>
${field('doc-type', 'What are you sending?', html`<select id="doc-type" name="type" data-type-select>${types.map(([v, l]) => html`<option value="${v}">${l}</option>`)}</select>`)}
${
  m.documents.length
    ? field(
        'doc-of',
        'Is it a new version of a document on file?',
        html`<select id="doc-of" name="documentId" data-version-of><option value="">No, a new document</option>${m.documents.map((d) => html`<option value="${d.id}" data-type-of="${d.type}">Yes: ${d.typeLabel}, ${facts(d)}</option>`)}</select>`,
      )
    : ''
}
${typeFieldsets(m.documents.filter((d) => d.type === 'soc2'))}
${field('doc-file', 'File (PDF, Word, Excel, image or text; up to 10 MB)', html`<input id="doc-file" type="file" required>`)}
<p data-status role="status" aria-live="polite"></p>
<button type="submit" class="button">Send</button>
</form>
</div>
<p>Asked for the annual verification of HIPAA technical safeguards? <a href="${base}/verification">Open the verification form</a>.</p>
<p>Questions? Contact <a href="mailto:${m.contact}">${m.contact}</a>.</p>`;
  return withScript(
    page({
      title: 'Security documents',
      body,
      organisation: m.organisation,
      section: 'Vendor security portal',
    }),
    m.scriptUrl,
  );
}

export function verificationPage(m: {
  organisation: string;
  vendorName: string;
  token: string;
  contact: string;
  open: Verification | undefined;
  latest: Verification | undefined;
  scriptUrl: string;
  notice?: { kind: 'success' | 'error'; message: string };
}): string {
  const base = `/portal/${m.token}/verification`;
  const intro = html`<div class="page-intro">
<h1>Annual verification of HIPAA technical safeguards</h1>
<p class="lead">${m.vendorName}</p>
<p>${m.organisation} asks each business associate, once a year, to verify in writing that it has deployed the technical safeguards of the HIPAA Security Rule (45 CFR 164.312). The proposed update to the Security Rule (90 FR 898, January 2025) would require this every 12 months, with a written analysis by a qualified person and a certification by an authorised representative. Until it is final we ask for it as a recommended practice.</p>
</div>${notice(m.notice)}`;
  let body: SafeHtml;
  if (!m.open) {
    const latest = m.latest;
    const status = !latest
      ? 'We have not asked you for a verification yet.'
      : latest.status === 'submitted'
        ? `Thank you: your verification, signed ${latest.submissions.at(-1)?.signedAt.slice(0, 10) ?? ''}, is with our compliance team.`
        : latest.status === 'accepted'
          ? `Your verification was accepted and is current until ${latest.currentUntil?.slice(0, 10) ?? ''}. We will ask again before then.`
          : 'There is nothing to answer at the moment.';
    body = html`${intro}<div class="card"><h2>Where it stands</h2><p>${status}</p></div>`;
  } else {
    const returned = m.open.status === 'returned' ? m.open.decision?.note : undefined;
    body = html`${intro}
${returned ? html`<div class="notice notice--error" role="alert">Our compliance team returned your verification: ${returned}</div>` : ''}
<p>Please complete it by <strong>${m.open.responseDueAt.slice(0, 10)}</strong>.</p>
<p data-no-js>This form needs JavaScript to upload the written analysis. You can also email it to <a href="mailto:${m.contact}">${m.contact}</a>.</p>
<form data-verification data-base="${base}" hidden novalidate>
<div class="card"><h2>1. The safeguards</h2>
${VERIFICATION_STANDARDS.map(
  (
    s,
  ) => html`<fieldset class="field" data-standard="${s.id}"><legend>${s.label} <span class="hint">(${s.citation})</span></legend>
${Object.entries(ATTESTATION_LABELS).map(
  ([value, label]) =>
    html`<div><input type="radio" id="${s.id}-${value}" name="${s.id}" value="${value}" required><label for="${s.id}-${value}">${label}</label></div>`,
)}
<label for="${s.id}-note">Comment (optional)</label><textarea id="${s.id}-note" name="${s.id}-note" rows="2" maxlength="2000"></textarea>
</fieldset>`,
)}
</div>
<div class="card"><h2>2. The written analysis</h2>
${field('analysis-file', 'The analysis by a qualified person (PDF, Word or text; up to 10 MB)', html`<input id="analysis-file" type="file" name="analysis" required>`)}
${field('qp-name', 'Qualified person’s name', html`<input id="qp-name" name="qpName" required maxlength="200">`)}
${field('qp-qual', 'Their qualification', html`<input id="qp-qual" name="qpQualification" required maxlength="300" aria-describedby="qp-qual-hint">`, 'For example: CISSP, external assessor with Example Security LLC')}
</div>
<div class="card"><h2>3. Certification</h2>
${field('rep-name', 'Authorised representative’s name', html`<input id="rep-name" name="repName" required maxlength="200">`)}
${field('rep-title', 'Their title', html`<input id="rep-title" name="repTitle" required maxlength="200">`)}
${field('signature', 'Signature: type the representative’s full name', html`<input id="signature" name="signature" required maxlength="200" autocomplete="off" aria-describedby="signature-hint">`, 'By typing your name you certify, on behalf of your organisation, that the answers above are true. The date and time are recorded.')}
<p data-status role="status" aria-live="polite"></p>
<button type="submit" class="button">Sign and send</button>
</div>
</form>`;
  }
  body = html`${body}<p>Keep your SOC 2 report, certificates and cyber insurance on file on your <a href="/portal/${m.token}/security">Security documents</a> page.</p>
<p>Questions? Contact <a href="mailto:${m.contact}">${m.contact}</a>.</p>`;
  return withScript(
    page({
      title: 'Annual verification',
      body,
      organisation: m.organisation,
      section: 'Vendor security portal',
    }),
    m.scriptUrl,
  );
}
