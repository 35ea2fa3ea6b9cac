/**
 * The reviewer's desk for one assessment: every question by domain with the answer that counts,
 * its evidence files (opened through the audited link), the finding it produced, the reviewer's
 * verdict and the clarification thread; filters (critical, gaps, with evidence, unanswered or not
 * applicable); the score per domain. Hidden conditional questions show as "Not asked" with the
 * condition in words. No JavaScript: filters are links, forms are POSTs with the CSRF token.
 *
 * Clarification requests are one batch: each question carries a note field that belongs to the
 * page's single request form (the `form` attribute), so the vendor gets one email for all of them.
 */
import { type QuestionRow, type RowFilter, rowMatches, valueInWords } from '../../../domain/review-desk.ts';
import { html, type SafeHtml } from '../../../html.ts';
import { actorLabel } from '../../../labels.ts';
import type { Question } from '../../../schemas/questionnaire.ts';
import type { Clarification, Verdict } from '../../../schemas/review-desk.ts';
import {
  type AssessmentReview,
  filesOfQuestion,
  findingOfQuestion,
} from '../../../use-cases/assessment-review.ts';
import type { EvidenceFile } from '../../../use-cases/evidence-files.ts';
import {
  consolePage,
  csrfField,
  dateTime,
  day,
  findingStatusTag,
  labelOf,
  type Notice,
  noticeBanner,
  PROPOSED_OUTCOME_LABELS,
  severityBadge,
  statusTag,
  type Viewer,
} from './components.ts';

export const FILTERS: readonly { key: RowFilter; label: string }[] = [
  { key: 'all', label: 'All questions' },
  { key: 'critical', label: 'Critical only' },
  { key: 'gaps', label: 'Gaps only' },
  { key: 'evidence', label: 'With evidence' },
  { key: 'unanswered', label: 'Unanswered or not applicable' },
];

const VERDICT_LABELS: Record<Verdict['verdict'], string> = {
  accepted: 'Accepted',
  needs_clarification: 'Needs clarification',
  override: 'Answer overridden',
};
const SOURCE_LABELS = {
  submitted: '',
  clarified: 'Clarified by the vendor',
  override: 'Overridden by the reviewer',
};

export interface AssessmentPageProblem {
  form: string;
  message: string;
  details?: string[];
  values?: Record<string, string>;
}

export interface AssessmentPageModel {
  organisation: string;
  viewer: Viewer;
  now: string;
  review: AssessmentReview;
  filter: RowFilter;
  can: { clarify: boolean; verdict: boolean; rescore: boolean };
  notice?: Notice;
  problem?: AssessmentPageProblem;
}

const enc = encodeURIComponent;
const base = (m: AssessmentPageModel) =>
  `/console/vendors/${enc(m.review.vendor.id)}/assessments/${enc(m.review.assessment.id)}`;

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${bytes} bytes`;

export const evidenceHref = (assessmentId: string, fileId: string) =>
  `/assessments/${enc(assessmentId)}/evidence/${fileId}`;

function fileLink(assessmentId: string, f: Pick<EvidenceFile, 'fileId' | 'ref'>): SafeHtml {
  return html`<a href="${evidenceHref(assessmentId, f.fileId)}">${f.ref.name}</a> <span class="muted">(${size(f.ref.size)}${f.ref.sha256 ? html`, SHA-256 <span class="hash">${f.ref.sha256.slice(0, 12)}…</span>` : ''})</span>`;
}

function problemFor(m: AssessmentPageModel, form: string): SafeHtml | '' {
  const p = m.problem;
  if (!p || p.form !== form) return '';
  return html`<div class="form-error" role="alert"><p><strong>Not done:</strong> ${p.message}</p>
${p.details?.length ? html`<ul>${p.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}</div>`;
}

const typed = (m: AssessmentPageModel, form: string, name: string) =>
  m.problem?.form === form ? (m.problem.values?.[name] ?? '') : '';

// --- header ------------------------------------------------------------------------------------------

function head(m: AssessmentPageModel): SafeHtml {
  const { assessment: a, vendor } = m.review;
  const counts = m.review.domains.flatMap((d) => d.rows);
  const asked = counts.filter((r) => r.visible).length;
  const gaps = counts.filter((r) => r.gap !== null).length;
  const open = m.review.clarifications.filter((c) => c.status === 'open').length;
  return html`<div class="page-intro">
<p class="eyebrow"><a href="/console">Pipeline</a> / <a href="/console/vendors/${enc(vendor.id)}">${vendor.name}</a></p>
<h1>Answers of ${vendor.name}</h1>
<p class="lead">${a.questionnaire?.title ?? 'Security questionnaire'} · submitted ${day(a.submittedAt)}${a.reviewedAt ? html` · reviewed ${day(a.reviewedAt)}` : ''}</p>
</div>
<dl class="facts facts--inline card">
<dt>Score</dt><dd>${a.score === undefined ? 'Not scored yet' : html`<strong>${a.score}</strong>/100`}</dd>
<dt>Residual risk</dt><dd>${a.rating ? `${a.rating.charAt(0).toUpperCase()}${a.rating.slice(1)}` : '—'}</dd>
<dt>Proposed outcome</dt><dd>${a.outcome ? labelOf(PROPOSED_OUTCOME_LABELS, a.outcome) : '—'}</dd>
<dt>Questions asked</dt><dd>${asked} of ${counts.length}</dd>
<dt>Gaps</dt><dd>${gaps}</dd>
<dt>Open clarification requests</dt><dd>${open}</dd>
</dl>`;
}

function filters(m: AssessmentPageModel): SafeHtml {
  return html`<nav class="filters filters--tabs" aria-label="Show questions">
<ul>${FILTERS.map(
    (f) =>
      html`<li><a href="${base(m)}${f.key === 'all' ? '' : `?show=${f.key}`}#questions"${f.key === m.filter ? html` aria-current="page"` : ''}>${f.label}</a></li>`,
  )}</ul></nav>`;
}

function domainScores(m: AssessmentPageModel): SafeHtml {
  const scored = m.review.domains;
  return html`<section class="card" aria-labelledby="domain-scores">
<h2 id="domain-scores">Score per domain</h2>
<div class="table-wrap"><table class="data-table data-table--compact">
<caption class="visually-hidden">Score per domain, out of 100</caption>
<thead><tr><th scope="col">Domain</th><th scope="col" class="num">Score</th><th scope="col" class="num">Gaps</th></tr></thead>
<tbody>${scored.map(
    (d) =>
      html`<tr><th scope="row"><a href="#domain-${d.domain}">${d.label}</a></th><td class="num">${d.score === null ? html`<span class="muted">Not scored</span>` : `${d.score}/100`}</td><td class="num">${d.rows.filter((r) => r.gap !== null).length}</td></tr>`,
  )}</tbody></table></div>
</section>`;
}

function rescoreCard(m: AssessmentPageModel): SafeHtml | '' {
  if (!m.can.rescore || m.review.assessment.status !== 'reviewed') return '';
  const changed = Object.values(m.review.effective.sources).filter((s) => s !== 'submitted').length;
  return html`<section class="card" aria-labelledby="rescore">
<h2 id="rescore">Rerun the review</h2>
<p>${changed === 0 ? 'No answer has been clarified or overridden yet.' : `${changed} answer${changed === 1 ? ' was' : 's were'} clarified or overridden.`} Rerunning scores the answers that count now: findings are raised or closed and the proposed outcome follows. Everything that changes is recorded in the audit trail.</p>
${problemFor(m, 'rescore')}
<form method="post" action="${base(m)}/rescore">${csrfField(m.viewer)}
<div class="field"><label for="rescore-reason">Why <span class="optional">(optional)</span></label>
<input type="text" id="rescore-reason" name="reason" maxlength="2000" value="${typed(m, 'rescore', 'reason')}"></div>
<button type="submit" class="button">Rerun the review with clarified answers</button>
</form></section>`;
}

// --- one question ------------------------------------------------------------------------------------

function thread(m: AssessmentPageModel, q: Question, c: Clarification): SafeHtml {
  const files = m.review.evidence;
  const aid = m.review.assessment.id;
  return html`<div class="thread">
<h4>Clarification ${c.status === 'open' ? statusTag(`Awaiting the vendor, due ${c.dueAt.slice(0, 10)}`, 'warn') : statusTag('Answered', 'good')}</h4>
<ol class="thread__messages">${c.messages.map(
    (msg) => html`<li class="thread__message thread__message--${msg.from}">
<p class="thread__meta"><strong>${msg.from === 'reviewer' ? `${actorLabel(msg.actor)}, reviewer` : m.review.vendor.name}</strong> · ${dateTime(msg.at)}</p>
${msg.text ? html`<p class="thread__text">${msg.text}</p>` : ''}
${msg.answer !== undefined ? html`<p>Revised answer: <strong>${valueInWords(q, msg.answer)}</strong></p>` : ''}
${
  msg.evidence.length
    ? html`<ul class="file-links">${msg.evidence.map((e) => {
        const f = files.find((x) => x.ref.key === e.key);
        return html`<li>${f ? fileLink(aid, f) : e.name}</li>`;
      })}</ul>`
    : ''
}
</li>`,
  )}</ol></div>`;
}

function answerInput(q: Question, id: string, value: string): SafeHtml {
  if (q.type === 'yes_no') {
    const values = ['yes', 'no', ...(q.allowPartial ? ['partial'] : []), ...(q.allowNa ? ['na'] : [])];
    return html`<select id="${id}" name="answer"><option value="">Choose…</option>${values.map(
      (v) => html`<option value="${v}"${v === value ? html` selected` : ''}>${valueInWords(q, v)}</option>`,
    )}</select>`;
  }
  if (q.type === 'single_choice' || q.type === 'multi_choice') {
    return html`<select id="${id}" name="answer"${q.type === 'multi_choice' ? html` multiple size="${Math.min(6, q.options?.length ?? 2)}"` : ''}>${q.type === 'single_choice' ? html`<option value="">Choose…</option>` : ''}${(
      q.options ?? []
    ).map(
      (o) => html`<option value="${o.value}"${o.value === value ? html` selected` : ''}>${o.label}</option>`,
    )}</select>`;
  }
  return html`<input type="${q.type === 'number' ? 'number' : 'text'}" id="${id}" name="answer" value="${value}">`;
}

function verdictForm(m: AssessmentPageModel, row: QuestionRow): SafeHtml | '' {
  if (!m.can.verdict || m.review.assessment.status !== 'reviewed') return '';
  const q = row.question;
  const key = `verdict:${q.id}`;
  const open = m.problem?.form === key;
  const chosen = typed(m, key, 'verdict') || 'accepted';
  return html`<details class="action"${open ? html` open` : ''}>
<summary>Record a verdict<span class="visually-hidden"> on ${q.title}</span></summary>
${problemFor(m, key)}
<form method="post" action="${base(m)}/questions/${enc(q.id)}/verdict">${csrfField(m.viewer)}
<fieldset class="field"><legend>Verdict</legend><div class="choices">
<label class="choice" for="v-${q.id}-ok"><input type="radio" id="v-${q.id}-ok" name="verdict" value="accepted"${chosen === 'accepted' ? html` checked` : ''}><span>Accepted</span></label>
<label class="choice" for="v-${q.id}-nc"><input type="radio" id="v-${q.id}-nc" name="verdict" value="needs_clarification"${chosen === 'needs_clarification' ? html` checked` : ''}><span>Needs clarification (the reason is sent to the vendor)</span></label>
${q.scored ? html`<label class="choice" for="v-${q.id}-ov"><input type="radio" id="v-${q.id}-ov" name="verdict" value="override"${chosen === 'override' ? html` checked` : ''}><span>Override the answer</span></label>` : ''}
</div></fieldset>
${
  q.scored
    ? html`<div class="field"><label for="v-${q.id}-answer">Answer that counts instead <span class="optional">(overrides only)</span></label>
${answerInput(q, `v-${q.id}-answer`, typed(m, key, 'answer'))}</div>`
    : ''
}
<div class="field"><label for="v-${q.id}-reason">Reason <span class="optional">(required unless accepted: what the evidence shows, or the question to the vendor)</span></label>
<textarea id="v-${q.id}-reason" name="reason" rows="2" maxlength="2000">${typed(m, key, 'reason')}</textarea></div>
<button type="submit" class="button button--small">Record verdict</button>
</form></details>`;
}

const STANDING_TONE = {
  current: 'good',
  out_of_date: 'bad',
  replaced: 'warn',
  unconfirmed: 'warn',
  corrected: 'bad',
  removed: 'bad',
} as const;
const STANDING_TAGS = {
  current: 'Document current',
  out_of_date: 'Document out of date',
  replaced: 'Newer version on file',
  unconfirmed: 'Waiting for confirmation',
  corrected: 'Document corrected since',
  removed: 'Document removed',
} as const;

/** "Answered from SOC 2 report (Type II), period …, confirmed …", the pinned file, and how it stands today. */
function documentSource(m: AssessmentPageModel, questionId: string): SafeHtml | '' {
  const s = m.review.sources[questionId];
  if (!s) return '';
  return html`<dt>Source</dt><dd>${s.summary}. <a href="${s.href}">Open the document<span class="visually-hidden"> ${s.documentLabel}</span> (${s.fileName}, version ${s.version})</a> <span class="muted">SHA-256 <span class="hash">${s.sha256.slice(0, 12)}…</span></span> ${statusTag(STANDING_TAGS[s.standing], STANDING_TONE[s.standing])}${s.standing === 'current' ? '' : html`<span class="cell-sub">${s.standingText} The submitted answer is unchanged.</span>`}</dd>`;
}

function questionItem(m: AssessmentPageModel, row: QuestionRow): SafeHtml {
  const q = row.question;
  const aid = m.review.assessment.id;
  if (!row.visible) {
    return html`<li class="qa qa--hidden" id="q-${q.id}">
<h3 class="qa__title">${q.title} ${statusTag('Not asked')}</h3>
<p class="muted">${row.notAskedBecause ?? 'Not asked'}.</p></li>`;
  }
  const finding = findingOfQuestion(m.review, q.id);
  const verdict = m.review.verdicts.find((v) => v.questionId === q.id);
  const c = m.review.clarifications.find((x) => x.questionId === q.id);
  const files = filesOfQuestion(m.review, row);
  const source = row.source ? SOURCE_LABELS[row.source] : '';
  const noteId = `clarify-${q.id}`;
  return html`<li class="qa${row.gap ? ` qa--${row.gap}` : ''}" id="q-${q.id}">
<h3 class="qa__title">${q.title}${q.critical ? html` ${statusTag('Critical', 'bad')}` : ''}${row.gap === 'gap' ? html` ${statusTag('Gap', 'warn')}` : row.gap === 'partial' ? html` ${statusTag('Partly in place', 'warn')}` : ''}${verdict ? html` ${statusTag(VERDICT_LABELS[verdict.verdict], verdict.verdict === 'accepted' ? 'good' : 'neutral')}` : ''}</h3>
<p class="qa__text">${q.text}</p>
<dl class="facts">
<dt>Answer</dt><dd><strong>${valueInWords(q, row.answer)}</strong>${source ? html` ${statusTag(source)}` : ''}${row.submitted !== undefined ? html`<span class="cell-sub">The vendor submitted: ${valueInWords(q, row.submitted)}</span>` : ''}</dd>
${documentSource(m, q.id)}
${files.length ? html`<dt>Evidence</dt><dd><ul class="file-links">${files.map((f) => html`<li>${fileLink(aid, f)}</li>`)}</ul></dd>` : ''}
${finding ? html`<dt>Finding</dt><dd><a href="/console/vendors/${enc(m.review.vendor.id)}#finding-${finding.id}">${severityBadge(finding.severity)} ${finding.title}</a> ${findingStatusTag(finding.status)}</dd>` : ''}
${verdict ? html`<dt>Verdict</dt><dd>${VERDICT_LABELS[verdict.verdict]}${verdict.answer !== undefined ? html`: ${valueInWords(q, verdict.answer)}` : ''}${verdict.reason ? html` — ${verdict.reason}` : ''} <span class="muted">(${actorLabel(verdict.by)}, ${dateTime(verdict.at)})</span></dd>` : ''}
${q.scored ? '' : html`<dt>Scoring</dt><dd class="muted">Not scored</dd>`}
</dl>
${c ? thread(m, q, c) : ''}
${
  m.can.clarify && !(c && c.status === 'open')
    ? html`<div class="field qa__clarify"><label for="${noteId}">${c ? 'Ask a follow-up question' : 'Ask the vendor about this answer'} <span class="optional">(optional; sent with the others)</span></label>
<textarea id="${noteId}" name="note.${q.id}" form="clarify-form" rows="2" maxlength="2000">${typed(m, 'clarify', `note.${q.id}`)}</textarea></div>`
    : ''
}
${verdictForm(m, row)}
</li>`;
}

function questions(m: AssessmentPageModel): SafeHtml {
  // Evidence is a file the vendor gave, or the security document an answer was taken from.
  const otherEvidence = (row: QuestionRow) =>
    filesOfQuestion(m.review, row).length > 0 || m.review.sources[row.question.id] !== undefined;
  const sections = m.review.domains
    .map((d) => ({ ...d, rows: d.rows.filter((r) => rowMatches(r, m.filter, otherEvidence(r))) }))
    .filter((d) => d.rows.length > 0);
  const shown = sections.reduce((n, d) => n + d.rows.length, 0);
  return html`<section class="section" aria-labelledby="questions">
<div class="section__head section__head--row"><h2 id="questions">Questions and answers</h2><p class="muted" role="status">${shown} question${shown === 1 ? '' : 's'} shown</p></div>
${filters(m)}
${sections.length === 0 ? html`<p class="card empty">No question matches this filter.</p>` : ''}
${sections.map(
  (d) => html`<section class="card domain-section" aria-labelledby="domain-${d.domain}">
<h3 id="domain-${d.domain}" class="domain-section__title">${d.label} <span class="muted">— ${d.score === null ? 'not scored' : `score ${d.score}/100`}</span></h3>
<ol class="qa-list">${d.rows.map((row) => questionItem(m, row))}</ol>
</section>`,
)}
</section>`;
}

function clarifyForm(m: AssessmentPageModel): SafeHtml | '' {
  if (!m.can.clarify) return '';
  return html`<section class="card clarify-bar" aria-labelledby="clarifications">
<h2 id="clarifications">Clarification requests</h2>
<p>Write a note next to each answer you want the vendor to clarify, then send them together: the vendor gets one email with its link and 7 days to reply, with reminders and escalation after that.</p>
${problemFor(m, 'clarify')}
<form method="post" action="${base(m)}/clarifications" id="clarify-form">${csrfField(m.viewer)}
<button type="submit" class="button">Send clarification requests</button>
</form></section>`;
}

export function assessmentPage(m: AssessmentPageModel): string {
  const body = html`${head(m)}
${noticeBanner(m.notice)}
<div class="grid-2">${domainScores(m)}${rescoreCard(m)}</div>
${questions(m)}
${clarifyForm(m)}`;
  return consolePage({
    title: `Answers of ${m.review.vendor.name}`,
    organisation: m.organisation,
    viewer: m.viewer,
    active: 'vendors',
    body,
  });
}
