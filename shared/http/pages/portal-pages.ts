/**
 * The vendor portal's pages: pure render functions (data in, HTML string out). Every vendor- or
 * content-supplied value goes through `html`, so answers, file names and notes render inert.
 *
 * The questionnaire works without JavaScript: the server decides which conditional questions are
 * shown for the answers it holds, and every Save draft re-renders with the new answers. Questions
 * whose condition depends on earlier answers are all rendered; the hidden ones carry `hidden` and
 * `data-show-if` (the condition with its intake parts already resolved here, since the intake does
 * not change while the vendor answers), which /assets/portal.js re-evaluates on every change.
 */
import { validateAnswers } from '../../domain/answer-validation.ts';
import { countQuestions, resolveIntakeConditions } from '../../domain/question-count.ts';
import { visibleQuestions } from '../../domain/question-visibility.ts';

export { resolveIntakeConditions };

import { UPLOAD_TYPES } from '../../domain/upload-policy.ts';
import { formatDate } from '../../email/layout.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { Finding } from '../../schemas/finding.ts';
import type { Intake } from '../../schemas/intake.ts';
import {
  type Answers,
  type Condition,
  DEFAULT_TEXT_MAX_LENGTH,
  DOMAIN_LABELS,
  DOMAIN_ORDER,
  type EvidenceRef,
  type Question,
} from '../../schemas/questionnaire.ts';
import { page } from './page-layout.ts';

/** What every portal page knows about the request. */
export interface PortalContext {
  organisation: string;
  /** The private link token (already verified by openPortal). */
  token: string;
  /** Whom the vendor contacts with questions. */
  contact: string;
  vendorName: string;
}

export interface FieldError {
  questionId?: string;
  message: string;
}

export interface Notice {
  kind: 'success' | 'info' | 'warn' | 'error';
  message: SafeHtml | string;
}

const SECTION = 'Vendor security portal';
const YES_NO_LABELS: Record<string, string> = {
  yes: 'Yes',
  no: 'No',
  partial: 'Partially',
  na: 'Not applicable',
};
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
const UPLOAD_ACCEPT = [
  ...Object.keys(UPLOAD_TYPES),
  '.pdf',
  '.png',
  '.jpg',
  '.jpeg',
  '.txt',
  '.csv',
  '.docx',
  '.xlsx',
].join(',');
const UPLOAD_KINDS = Object.values(UPLOAD_TYPES).join(', ');

const portalUrl = (token: string, suffix = '') => `/portal/${token}${suffix}`;
const utcTime = (iso: string) => `${iso.slice(11, 16)} UTC`;

function footer(ctx: PortalContext): SafeHtml {
  return html`<p>Questions about this questionnaire? Contact <a href="mailto:${ctx.contact}">${ctx.contact}</a>.</p>
<p>This page is private to ${ctx.vendorName}: anyone with the link can open it, so please do not forward it.</p>`;
}

export function portalPage(ctx: PortalContext, title: string, body: SafeHtml): string {
  return page({
    title,
    body,
    organisation: ctx.organisation,
    section: SECTION,
    footer: footer(ctx),
    script: true,
  });
}

export function noticeBanner(notice: Notice | undefined): SafeHtml | '' {
  if (!notice) return '';
  const role = notice.kind === 'error' || notice.kind === 'warn' ? 'alert' : 'status';
  return html`<div class="banner banner--${notice.kind}" role="${role}"><p>${notice.message}</p></div>`;
}

function hasValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

interface Layout {
  /** Questions that can ever show for this intake, with what their visibility still depends on. */
  rendered: { question: Question; rule: Condition | true; visible: boolean }[];
  visibleCount: number;
  answeredCount: number;
}

function layoutQuestions(questions: readonly Question[], intake: Intake, values: Record<string, unknown>) {
  const visible = new Set(visibleQuestions(questions, intake, values as Answers).map((q) => q.id));
  const rendered: Layout['rendered'] = [];
  for (const question of questions) {
    const rule = question.showIf ? resolveIntakeConditions(question.showIf, intake) : true;
    if (rule === false) continue;
    rendered.push({ question, rule, visible: visible.has(question.id) });
  }
  const shown = rendered.filter((r) => r.visible);
  return {
    rendered,
    visibleCount: shown.length,
    answeredCount: shown.filter((r) => hasValue(values[r.question.id])).length,
  } satisfies Layout;
}

/** The first focusable control of a question: where the error summary's link points. */
function firstControlId(q: Question): string {
  if (q.type === 'yes_no') return `q-${q.id}-yes`;
  if (q.type === 'single_choice' || q.type === 'multi_choice')
    return `q-${q.id}-${q.options?.[0]?.value ?? ''}`;
  if (q.type === 'evidence') return `question-${q.id}`;
  return `q-${q.id}`;
}

/** A summary of 40 links helps nobody: the first few, then a count (every field shows its own). */
const MAX_SUMMARY_ITEMS = 10;

function errorSummary(
  errors: readonly FieldError[],
  questions: readonly Question[],
  intro?: string,
): SafeHtml | '' {
  if (errors.length === 0) return '';
  const byId = new Map(questions.map((q) => [q.id, q]));
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-error-summary>
<h2 id="error-summary-title">There ${errors.length === 1 ? 'is a problem' : `are ${errors.length} problems`} to fix</h2>
${intro ? html`<p>${intro}</p>` : ''}
<ul>${errors.slice(0, MAX_SUMMARY_ITEMS).map((e) => {
    const q = e.questionId ? byId.get(e.questionId) : undefined;
    return html`<li>${q ? html`<a href="#${firstControlId(q)}">${e.message}</a>` : e.message}</li>`;
  })}${errors.length > MAX_SUMMARY_ITEMS ? html`<li>…and ${errors.length - MAX_SUMMARY_ITEMS} more, each marked below.</li>` : ''}</ul>
</div>`;
}

function evidenceList(value: unknown): EvidenceRef[] {
  return Array.isArray(value)
    ? value.filter(
        (v): v is EvidenceRef =>
          typeof v === 'object' && v !== null && typeof (v as EvidenceRef).name === 'string',
      )
    : [];
}

const formatSize = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${bytes} bytes`;

/**
 * A file picker that uploads through the portal API (portal.js), keeping the evidence references
 * as JSON in a hidden input named `fieldName`. Without JavaScript it explains the alternative.
 */
export function uploadWidget(options: {
  ctx: PortalContext;
  idBase: string;
  fieldName: string;
  purpose: string;
  value: unknown;
  label: string;
  describedBy: string[];
}): SafeHtml {
  const { ctx, idBase } = options;
  const files = evidenceList(options.value);
  const stored = Array.isArray(options.value)
    ? JSON.stringify(options.value)
    : typeof options.value === 'string'
      ? options.value
      : '';
  const describedBy = [...options.describedBy, `upload-hint-${idBase}`, `upload-error-${idBase}`].join(' ');
  return html`<div class="upload-scope" data-upload-scope>
<input type="hidden" name="${options.fieldName}" id="evidence-${idBase}" value="${stored}">
<div class="upload" data-upload hidden>
<label for="file-${idBase}">${options.label}</label>
<p class="hint" id="upload-hint-${idBase}">${UPLOAD_KINDS}; up to 10 MB each.</p>
<input type="file" id="file-${idBase}" multiple accept="${UPLOAD_ACCEPT}" data-upload-url="${portalUrl(ctx.token, '/uploads')}" data-purpose="${options.purpose}" data-target="evidence-${idBase}" aria-describedby="${describedBy}">
<p class="upload-status" data-upload-status aria-live="polite"></p>
<p class="upload-error" id="upload-error-${idBase}" data-upload-error role="alert" hidden></p>
</div>
<ul class="file-list" data-file-list${files.length === 0 ? html` hidden` : ''}>${files.map(
    (f) => html`<li><span>${f.name} <span class="file-size">(${formatSize(f.size)})</span></span></li>`,
  )}</ul>
<p class="nojs-note" data-nojs>Uploading files needs JavaScript. If you cannot turn it on, email the file to <a href="mailto:${ctx.contact}">${ctx.contact}</a> and say which question it belongs to.</p>
</div>`;
}

function choiceInput(
  q: Question,
  type: 'radio' | 'checkbox',
  value: string,
  label: string,
  checked: boolean,
  exclusive = false,
): SafeHtml {
  const id = `q-${q.id}-${value}`;
  return html`<label class="choice" for="${id}"><input type="${type}" id="${id}" name="q.${q.id}" value="${value}"${checked ? html` checked` : ''}${exclusive ? html` data-exclusive` : ''}><span>${label}</span></label>`;
}

function questionControl(
  ctx: PortalContext,
  q: Question,
  value: unknown,
  describedBy: string[],
  invalid: boolean,
): SafeHtml {
  const aria = html`aria-labelledby="text-${q.id}"${describedBy.length ? html` aria-describedby="${describedBy.join(' ')}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
  const scalar = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  switch (q.type) {
    case 'yes_no': {
      const allowed = ['yes', 'no', ...(q.allowPartial ? ['partial'] : []), ...(q.allowNa ? ['na'] : [])];
      return html`<div class="choices">${allowed.map((v) => choiceInput(q, 'radio', v, YES_NO_LABELS[v] ?? v, value === v))}</div>`;
    }
    case 'single_choice':
      return html`<div class="choices choices--stacked">${(q.options ?? []).map((o) =>
        choiceInput(q, 'radio', o.value, o.label, value === o.value),
      )}</div>`;
    case 'multi_choice': {
      const chosen = Array.isArray(value) ? value : [];
      return html`<p class="hint">Select all that apply.</p><div class="choices choices--stacked">${(
        q.options ?? []
      ).map((o) =>
        choiceInput(q, 'checkbox', o.value, o.label, chosen.includes(o.value), o.exclusive ?? false),
      )}</div>`;
    }
    case 'number': {
      const range =
        q.min !== undefined && q.max !== undefined
          ? `Enter a number between ${q.min} and ${q.max}.`
          : q.min !== undefined
            ? `Enter a number of at least ${q.min}.`
            : q.max !== undefined
              ? `Enter a number of at most ${q.max}.`
              : 'Enter a number.';
      return html`<input type="number" id="q-${q.id}" name="q.${q.id}" inputmode="decimal" step="any"${q.min !== undefined ? html` min="${q.min}"` : ''}${q.max !== undefined ? html` max="${q.max}"` : ''} value="${scalar}" ${aria}>
<p class="hint">${range}</p>`;
    }
    case 'date':
      // Browsers without a date picker show the placeholder; the posted value is YYYY-MM-DD either way.
      return html`<input type="date" id="q-${q.id}" name="q.${q.id}" value="${scalar}" placeholder="YYYY-MM-DD" ${aria}>`;
    case 'text': {
      const max = q.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      return html`<textarea id="q-${q.id}" name="q.${q.id}" rows="4" maxlength="${max}" ${aria}>${scalar}</textarea>
<p class="hint">Up to ${max} characters.</p>`;
    }
    case 'evidence':
      return uploadWidget({
        ctx,
        idBase: q.id,
        fieldName: `q.${q.id}`,
        purpose: q.id,
        value,
        label: 'Add a file',
        // The fieldset already carries the help and error descriptions.
        describedBy: [],
      });
  }
}

const GROUP_TYPES: readonly Question['type'][] = ['yes_no', 'single_choice', 'multi_choice', 'evidence'];

function questionBlock(
  ctx: PortalContext,
  entry: Layout['rendered'][number],
  value: unknown,
  error: FieldError | undefined,
): SafeHtml {
  const { question: q, rule, visible } = entry;
  const describedBy = [...(q.help ? [`help-${q.id}`] : []), ...(error ? [`error-${q.id}`] : [])];
  // Groups of controls are described on the fieldset; a single input carries its own description.
  const onFieldset = GROUP_TYPES.includes(q.type) && describedBy.length > 0;
  return html`<fieldset class="question${error ? ' has-error' : ''}" id="question-${q.id}" data-question="${q.id}" data-type="${q.type}"${rule === true ? '' : html` data-show-if="${JSON.stringify(rule)}"`}${visible ? '' : html` hidden`}${onFieldset ? html` aria-describedby="${describedBy.join(' ')}"` : ''}>
<legend><span class="q-title">${q.title}${q.critical ? html`<span class="badge badge--critical">Critical</span>` : ''}${q.required ? '' : html`<span class="q-optional">(optional)</span>`}</span><span class="q-text" id="text-${q.id}">${q.text}</span></legend>
${q.help ? html`<p class="q-help" id="help-${q.id}">${q.help}</p>` : ''}
${error ? html`<p class="field-error" id="error-${q.id}"><span class="visually-hidden">Error:</span> ${error.message}</p>` : ''}
${questionControl(ctx, q, value, describedBy, error !== undefined)}
</fieldset>`;
}

function progressCard(answered: number, visible: number): SafeHtml {
  return html`<div class="card progress-card">
<p id="progress-label"><span data-progress-answered>${answered}</span> of <span data-progress-visible>${visible}</span> answered</p>
<progress data-progress max="${Math.max(visible, 1)}" value="${answered}" aria-labelledby="progress-label">${answered} of ${visible}</progress>
</div>`;
}

export interface QuestionnaireModel extends PortalContext {
  title: string;
  dueAt: string | null;
  questions: readonly Question[];
  intake: Intake;
  /** What the form shows: the saved answers, or what the vendor just posted (possibly invalid). */
  values: Readonly<Record<string, unknown>>;
  errors?: readonly FieldError[];
  /** When the draft was just saved (shows the "Draft saved" banner). */
  savedAt?: string;
  /** Shown above the errors when the answers were saved but cannot be submitted yet. */
  errorIntro?: string;
  notice?: Notice;
}

/** The questionnaire form (open assessments). */
export function questionnairePage(m: QuestionnaireModel): string {
  const values = m.values as Record<string, unknown>;
  const layout = layoutQuestions(m.questions, m.intake, values);
  const count = countQuestions(m.questions, m.intake, values as Answers);
  const errors = m.errors ?? [];
  const errorOf = new Map(errors.filter((e) => e.questionId).map((e) => [e.questionId!, e]));
  const domains = DOMAIN_ORDER.map((domain) => ({
    domain,
    entries: layout.rendered.filter((r) => r.question.domain === domain),
  })).filter((d) => d.entries.length > 0);

  const body = html`<div class="page-intro">
<h1>${m.title}</h1>
<p class="lead">${m.organisation} asks ${m.vendorName} to answer these questions about the service you provide. Save a draft at any time and come back with the same link from any device.</p>
<ul class="meta">
${m.dueAt ? html`<li>Please answer by <strong>${formatDate(m.dueAt)}</strong></li>` : ''}
<li><strong>${count.shown}</strong> questions for your organisation${count.mayAppear ? ', more may appear from your answers' : ''}</li>
</ul>
</div>
${m.savedAt ? html`<div class="banner banner--success" role="status"><p>Draft saved at <time datetime="${m.savedAt}" data-local="time">${utcTime(m.savedAt)}</time> — you can close this page and come back with the same link from any device.</p></div>` : ''}
${noticeBanner(m.notice)}
${errorSummary(errors, m.questions, m.errorIntro)}
${progressCard(layout.answeredCount, layout.visibleCount)}
<form method="post" action="${portalUrl(m.token)}" class="questionnaire" data-questionnaire novalidate>
${domains.map(
  (
    d,
  ) => html`<fieldset class="domain" id="domain-${d.domain}" data-domain="${d.domain}"${d.entries.some((e) => e.visible) ? '' : html` hidden`}>
<legend><h2>${DOMAIN_LABELS[d.domain]}</h2></legend>
${d.entries.map((e) => questionBlock(m, e, values[e.question.id], errorOf.get(e.question.id)))}
</fieldset>`,
)}
<div class="form-actions">
<p>Save a draft to keep your answers. Review them before you submit: you cannot change them afterwards.</p>
<div class="button-row">
<button type="submit" name="action" value="save" class="button button--secondary">Save draft</button>
<button type="submit" name="action" value="review" class="button">Review answers</button>
</div>
</div>
</form>`;
  return portalPage(m, errors.length ? `Error: ${m.title}` : m.title, body);
}

/** An answer in words, as the review page and later the console show it. */
export function answerInWords(q: Question, value: unknown): SafeHtml {
  switch (q.type) {
    case 'yes_no':
      return html`${YES_NO_LABELS[String(value)] ?? String(value)}`;
    case 'single_choice':
      return html`${q.options?.find((o) => o.value === value)?.label ?? String(value)}`;
    case 'multi_choice': {
      const chosen = Array.isArray(value) ? value : [];
      const labels = (q.options ?? []).filter((o) => chosen.includes(o.value)).map((o) => o.label);
      return labels.length === 1
        ? html`${labels[0]}`
        : html`<ul>${labels.map((l) => html`<li>${l}</li>`)}</ul>`;
    }
    case 'date':
      return typeof value === 'string' ? html`${formatDate(`${value}T00:00:00Z`)}` : html``;
    case 'evidence': {
      const files = evidenceList(value);
      return html`<ul>${files.map((f) => html`<li>${f.name} <span class="file-size">(${formatSize(f.size)})</span></li>`)}</ul>`;
    }
    default:
      return html`${String(value)}`;
  }
}

export interface ReviewModel extends PortalContext {
  title: string;
  questions: readonly Question[];
  /** The answers as they would be submitted (visible questions only). */
  answers: Answers;
  /** Fingerprint of `answers`, posted back so a change made elsewhere meanwhile is caught. */
  reviewHash: string;
  notice?: Notice;
}

/** Every answered question in words, with the final Submit button. */
export function reviewPage(m: ReviewModel): string {
  const answered = m.questions.filter((q) => hasValue(m.answers[q.id]));
  const domains = DOMAIN_ORDER.map((domain) => ({
    domain,
    questions: answered.filter((q) => q.domain === domain),
  })).filter((d) => d.questions.length > 0);
  const body = html`<div class="page-intro">
<h1>Review your answers</h1>
<p class="lead">Check your ${answered.length} answers before you submit them to ${m.organisation}. You cannot change them after submitting.</p>
</div>
${noticeBanner(m.notice)}
${domains.map(
  (d) => html`<section class="card" aria-labelledby="review-${d.domain}">
<h2 id="review-${d.domain}">${DOMAIN_LABELS[d.domain]}</h2>
<dl class="answers">${d.questions.map(
    (q) =>
      html`<div><dt>${q.title}</dt><dd>${answerInWords(q, m.answers[q.id])}</dd><dd class="change"><a href="${portalUrl(m.token)}#question-${q.id}">Change<span class="visually-hidden"> the answer to ${q.title}</span></a></dd></div>`,
  )}</dl>
</section>`,
)}
<form method="post" action="${portalUrl(m.token, '/submit-form')}" class="form-actions" data-once>
<input type="hidden" name="reviewed" value="${m.reviewHash}">
<h2>Submit your answers</h2>
<p>By submitting, you confirm these answers are accurate for the service ${m.vendorName} provides to ${m.organisation}.</p>
<div class="button-row">
<button type="submit" class="button">Submit answers</button>
<a class="button button--secondary" href="${portalUrl(m.token)}">Back to edit</a>
</div>
</form>`;
  return portalPage(m, `Review your answers: ${m.title}`, body);
}

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
${f.fixReport ? html`<p>You reported a fix on ${formatDate(f.fixReport.reportedAt)}: “${f.fixReport.note}”${f.fixReport.evidence.length ? ` (${f.fixReport.evidence.length} file${f.fixReport.evidence.length === 1 ? '' : 's'})` : ''}.${f.status === 'fix_reported' ? ' Our compliance team is verifying it.' : ''}</p>` : ''}
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

const LINK_TITLES: Record<string, string> = {
  link_not_found: 'This link is not valid',
  link_revoked: 'This link has been replaced',
  link_expired: 'This link has expired',
};

/** An unknown, revoked or expired link: what happened and whom to contact. No portal data. */
export function linkProblemPage(m: {
  organisation: string;
  code: string;
  message: string;
  contact?: string;
}): string {
  const title = LINK_TITLES[m.code] ?? 'This page cannot be shown';
  const body = html`<div class="page-intro"><h1>${title}</h1></div>
<div class="card">
<p>${m.message}</p>
${m.contact ? html`<p>Contact: <a href="mailto:${m.contact}">${m.contact}</a></p>` : ''}
</div>`;
  return page({ title, body, organisation: m.organisation, section: SECTION });
}

/** Any other failure on a portal page: a plain message, never a stack trace. */
export function problemPage(m: {
  organisation: string;
  title: string;
  message: string;
  contact?: string;
  backUrl?: string;
}): string {
  const body = html`<div class="page-intro"><h1>${m.title}</h1></div>
<div class="card">
<p>${m.message}</p>
${m.contact ? html`<p>If this keeps happening, contact <a href="mailto:${m.contact}">${m.contact}</a>.</p>` : ''}
${m.backUrl ? html`<p><a href="${m.backUrl}">Back to your questionnaire</a></p>` : ''}
</div>`;
  return page({ title: m.title, body, organisation: m.organisation, section: SECTION });
}

/**
 * Which of the posted answers would be submitted: validation in submit mode without saving. Pure;
 * the routes use it for "Review answers" and to re-check the draft before the final submit.
 */
export function checkForSubmit(questions: readonly Question[], intake: Intake, answers: unknown) {
  return validateAnswers(questions, answers, { intake, mode: 'submit' });
}
