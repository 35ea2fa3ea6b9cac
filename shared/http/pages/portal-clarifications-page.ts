/**
 * The vendor's clarification page: each question a reviewer asked about, with the vendor's answer,
 * the conversation so far and (while open) a reply form: a note, optionally a changed answer and
 * new evidence files (uploaded through portal.js). Answering one request leaves the rest as submitted.
 */
import { valueInWords } from '../../domain/review-desk.ts';
import { formatDate } from '../../email/layout.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { Question } from '../../schemas/questionnaire.ts';
import type { Clarification } from '../../schemas/review-desk.ts';
import { type Notice, noticeBanner, type PortalContext, portalPage, uploadWidget } from './portal-pages.ts';

export interface ReplyProblem {
  questionId: string;
  message: string;
  values: { text: string; answer: string; evidence: unknown };
}

export interface ClarificationsModel extends PortalContext {
  questions: readonly Question[];
  /** The answers as they count now (submitted, or revised in an earlier reply). */
  answers: Record<string, unknown>;
  threads: readonly Clarification[];
  /** Opens one of the vendor's files (by key). */
  fileHref: (key: string) => string | undefined;
  notice?: Notice;
  problem?: ReplyProblem;
}

const enc = encodeURIComponent;

function answerControl(q: Question, id: string, value: string, describedBy: string): SafeHtml | '' {
  const keep = html`<option value="">Keep my answer</option>`;
  switch (q.type) {
    case 'yes_no': {
      const values = ['yes', 'no', ...(q.allowPartial ? ['partial'] : []), ...(q.allowNa ? ['na'] : [])];
      return html`<select class="answer-select" id="${id}" name="answer" aria-describedby="${describedBy}">${keep}${values.map(
        (v) => html`<option value="${v}"${v === value ? html` selected` : ''}>${valueInWords(q, v)}</option>`,
      )}</select>`;
    }
    case 'single_choice':
      return html`<select class="answer-select" id="${id}" name="answer" aria-describedby="${describedBy}">${keep}${(
        q.options ?? []
      ).map(
        (o) =>
          html`<option value="${o.value}"${o.value === value ? html` selected` : ''}>${o.label}</option>`,
      )}</select>`;
    case 'number':
      return html`<input type="number" id="${id}" name="answer" value="${value}" aria-describedby="${describedBy}">`;
    case 'date':
      return html`<input type="date" id="${id}" name="answer" value="${value}" aria-describedby="${describedBy}">`;
    case 'text':
      return html`<textarea id="${id}" name="answer" rows="3" maxlength="${q.maxLength ?? 2000}" aria-describedby="${describedBy}">${value}</textarea>`;
    default:
      return '';
  }
}

function threadCard(m: ClarificationsModel, t: Clarification): SafeHtml {
  const q = m.questions.find((x) => x.id === t.questionId);
  const problem = m.problem?.questionId === t.questionId ? m.problem : undefined;
  const id = `c-${t.questionId}`;
  const control =
    q && t.status === 'open'
      ? answerControl(q, `${id}-answer`, problem?.values.answer ?? '', `${id}-answer-hint`)
      : '';
  return html`<article class="card" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${t.questionTitle}</h2>
${q ? html`<p class="q-text">${q.text}</p><p>Your answer: <strong>${valueInWords(q, m.answers[q.id] as never)}</strong></p>` : ''}
<ol class="thread">${t.messages.map(
    (
      msg,
    ) => html`<li><p class="muted">${msg.from === 'reviewer' ? `${m.organisation} asked` : 'You replied'} on ${formatDate(msg.at)}</p>
${msg.text ? html`<p>${msg.text}</p>` : ''}
${msg.answer !== undefined && q ? html`<p>Changed answer: <strong>${valueInWords(q, msg.answer)}</strong></p>` : ''}
${
  msg.evidence.length
    ? html`<ul class="file-list">${msg.evidence.map((e) => {
        const href = m.fileHref(e.key);
        return html`<li>${href ? html`<a href="${href}">${e.name}</a>` : e.name}</li>`;
      })}</ul>`
    : ''
}
</li>`,
  )}</ol>
${
  t.status === 'open'
    ? html`<p><strong>Please reply by ${formatDate(t.dueAt)}.</strong></p>
<form method="post" action="/portal/${m.token}/clarifications/${enc(t.questionId)}/reply-form" data-once>
${problem ? html`<p class="field-error" id="${id}-error" role="alert"><span class="visually-hidden">Error:</span> ${problem.message}</p>` : ''}
<div class="field">
<label for="${id}-text">Your reply</label>
<p class="hint" id="${id}-hint">Explain your answer (up to 2000 characters). Do not include any PHI.</p>
<textarea id="${id}-text" name="text" rows="4" maxlength="2000" aria-describedby="${id}-hint${problem ? ` ${id}-error` : ''}"${problem ? html` aria-invalid="true"` : ''}>${problem?.values.text ?? ''}</textarea>
</div>
${
  control
    ? html`<div class="field"><label for="${id}-answer">Change your answer <span class="q-optional">(optional)</span></label>
<p class="hint" id="${id}-answer-hint">Only if your submitted answer was not right; the reviewer sees both.</p>
${control}</div>`
    : ''
}
<div class="field">
${uploadWidget({
  ctx: m,
  idBase: id
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 60),
  fieldName: 'evidence',
  purpose: t.questionId.slice(0, 80),
  value: problem?.values.evidence,
  label: 'Evidence (optional): a policy, a screenshot, a report',
  describedBy: [],
})}
</div>
<div class="button-row"><button type="submit" class="button">Send reply<span class="visually-hidden"> about ${t.questionTitle}</span></button></div>
</form>`
    : html`<p class="muted">Answered on ${formatDate(t.answeredAt ?? t.updatedAt)}. Thank you.</p>`
}
</article>`;
}

export function clarificationsPage(m: ClarificationsModel): string {
  const open = m.threads.filter((t) => t.status === 'open');
  const answered = m.threads.filter((t) => t.status !== 'open');
  const heading = open.length
    ? `${open.length === 1 ? 'A question' : `${open.length} questions`} about your answers`
    : 'Questions about your answers';
  const body = html`<div class="page-intro">
<h1>${heading}</h1>
<p class="lead">Our reviewers at ${m.organisation} would like ${m.vendorName} to clarify the answers below. Answer each one on its own; your other answers stay as you submitted them.</p>
</div>
${noticeBanner(m.notice)}
${m.threads.length === 0 ? html`<p class="card">There are no questions for you at the moment.</p>` : ''}
${open.map((t) => threadCard(m, t))}
${answered.length ? html`<h2>Already answered</h2>${answered.map((t) => threadCard(m, t))}` : ''}
<p><a href="/portal/${m.token}">Back to your questionnaire and remediation plan</a></p>`;
  return portalPage(m, m.problem ? `Error: ${heading}` : heading, body);
}
