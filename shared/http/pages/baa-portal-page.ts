/** The vendor's BAA page: where the agreement stands, our document to download, the upload form. */
import { html } from '../../html.ts';
import { humanDate, humanDateTime } from '../../labels.ts';
import type { BaaRecord } from '../../schemas/baa-record.ts';
import { page } from './page-layout.ts';

const STATUS_TEXT: Record<string, string> = {
  required: 'We need a signed Business Associate Agreement from you.',
  sent: 'Please review our agreement and upload a signed copy or your proposed changes.',
  under_review: 'Thank you: our compliance team is reviewing the copy you sent, clause by clause.',
  changes_requested: 'We asked for changes: please upload a revised copy.',
  signed: 'The agreement is signed and in force.',
  expiring: 'The agreement expires soon: we will send you a renewal.',
  expired: 'The agreement has expired: please sign the renewal we sent.',
  terminated: 'The agreement was terminated.',
  not_required: 'No agreement is required from you.',
};

/** After termination: where return or destruction stands, and the form to attest it. */
function returnOrDestroyCard(baa: BaaRecord | undefined, base: string) {
  const task = baa?.returnOrDestroy;
  if (!task) return '';
  if (task.status !== 'pending') {
    return html`<div class="card"><h2>Return or destruction of our PHI</h2><p>${
      task.status === 'attested'
        ? `Recorded on ${task.attestation!.at.slice(0, 10)}: thank you.`
        : 'Our compliance team recorded that return or destruction is not feasible: the protections of the agreement continue for as long as you hold the information.'
    }</p></div>`;
  }
  return html`<div class="card">
<h2>Return or destruction of our PHI</h2>
<p>The agreement has ended. As it requires (45 CFR 164.504(e)(2)(ii)(J)), please return or destroy all of our protected health information, including copies held by your subcontractors, by <strong>${task.dueAt.slice(0, 10)}</strong>, and confirm it here. If some of it cannot be returned or destroyed, tell us why by email: the agreement's protections then continue.</p>
<form method="post" action="${base}/attest">
<div class="field"><label for="rod-method">What was done</label>
<select id="rod-method" name="method"><option value="destroyed">Destroyed</option><option value="returned">Returned to us</option><option value="returned_and_destroyed">Returned, and remaining copies destroyed</option></select></div>
<div class="field"><label for="rod-by">Your name and role</label>
<input id="rod-by" name="attestedBy" required minlength="3" maxlength="200" placeholder="e.g. Jo Vendor, CISO"></div>
<div class="field"><label for="rod-note">Details <span class="optional">(optional)</span></label>
<textarea id="rod-note" name="note" rows="3" maxlength="2000"></textarea></div>
<button type="submit" class="button">Confirm</button>
</form>
</div>`;
}

/** The status as the vendor reads it (its own words: "sent" is ours, "waiting for your copy" is theirs). */
const STATUS_LABEL: Record<string, { label: string; tone: 'todo' | 'wait' | 'good' | 'bad' }> = {
  required: { label: 'Waiting for your copy', tone: 'todo' },
  sent: { label: 'Waiting for your copy', tone: 'todo' },
  under_review: { label: 'Under review', tone: 'wait' },
  changes_requested: { label: 'Changes requested', tone: 'todo' },
  signed: { label: 'Signed', tone: 'good' },
  expiring: { label: 'Expiring soon', tone: 'todo' },
  expired: { label: 'Expired', tone: 'bad' },
  terminated: { label: 'Terminated', tone: 'bad' },
  not_required: { label: 'Not required', tone: 'good' },
};

export function baaPortalPage(m: {
  organisation: string;
  vendorName: string;
  token: string;
  contact: string;
  baa: BaaRecord | undefined;
  scriptUrl: string;
  /** A refused attestation's message, or a thank-you after one was recorded. */
  notice?: { kind: 'success' | 'error'; message: string };
  /** The vendor's standing incident link (docs/incidents.md). */
  incidentUrl?: string;
}): string {
  const baa = m.baa;
  const canUpload = baa && ['sent', 'changes_requested', 'under_review', 'required'].includes(baa.status);
  const base = `/portal/${m.token}/baa`;
  const status = STATUS_LABEL[baa?.status ?? 'not_required'] ?? { label: 'In progress', tone: 'wait' };
  const body = html`<div class="page-intro">
<h1>Business Associate Agreement</h1>
<p class="lead">${m.vendorName}</p>
</div>
<div class="card">
<h2>Where it stands</h2>
<p class="baa-status"><span class="status-pill status-pill--${status.tone}">${status.label}</span> ${STATUS_TEXT[baa?.status ?? 'not_required'] ?? ''}</p>
${baa?.expiresAt ? html`<p>In force until ${humanDate(baa.expiresAt)}.</p>` : ''}
<p>HIPAA requires this agreement before any protected health information (PHI) is shared with you (45 CFR 164.502(e), 164.504(e)).</p>
</div>
${m.notice ? html`<div class="notice notice--${m.notice.kind}" role="${m.notice.kind === 'error' ? 'alert' : 'status'}">${m.notice.message}</div>` : ''}
${returnOrDestroyCard(m.baa, base)}
${
  canUpload
    ? html`<div class="card">
<h2>1. Review our agreement</h2>
<p>Our agreement, with ${m.vendorName}'s details filled in: numbered sections and a signature block for each party.</p>
<div class="button-row button-row--start">
<a class="button button--secondary" href="${base}/template?format=pdf" download>Download as PDF</a>
<a class="button button--secondary" href="${base}/template?format=docx" download>Download as Word document</a>
</div>
<p class="hint">To propose changes, edit the Word document with tracked changes and send it back as a redline.</p>
<h2>2. Send it back</h2>
<p data-no-js>Uploading needs JavaScript. You can also email the signed copy or your redline to <a href="mailto:${m.contact}">${m.contact}</a>.</p>
<form data-baa-upload data-base="${base}" hidden>
<div class="field"><label for="baa-kind">What are you sending?</label>
<select id="baa-kind" name="kind" class="select"><option value="signed">A signed copy</option><option value="redline">Proposed changes (a redline)</option></select></div>
<div class="field upload"><label for="baa-file">File (PDF, Word or text; up to 10 MB)</label>
<input id="baa-file" type="file" accept=".pdf,.docx,.txt,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"></div>
<p data-status role="status" aria-live="polite"></p>
<button type="submit" class="button">Upload</button>
</form>
</div>`
    : ''
}
${
  baa?.documents.length
    ? html`<div class="card">
<h2>What you have sent</h2>
<ol class="sent-list">${baa.documents.map((d) => html`<li><strong>Version ${d.version}: ${d.kind === 'signed' ? 'signed copy' : 'proposed changes'}</strong><br>${d.fileName}<br><span class="hint">Received ${humanDateTime(d.uploadedAt)} · fingerprint <code title="SHA-256 ${d.sha256}">${d.sha256.slice(0, 12)}…</code></span></li>`)}</ol>
</div>`
    : ''
}
<div class="card"><h2>Security documents</h2><p>Keep your SOC 2 report, HITRUST or ISO/IEC 27001 certificate, penetration test and cyber insurance on file with us, and answer our annual verification of HIPAA technical safeguards when we ask: both are on your <a href="/portal/${m.token}/security">Security documents</a> page.</p></div>
${m.incidentUrl ? html`<div class="card"><h2>Reporting an incident</h2><p>The agreement requires you to report security incidents and breaches of our PHI to us (45 CFR 164.410, 164.314(a)(2)(i)(C)). Keep this link: it opens your incident report form at any time, and it is also at the foot of every email we send you.</p><p><a class="button button--secondary" href="${m.incidentUrl}">Report an incident</a></p><p class="muted link-text">${m.incidentUrl}</p></div>` : ''}
<p>Questions about the agreement? Contact <a href="mailto:${m.contact}">${m.contact}</a>.</p>`;
  const doc = page({
    title: 'Business Associate Agreement',
    body,
    organisation: m.organisation,
    section: 'Vendor security portal',
  });
  // The page's own small script (the portal script is for the questionnaire).
  return doc.replace('</head>', `<script src="${m.scriptUrl}" defer></script>\n</head>`);
}
