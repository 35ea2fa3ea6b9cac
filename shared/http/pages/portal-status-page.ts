/** After submission: the status page with the remediation plan ("Report a fix"), and the confirmation. */
import { formatDate } from '../../email/layout.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { Finding } from '../../schemas/finding.ts';
import {
  type Notice,
  noticeBanner,
  type PortalContext,
  portalPage,
  portalUrl,
  utcTime,
} from './portal-layout.ts';
import { uploadWidget } from './portal-question-fields.ts';

const SEVERITY_LABELS: Record<Finding['severity'], string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};
const FINDING_STATUS_LABELS: Record<Finding['status'], string> = {
  open: 'Open',
  fix_reported: 'Fix reported — awaiting verification',
  verified: 'Fixed and verified',
  accepted: 'Risk accepted',
  closed: 'Closed',
};

export type FindingView = Pick<
  Finding,
  | 'id'
  | 'severity'
  | 'title'
  | 'detail'
  | 'citation'
  | 'remediation'
  | 'status'
  | 'dueAt'
  | 'fixReport'
  | 'acceptance'
>;

export interface StatusModel extends PortalContext {
  title: string;
  status: string;
  submittedAt?: string;
  reviewedAt?: string;
  findings: readonly FindingView[];
  notice?: Notice;
  /** A fix report that could not be recorded: shown in that finding's form with what was typed. */
  fixError?: { findingId: string; message: string; note: string; evidence: unknown };
  /** Clarification requests still waiting for the vendor's reply. */
  openClarifications?: number;
}

/**
 * The vendor's note in quotes, then the sentence's full stop: none after a quote that already ends
 * a sentence (“Patched.” not “Patched.”.), unless the file count follows it.
 */
export function quoted(note: string, files: number): string {
  const text = note.trim();
  const count = files ? ` (${files} file${files === 1 ? '' : 's'})` : '';
  const ends = /[.!?…]$/.test(text);
  return `“${text}”${count}${ends && !count ? '' : '.'}`;
}

function findingCard(ctx: PortalContext, f: FindingView, fixError: StatusModel['fixError']): SafeHtml {
  const error = fixError?.findingId === f.id ? fixError : undefined;
  const idBase = `fix-${f.id}`;
  return html`<article class="card finding finding--${f.severity}" id="finding-${f.id}" aria-labelledby="finding-title-${f.id}">
<h3 id="finding-title-${f.id}"><span class="badge badge--${f.severity}">${SEVERITY_LABELS[f.severity]}</span> <span>${f.title}</span></h3>
<p>${f.detail}</p>
<dl class="facts">
<dt>What to do</dt><dd>${f.remediation}</dd>
<dt>Reference</dt><dd>${f.citation}</dd>
<dt>Fix by</dt><dd>${formatDate(f.dueAt)}</dd>
<dt>Status</dt><dd><span class="badge badge--status">${FINDING_STATUS_LABELS[f.status]}</span></dd>
</dl>
${f.fixReport ? html`<p>You reported a fix on ${formatDate(f.fixReport.reportedAt)}: ${quoted(f.fixReport.note, f.fixReport.evidence.length)}${f.status === 'fix_reported' ? ' Our compliance team is verifying it.' : ''}</p>` : ''}
${f.status === 'accepted' && f.acceptance ? html`<p>${ctx.organisation} accepted this risk until ${formatDate(f.acceptance.until)}.</p>` : ''}
${
  f.status === 'open'
    ? html`<details class="fix"${error ? html` open` : ''}>
<summary>Report a fix<span class="visually-hidden"> for ${f.title}</span></summary>
<form method="post" action="${portalUrl(ctx.token, `/findings/${encodeURIComponent(f.id)}/fix-form`)}" data-once>
${error ? html`<p class="field-error" id="fix-error-${f.id}" role="alert"><span class="visually-hidden">Error:</span> ${error.message}</p>` : ''}
<div class="field">
<label for="note-${f.id}">What did you change?</label>
<p class="hint" id="note-hint-${f.id}">Describe the fix in a few sentences (up to 2000 characters). Do not include any PHI.</p>
<textarea id="note-${f.id}" name="note" rows="4" maxlength="2000" required aria-describedby="note-hint-${f.id}${error ? ` fix-error-${f.id}` : ''}"${error ? html` aria-invalid="true"` : ''}>${error?.note ?? ''}</textarea>
</div>
<div class="field">
${uploadWidget({
  ctx,
  idBase,
  fieldName: 'evidence',
  purpose: idBase
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 80),
  value: error?.evidence,
  label: 'Evidence (optional): a screenshot, a policy, a scan report',
  describedBy: [],
})}
</div>
<div class="button-row"><button type="submit" class="button">Report fix</button></div>
</form>
</details>`
    : ''
}
</article>`;
}

/** After submission: the status, and once reviewed, the remediation plan with "Report a fix" forms. */
export function statusPage(m: StatusModel): string {
  const submitted = m.status === 'submitted' || m.status === 'reviewed';
  const open = m.findings.filter((f) => f.status === 'open').length;
  const waiting = m.findings.filter((f) => f.status === 'fix_reported').length;
  const heading = submitted
    ? m.submittedAt
      ? `Thank you — submitted on ${formatDate(m.submittedAt)}`
      : 'Thank you — your answers were submitted'
    : 'This questionnaire is not open yet';
  const body = html`<div class="page-intro">
<h1>${heading}</h1>
<p class="lead">${m.title} for ${m.vendorName}.</p>
</div>
${noticeBanner(m.notice)}
${m.openClarifications ? html`<div class="banner banner--warn" role="status"><p>Our reviewers have ${m.openClarifications === 1 ? 'a question' : `${m.openClarifications} questions`} about your answers. <a href="${portalUrl(m.token, '/clarifications')}">Answer ${m.openClarifications === 1 ? 'it' : 'them'}</a>.</p></div>` : ''}
${
  !submitted
    ? html`<p>Please use the link from your most recent email, or contact <a href="mailto:${m.contact}">${m.contact}</a>.</p>`
    : m.status === 'submitted'
      ? html`<div class="banner banner--info" role="status"><p>We are reviewing your answers. You will receive your review by email.</p></div>`
      : m.findings.length === 0
        ? html`<div class="banner banner--success" role="status"><p>Our review is complete: your answers raised no findings. There is nothing more to do.</p></div>`
        : html`<section aria-labelledby="plan-title">
<h2 id="plan-title">Your remediation plan</h2>
<p>Our review${m.reviewedAt ? ` of ${formatDate(m.reviewedAt)}` : ''} found ${m.findings.length} item${m.findings.length === 1 ? '' : 's'} to fix by the dates shown. When you have fixed one, report it with a short note and, where you can, evidence; our compliance team verifies each fix.</p>
<ul class="meta"><li><strong>${open}</strong> open</li><li><strong>${waiting}</strong> awaiting verification</li><li><strong>${m.findings.length - open - waiting}</strong> closed</li></ul>
${m.findings.map((f) => findingCard(m, f, m.fixError))}
</section>`
}`;
  return portalPage(m, m.fixError ? `Error: ${heading}` : heading, body);
}

/** The confirmation after Submit. */
export function donePage(m: PortalContext & { title: string; submittedAt: string }): string {
  const body = html`<div class="banner banner--success" role="status">
<h1>Thank you — your answers were submitted</h1>
<p>Your answers were submitted on <time datetime="${m.submittedAt}" data-local="datetime">${formatDate(m.submittedAt)} at ${utcTime(m.submittedAt)}</time>; you will receive your review by email.</p>
</div>
<p>If the review finds anything to fix, the email links to your remediation plan. You can <a href="${portalUrl(m.token)}">check the status of your questionnaire</a> with this link at any time.</p>`;
  return portalPage(m, 'Answers submitted', body);
}
