/**
 * One assessment in the audit packet: questionnaire and answers, scoring, evidence files, reviewer
 * verdicts and clarifications, and findings with their history.
 */
import { html, type SafeHtml } from '../../../html.ts';
import {
  ACTION_LABELS,
  type ActorContext,
  ASSESSMENT_STATUS_LABELS,
  actorLabel,
  FINDING_STATUS_LABELS,
  labelOf,
  PROPOSED_OUTCOME_LABELS,
  SEVERITY_LABELS,
  TIER_LABELS,
} from '../../../labels.ts';
import type { Assessment } from '../../../schemas/assessment.ts';
import type { Finding } from '../../../schemas/finding.ts';
import { DOMAIN_LABELS, DOMAIN_ORDER, type Question } from '../../../schemas/questionnaire.ts';
import type { Clarification, Verdict } from '../../../schemas/review-desk.ts';
import type { PacketAssessment } from '../../../use-cases/audit-trail.ts';
import type { EvidenceFile } from '../../../use-cases/evidence-files.ts';
import { answerInWords } from '../portal-pages.ts';
import { assessmentName, DASH, day, hasValue, kv, when } from './packet-format.ts';
export function assessmentSection(
  { assessment: a, visible, findings, evidence, clarifications, verdicts }: PacketAssessment,
  ctx: ActorContext,
): SafeHtml {
  const q = a.questionnaire;
  return html`<section class="part" id="assessment-${a.id}">
<h2>${assessmentName(a)}</h2>
${kv([
  [
    'Questionnaire',
    q ? `${q.title}, version ${q.version} (${q.questions.length} questions)` : 'Not frozen yet',
  ],
  ['Status', labelOf(ASSESSMENT_STATUS_LABELS, a.status)],
  ['Tier at launch', labelOf(TIER_LABELS, a.tier)],
  ['Started', `${when(a.createdAt)} by ${actorLabel(a.createdBy, ctx)}`],
  ['Sent', when(a.sentAt)],
  ['Answers due', when(a.dueAt)],
  ['Submitted', when(a.submittedAt)],
  ['Reviewed', when(a.reviewedAt)],
])}
<h3>Scoring</h3>
${
  a.score === undefined
    ? html`<p>Not scored: the assessment is ${labelOf(ASSESSMENT_STATUS_LABELS, a.status).toLowerCase()}.</p>`
    : html`${kv([
        ['Overall score', `${a.score} / 100`],
        // A rating is a tier value ("moderate"), said as a word without "tier".
        ['Residual risk rating', a.rating ? labelOf(TIER_LABELS, a.rating).replace(/ tier$/, '') : DASH],
        ['Proposed outcome', a.outcome ? labelOf(PROPOSED_OUTCOME_LABELS, a.outcome) : DASH],
      ])}
${a.outcomeReasons?.length ? html`<h4>Outcome reasons</h4><ul>${a.outcomeReasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}
<table><thead><tr><th scope="col">Domain</th><th scope="col">Score</th><th scope="col">Weight</th><th scope="col">Counted weight</th></tr></thead><tbody>
${(a.domainScores ?? []).map(
  (d) =>
    html`<tr><td>${d.label}</td><td>${d.score === null ? 'n/a (nothing scorable answered)' : d.score}</td><td>${d.weight}</td><td>${d.answeredWeight}</td></tr>`,
)}
</tbody></table>`
}
<h3>Questionnaire and answers</h3>
${q ? questionnaireByDomain(q.questions, a.answers, visible, a.answerSources) : html`<p>The questionnaire has not been frozen into this assessment.</p>`}
<h3>Evidence files (${evidence?.length ?? 0})</h3>
${evidence?.length ? evidenceTable(a, evidence) : html`<p>No evidence files.</p>`}
${a.answerSources && Object.keys(a.answerSources).length ? sourceDocumentsTable(a) : ''}
${clarifications?.length || verdicts?.length ? reviewDeskBlock(a, clarifications ?? [], verdicts ?? [], ctx) : ''}
<h3>Findings (${findings.length})</h3>
${findings.length ? findings.map((f) => findingBlock(f, ctx)) : html`<p>No findings.</p>`}
</section>`;
}

const SOURCE_WORDS: Record<string, string> = {
  answer: 'Questionnaire answer',
  fix_report: 'Fix report',
  clarification: 'Clarification reply',
};

/** Name, size and SHA-256 of every file, as pinned when it was submitted. */
function evidenceTable(a: Assessment, files: EvidenceFile[]): SafeHtml {
  const titleOf = (id: string | null) => a.questionnaire?.questions.find((q) => q.id === id)?.title ?? DASH;
  return html`<table><thead><tr><th scope="col">File</th><th scope="col">Size</th><th scope="col">SHA-256</th><th scope="col">From</th><th scope="col">Question</th></tr></thead><tbody>
${files.map(
  (f) =>
    html`<tr><td>${f.ref.name} <span class="muted">(${f.ref.contentType})</span></td><td>${f.ref.size} bytes</td><td class="hash">${f.ref.sha256 ?? 'not pinned (filed before pinning)'}</td><td>${SOURCE_WORDS[f.source] ?? f.source}</td><td>${titleOf(f.questionId)}</td></tr>`,
)}
</tbody></table>`;
}

const VERDICT_WORDS: Record<string, string> = {
  accepted: 'Accepted',
  needs_clarification: 'Needs clarification',
  override: 'Answer overridden by the reviewer',
};
const CLARIFICATION_WORDS: Record<string, string> = {
  open: 'Waiting for the vendor',
  answered: 'Answered by the vendor',
  closed: 'Closed',
};

function reviewDeskBlock(
  a: Assessment,
  clarifications: Clarification[],
  verdicts: Verdict[],
  ctx: ActorContext,
): SafeHtml {
  const titleOf = (id: string) => a.questionnaire?.questions.find((q) => q.id === id)?.title ?? id;
  return html`<h3>Reviewer verdicts and clarifications</h3>
${verdicts.map(
  (v) =>
    html`<p><strong>${titleOf(v.questionId)}</strong>: ${VERDICT_WORDS[v.verdict] ?? v.verdict}${v.reason ? ` — ${v.reason}` : ''} (${actorLabel(v.by, ctx)}, ${when(v.at)})</p>`,
)}
${clarifications.map(
  (
    c,
  ) => html`<div class="question"><p><strong>${titleOf(c.questionId)}</strong> — ${CLARIFICATION_WORDS[c.status] ?? c.status}, reply due ${day(c.dueAt)}</p>
<ol>${c.messages.map(
    (m) =>
      html`<li>${when(m.at)} ${m.from === 'reviewer' ? `${actorLabel(m.actor, ctx)}, reviewer` : 'the vendor'}: ${m.text}${m.answer !== undefined ? ' (revised answer given)' : ''}${m.evidence.length ? ` (files: ${m.evidence.map((e) => e.name).join(', ')})` : ''}</li>`,
  )}</ol></div>`,
)}`;
}

/** Security documents whose answers the vendor used (evidence reuse), as pinned when chosen. */
function sourceDocumentsTable(a: Assessment): SafeHtml {
  const rows = Object.entries(a.answerSources ?? {});
  const title = (id: string) => a.questionnaire?.questions.find((x) => x.id === id)?.title ?? id;
  return html`<h3>Answers taken from security documents (${rows.length})</h3>
<table><thead><tr><th scope="col">Question</th><th scope="col">Document</th><th scope="col">Version and file</th><th scope="col">SHA-256</th><th scope="col">Confirmed</th></tr></thead><tbody>
${rows.map(([id, s]) => html`<tr><td>${title(id)}</td><td>${s.description}</td><td>${s.version}: ${s.fileName}</td><td class="hash">${s.sha256}</td><td>${day(s.confirmedAt)}</td></tr>`)}
</tbody></table>`;
}

function questionnaireByDomain(
  questions: readonly Question[],
  answers: Record<string, unknown>,
  visible: ReadonlySet<string>,
  sources: Assessment['answerSources'] = {},
): SafeHtml[] {
  return DOMAIN_ORDER.map((domain) => ({ domain, list: questions.filter((x) => x.domain === domain) }))
    .filter((d) => d.list.length > 0)
    .map(
      (d) => html`<h4>${DOMAIN_LABELS[d.domain]}</h4>
${d.list.map((question) => {
  const value = answers[question.id];
  const answer = !visible.has(question.id)
    ? html`<em>Not asked: its display condition was not met.</em>`
    : hasValue(value)
      ? answerInWords(question, value)
      : html`<em>Not answered.</em>`;
  return html`<div class="question" id="q-${question.id}">
<p><strong>${question.title}</strong> <span class="muted">(weight ${question.weight}${question.critical ? ', critical' : ''}${question.scored ? '' : ', not scored'})</span></p>
<p>${question.text}</p>
<p>Answer: ${answer}</p>
${sources[question.id] ? html`<p class="muted">Answered from the vendor's ${sources[question.id]!.description} (version ${sources[question.id]!.version}, confirmed ${day(sources[question.id]!.confirmedAt)}).</p>` : ''}
${question.citations.length ? html`<p class="muted">Citations: ${question.citations.join('; ')}</p>` : ''}
</div>`;
})}`,
    );
}

function findingBlock(f: Finding, ctx: ActorContext): SafeHtml {
  return html`<div class="finding" id="finding-${f.assessmentId}-${f.id}">
<h4>${labelOf(SEVERITY_LABELS, f.severity)}: ${f.title}</h4>
${kv([
  ['Status', labelOf(FINDING_STATUS_LABELS, f.status)],
  ['Domain', DOMAIN_LABELS[f.domain as keyof typeof DOMAIN_LABELS] ?? f.domain],
  ['Detail', f.detail],
  ['Citation', f.citation],
  ['Remediation', f.remediation],
  [
    'Due',
    f.dueAt === f.originalDueAt ? day(f.dueAt) : `${day(f.dueAt)} (originally ${day(f.originalDueAt)})`,
  ],
  [
    'Fix reported',
    f.fixReport
      ? html`${when(f.fixReport.reportedAt)}: ${f.fixReport.note}${f.fixReport.evidence.length ? html` (evidence: ${f.fixReport.evidence.map((e) => e.name).join(', ')})` : ''}`
      : DASH,
  ],
  [
    'Risk accepted',
    f.acceptance
      ? `until ${day(f.acceptance.until)} by ${actorLabel(f.acceptance.by, ctx)} on ${when(f.acceptance.at)}: ${f.acceptance.reason}`
      : DASH,
  ],
])}
<table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Note</th></tr></thead><tbody>
${f.history.map((h) => html`<tr><td>${when(h.at)}</td><td>${actorLabel(h.actor, ctx)}</td><td>${labelOf(ACTION_LABELS, h.action)}</td><td>${h.note ?? ''}</td></tr>`)}
</tbody></table>
</div>`;
}
