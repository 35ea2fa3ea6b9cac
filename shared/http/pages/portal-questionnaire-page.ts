/**
 * The questionnaire pages of the vendor portal: the form (works without JavaScript: the server
 * decides which conditional questions are shown for the answers it holds, and every Save draft
 * re-renders; the hidden ones carry `hidden` and `data-show-if`, the condition with its intake parts
 * already resolved, which /assets/portal.js re-evaluates on every change), the review of the answers
 * before Submit, and an answer in words.
 */
import { validateAnswers } from '../../domain/answer-validation.ts';
import { countQuestions } from '../../domain/question-count.ts';
import { formatDate } from '../../email/layout.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { AnswerSource } from '../../schemas/answer-source.ts';
import type { Intake } from '../../schemas/intake.ts';
import { type Answers, DOMAIN_LABELS, DOMAIN_ORDER, type Question } from '../../schemas/questionnaire.ts';
import { type ReuseState, reuseBox, sourceNote } from './portal-answer-source.ts';
import {
  type FieldError,
  type Notice,
  noticeBanner,
  type PortalContext,
  portalPage,
  portalUrl,
  utcTime,
} from './portal-layout.ts';
import {
  errorSummary,
  evidenceList,
  formatSize,
  hasValue,
  layoutQuestions,
  progressCard,
  questionBlock,
  YES_NO_LABELS,
} from './portal-question-fields.ts';

export interface QuestionnaireModel extends PortalContext {
  title: string;
  dueAt: string | null;
  /** The product clock's now (ISO): a due date before it reads as overdue. */
  now?: string;
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
  /** Answers a confirmed security document can give, and the vendor's choices (evidence reuse). */
  reuse?: ReuseState;
}

const DAY_MS = 86_400_000;
const utcDay = (iso: string) => Math.floor(new Date(iso).getTime() / DAY_MS);

/** The due date in words: "Please answer by …", or, once past, how long ago it was due. */
export function dueLine(dueAt: string, now: string | undefined): SafeHtml {
  if (!now || Date.parse(dueAt) > Date.parse(now))
    return html`<li>Please answer by <strong>${formatDate(dueAt)}</strong></li>`;
  // Calendar days (UTC, as the date is shown): due yesterday at any hour reads "1 day ago".
  const days = utcDay(now) - utcDay(dueAt);
  const ago = days <= 0 ? 'earlier today' : days === 1 ? '1 day ago' : `${days} days ago`;
  return html`<li class="overdue">This was due on <strong>${formatDate(dueAt)}</strong> (${ago}); please answer as soon as you can</li>`;
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
${m.dueAt ? dueLine(m.dueAt, m.now) : ''}
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
${d.entries.map((e) =>
  questionBlock(m, e, values[e.question.id], errorOf.get(e.question.id), reuseBox(e.question, m.reuse)),
)}
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
  /** The sources of answers taken from security documents, by question id. */
  sources?: Readonly<Record<string, AnswerSource>>;
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
      html`<div><dt>${q.title}</dt><dd>${answerInWords(q, m.answers[q.id])}</dd>${sourceNote(m.answers[q.id] === m.sources?.[q.id]?.answer ? m.sources?.[q.id] : undefined)}<dd class="change"><a href="${portalUrl(m.token)}#question-${q.id}">Change<span class="visually-hidden"> the answer to ${q.title}</span></a></dd></div>`,
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

/**
 * Which of the posted answers would be submitted: validation in submit mode without saving. Pure;
 * the routes use it for "Review answers" and to re-check the draft before the final submit.
 */
export function checkForSubmit(questions: readonly Question[], intake: Intake, answers: unknown) {
  return validateAnswers(questions, answers, { intake, mode: 'submit' });
}
