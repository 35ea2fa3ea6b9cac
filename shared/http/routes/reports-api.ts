/**
 * Audit and reporting: a vendor's audit trail and its chain verification, the register exports
 * (CSV or JSON, streamed a page at a time) and the printable audit packet (one self-contained HTML
 * document an auditor can read on its own: inline print styles, no script).
 */
import type { Hono } from 'hono';
import { BAA_CHECKLIST_V1 } from '../../content/baa-clauses.v1.ts';
import { AppError } from '../../errors.ts';
import { html, type SafeHtml } from '../../html.ts';
import {
  ACTION_LABELS,
  type ActorContext,
  ASSESSMENT_STATUS_LABELS,
  actorLabel,
  auditActionLabel,
  BAA_STATUS_LABELS,
  FINDING_STATUS_LABELS,
  humanDate,
  labelOf,
  PROPOSED_OUTCOME_LABELS,
  SEVERITY_LABELS,
  STAGE_LABELS,
  TIER_LABELS,
} from '../../labels.ts';
import { logger } from '../../logger.ts';
import type { Assessment } from '../../schemas/assessment.ts';
import { AuditAnchor, AuditEvent, ChainVerification } from '../../schemas/audit.ts';
import type { BaaRecord } from '../../schemas/baa-record.ts';
import type { Finding } from '../../schemas/finding.ts';
import { DOMAIN_LABELS, DOMAIN_ORDER, type Question } from '../../schemas/questionnaire.ts';
import type { Clarification, Verdict } from '../../schemas/review-desk.ts';
import type { VendorDecision } from '../../schemas/vendor.ts';
import * as z from '../../schemas/zod.ts';
import {
  type AuditPacket,
  auditPacket,
  openReport,
  type PacketAssessment,
  REPORT_COLUMNS,
  ReportDataset,
  ReportFormat,
  vendorAuditTrail,
  verifyVendorTrail,
} from '../../use-cases/audit-trail.ts';
import type { EvidenceFile } from '../../use-cases/evidence-files.ts';
import type { AppEnv } from '../context.ts';
import { mount, STAFF } from '../operations.ts';
import { page } from '../pages/page-layout.ts';
import { answerInWords } from '../pages/portal-pages.ts';

const Verification = z.extend(ChainVerification, { anchor: z.nullable(AuditAnchor) });
const AuditTrailResponse = z.object({
  vendorId: z.string(),
  events: z.array(AuditEvent),
  verification: Verification,
});

const columnsDoc = (Object.keys(REPORT_COLUMNS) as ReportDataset[])
  .map((d) => `${d}: ${REPORT_COLUMNS[d].map((c) => c.name).join(', ')}`)
  .join('. ');

export function reportsApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'vendorAuditTrail',
      method: 'get',
      path: '/vendors/{vendorId}/audit',
      summary: "A vendor's audit events in sequence order, with the hash chain's verification",
      tag: 'Audit',
      auth: 'staff',
      responses: { 200: { description: 'Events and verification', schema: AuditTrailResponse } },
    },
    async (c) => {
      const { vendor, events, verification } = await vendorAuditTrail(c.var.deps, c.req.param('vendorId')!);
      c.header('cache-control', 'no-store');
      return c.json({ vendorId: vendor.id, events, verification });
    },
  );

  mount(
    app,
    {
      id: 'verifyVendorAuditTrail',
      method: 'get',
      path: '/vendors/{vendorId}/audit/verify',
      summary:
        "Verify a vendor's hash chain against its recorded head; each problem names the event (seq) and its kind: altered, missing, reordered, broken_link, foreign_vendor",
      tag: 'Audit',
      auth: 'staff',
      responses: {
        200: {
          description: 'The verification (ok is false when any problem was found)',
          schema: Verification,
        },
      },
    },
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await verifyVendorTrail(c.var.deps, c.req.param('vendorId')!));
    },
  );

  mount(
    app,
    {
      id: 'exportReport',
      method: 'get',
      path: '/reports/{dataset}',
      summary: `Export a register as CSV (attachment) or JSON, streamed. Datasets and columns: ${columnsDoc}.`,
      tag: 'Reports',
      auth: 'staff',
      roles: STAFF,
      query: { format: 'csv or json (default json)' },
      responses: {
        200: {
          description:
            "CSV (RFC 4180, formula-like cells prefixed with ') or JSON `{ dataset, generatedAt, columns, items }`",
        },
        404: { description: 'No such dataset' },
      },
    },
    async (c) => {
      const dataset = ReportDataset.safeParse(c.req.param('dataset'));
      if (!dataset.success) {
        throw new AppError(
          'not_found',
          `No report ${c.req.param('dataset')}; one of: ${ReportDataset.options.join(', ')}`,
          404,
        );
      }
      const format = ReportFormat.safeParse(c.req.query('format') ?? 'json');
      if (!format.success) throw new AppError('invalid_request', 'format must be csv or json', 400);
      const report = await openReport(c.var.deps, dataset.data, format.data);
      c.header('content-type', report.contentType);
      c.header('cache-control', 'no-store');
      if (report.format === 'csv')
        c.header('content-disposition', `attachment; filename="${report.fileName}"`);
      return c.body(toByteStream(report.chunks, report.dataset));
    },
  );

  mount(
    app,
    {
      id: 'vendorAuditPacket',
      method: 'get',
      path: '/vendors/{vendorId}/audit-packet',
      summary:
        'Printable audit packet (HTML): intake and tier, assessments with questions and answers, scoring, findings with history, BAAs with document hashes and clause review, decisions, the audit trail and its verification',
      tag: 'Audit',
      auth: 'staff',
      query: { download: '1 to download it as a file' },
      responses: { 200: { description: 'text/html' } },
    },
    async (c) => {
      const packet = await auditPacket(c.var.deps, c.req.param('vendorId')!);
      c.header('cache-control', 'no-store');
      if (c.req.query('download') === '1') {
        const fileName = `audit-packet-${slug(packet.vendor.name) || packet.vendor.id}-${packet.generatedAt.slice(0, 10)}.html`;
        c.header('content-disposition', `attachment; filename="${fileName}"`);
      }
      return c.html(renderPacket(packet, c.var.principal.id));
    },
  );
}

/** Pulls one chunk per read; a failure after the first byte can only abort the download (logged). */
function toByteStream(chunks: AsyncGenerator<string>, dataset: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        logger.error('Report export failed while streaming', {
          dataset,
          errorName: error instanceof Error ? error.name : typeof error,
        });
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

// ---------------------------------------------------------------------------------------------
// The audit packet

/** The legal basis of the packet itself, listed with every citation the packet's content carries. */
const REGULATORY_BASIS: readonly { citation: string; about: string }[] = [
  { citation: '45 CFR 164.308(a)(1)(ii)(A)–(B)', about: 'risk analysis and risk management' },
  { citation: '45 CFR 164.308(b)(1)', about: 'satisfactory assurances from business associates' },
  { citation: '45 CFR 164.314(a)', about: 'business associate contracts (Security Rule)' },
  { citation: '45 CFR 164.502(e) and 164.504(e)', about: 'business associate contracts (Privacy Rule)' },
  { citation: '45 CFR 164.312(b)', about: 'audit controls' },
  { citation: '45 CFR 164.316(b)(2)(i)', about: 'documentation kept six years' },
];

const PACKET_CSS = `
.packet { font-size: .95rem; line-height: 1.45; }
.packet h1 { margin-bottom: .25rem; }
.packet h2 { margin-top: 2rem; border-bottom: 2px solid #333; padding-bottom: .2rem; }
.packet h3 { margin-top: 1.5rem; }
.packet h4 { margin: 1rem 0 .25rem; }
.packet table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
.packet th, .packet td { border: 1px solid #999; padding: .25rem .45rem; text-align: left; vertical-align: top; }
.packet th { background: #f1f1f1; }
.packet dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 1rem; }
.packet dl.kv dt { font-weight: 600; }
.packet dl.kv dd { margin: 0; }
.packet .hash { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; white-space: nowrap; }
.packet .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.packet { max-width: 100%; overflow-wrap: anywhere; }
.packet td, .packet th { overflow-wrap: anywhere; }
.packet .muted { color: #555; }
.packet .question, .packet .finding { border-left: 3px solid #bbb; padding: .2rem 0 .2rem .75rem; margin: .6rem 0; }
.packet .question p, .packet .finding p { margin: .15rem 0; }
.packet .verdict { border: 2px solid; padding: .6rem .9rem; margin: .75rem 0; font-weight: 600; }
.packet .verdict--ok { border-color: #1a7f37; }
.packet .verdict--failed { border-color: #b42318; }
/* A4 or Letter, whichever the printer uses: margins that fit both. */
@page { size: auto; margin: 16mm 14mm; }
@media print {
  .packet { font-size: 10pt; }
  .packet .part { break-before: page; page-break-before: always; }
  .packet tr, .packet .question, .packet .finding, .packet .verdict, .packet dl.kv { break-inside: avoid; page-break-inside: avoid; }
  .packet h2, .packet h3, .packet h4 { break-after: avoid; page-break-after: avoid; }
  .packet thead { display: table-header-group; }
  .packet a { color: inherit; text-decoration: none; }
  .packet .toc { display: none; }
}
`;

const DASH = '—';
const when = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : DASH);
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : DASH);
const yesNo = (value: boolean | null | undefined) =>
  value === undefined || value === null ? DASH : value ? 'Yes' : 'No';
/** "Security questionnaire sent March 4, 2026": an assessment by what and when, not by id. */
const assessmentName = (a: { questionnaire?: { title: string } | null; createdAt: string }) =>
  `${a.questionnaire?.title ?? 'Security assessment'}, started ${humanDate(a.createdAt)}`;
/**
 * A SHA-256 shortened for print (12 characters); the full value is in the title (hover, copy) and
 * in the JSON exports (GET /vendors/{id}/audit), so the packet stays readable without losing it.
 */
const shortHash = (hash: string) =>
  html`<span class="hash" title="${hash}">${hash.slice(0, 12)}…<span class="visually-hidden"> (full SHA-256: ${hash})</span></span>`;

const DECISION_WORDS: Record<string, string> = {
  approve: 'Approved',
  approve_with_conditions: 'Approved with conditions',
  reject: 'Rejected',
  needs_review: 'Needs review',
};
const SYSTEM_ACCESS_WORDS: Record<string, string> = {
  none: 'No access to our systems',
  user: 'User-level access to our systems',
  privileged: 'Privileged access to our systems',
};
const RECORD_VOLUME_WORDS: Record<string, string> = {
  none: 'No records',
  under_500: 'Fewer than 500 individuals',
  '500_to_10k': '500 to 10,000 individuals',
  '10k_to_100k': '10,000 to 100,000 individuals',
  over_100k: 'More than 100,000 individuals',
};

function kv(rows: readonly [string, SafeHtml | string | number | null | undefined][]): SafeHtml {
  return html`<dl class="kv">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v ?? DASH}</dd>`)}</dl>`;
}

function hasValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** The packet as one HTML document (the shared page frame, with its own inline print styles). */
export function renderPacket(p: AuditPacket, generatedBy: string): string {
  const v = p.vendor;
  const assessmentLinks = p.assessments.map(
    ({ assessment: a }) => html`<li><a href="#assessment-${a.id}">${assessmentName(a)}</a></li>`,
  );
  const body = html`<style>${PACKET_CSS}</style>
<article class="packet">
<h1>Audit packet: ${v.name}</h1>
${kv([
  ['Organisation', p.organisation],
  ['Vendor', v.name],
  ['Generated at', when(p.generatedAt)],
  ['Generated by', actorLabel(generatedBy)],
  ['Audit chain', chainLine(p)],
])}
<nav class="toc" aria-label="Contents"><ol>
<li><a href="#vendor">Vendor, intake and tier</a></li>
${assessmentLinks}
<li><a href="#baas">Business Associate Agreements</a></li>
<li><a href="#decisions">Decisions</a></li>
<li><a href="#audit-trail">Audit trail</a></li>
<li><a href="#references">References</a></li>
</ol></nav>
${vendorSection(p)}
${p.assessments.length ? p.assessments.map((a) => assessmentSection(a, { vendor: p.vendor })) : html`<section class="part"><h2>Assessments</h2><p>No assessment was started.</p></section>`}
${baaSection(p)}
${decisionSection(p.decisions)}
${trailSection(p)}
${referencesSection(p)}
</article>`;
  return page({
    title: `Audit packet: ${v.name}`,
    organisation: p.organisation,
    section: 'Audit packet',
    body,
  });
}

function chainLine(p: AuditPacket): string {
  const result = p.verification;
  return result.ok
    ? `Chain verified: ${result.checked} events, head ${result.headHash ?? 'none (no events)'}`
    : `Chain verification FAILED: ${result.problems.length} problem(s); see the audit trail`;
}

function vendorSection(p: AuditPacket): SafeHtml {
  const v = p.vendor;
  const i = v.intake;
  return html`<section id="vendor">
<h2>Vendor, intake and tier</h2>
${kv([
  ['Name', v.name],
  ['Services', v.services.join('; ')],
  ['Vendor contact', `${v.contactName} <${v.contactEmail}>`],
  ['Business owner', v.businessOwnerEmail],
  ['Registered', `${when(v.createdAt)} by ${actorLabel(v.createdBy)}`],
  ['Stage', labelOf(STAGE_LABELS, v.stage)],
])}
<h3>Intake</h3>
<table><thead><tr><th scope="col">Question</th><th scope="col">Answer</th></tr></thead><tbody>
<tr><td>Creates, receives, maintains or transmits PHI</td><td>${yesNo(i.handlesPhi)}</td></tr>
<tr><td>Supplies a medical device</td><td>${yesNo(i.medicalDevice)}</td></tr>
<tr><td>Access to our systems</td><td>${SYSTEM_ACCESS_WORDS[i.systemAccess] ?? i.systemAccess}</td></tr>
<tr><td>Records handled</td><td>${RECORD_VOLUME_WORDS[i.recordVolume] ?? i.recordVolume}</td></tr>
<tr><td>Supports a critical clinical function</td><td>${yesNo(i.criticalClinicalFunction ?? false)}</td></tr>
</tbody></table>
<h3>Inherent-risk tier: ${labelOf(TIER_LABELS, v.tier)}</h3>
${v.tierReasons.length ? html`<ul>${v.tierReasons.map((r) => html`<li>${r}</li>`)}</ul>` : html`<p>No rule raised the tier above the minimum.</p>`}
${kv([
  ['BAA required', yesNo(v.baaRequired)],
  ['BAA status', labelOf(BAA_STATUS_LABELS, v.baaStatus)],
  [
    'Latest decision',
    v.decision
      ? `${DECISION_WORDS[v.decision.decision] ?? v.decision.decision} on ${when(v.decision.decidedAt)}`
      : 'None',
  ],
  ['Approval lapsed', v.approvalLapsed ? 'Yes: the signed BAA expired after approval' : 'No'],
  ['Reassessment due', day(v.reassessmentDueAt)],
])}
</section>`;
}

function assessmentSection(
  { assessment: a, visible, findings, evidence, clarifications, verdicts }: PacketAssessment,
  ctx: ActorContext,
): SafeHtml {
  const q = a.questionnaire;
  return html`<section class="part" id="assessment-${a.id}">
<h2>${assessmentName(a)}</h2>
${kv([
  [
    'Questionnaire',
    q
      ? `${q.title} (${q.templateId}, version ${q.version}, ${q.questions.length} questions)`
      : 'Not frozen yet',
  ],
  ['Status', labelOf(ASSESSMENT_STATUS_LABELS, a.status)],
  ['Tier at launch', labelOf(TIER_LABELS, a.tier)],
  ['Started', `${when(a.createdAt)} by ${a.createdBy}`],
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
        ['Residual risk rating', a.rating ? labelOf(SEVERITY_LABELS, a.rating) : DASH],
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
${q ? questionnaireByDomain(q.questions, a.answers, visible) : html`<p>The questionnaire has not been frozen into this assessment.</p>`}
<h3>Evidence files (${evidence?.length ?? 0})</h3>
${evidence?.length ? evidenceTable(a, evidence) : html`<p>No evidence files.</p>`}
${clarifications?.length || verdicts?.length ? reviewDeskBlock(a, clarifications ?? [], verdicts ?? []) : ''}
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

function reviewDeskBlock(a: Assessment, clarifications: Clarification[], verdicts: Verdict[]): SafeHtml {
  const titleOf = (id: string) => a.questionnaire?.questions.find((q) => q.id === id)?.title ?? id;
  return html`<h3>Reviewer verdicts and clarifications</h3>
${verdicts.map(
  (v) =>
    html`<p><strong>${titleOf(v.questionId)}</strong>: ${VERDICT_WORDS[v.verdict] ?? v.verdict}${v.reason ? ` — ${v.reason}` : ''} (${v.by}, ${when(v.at)})</p>`,
)}
${clarifications.map(
  (
    c,
  ) => html`<div class="question"><p><strong>${titleOf(c.questionId)}</strong> — ${CLARIFICATION_WORDS[c.status] ?? c.status}, reply due ${day(c.dueAt)}</p>
<ol>${c.messages.map(
    (m) =>
      html`<li>${when(m.at)} ${m.from === 'reviewer' ? `reviewer ${m.actor}` : 'vendor'}: ${m.text}${m.answer !== undefined ? ' (revised answer given)' : ''}${m.evidence.length ? ` (files: ${m.evidence.map((e) => e.name).join(', ')})` : ''}</li>`,
  )}</ol></div>`,
)}`;
}

function questionnaireByDomain(
  questions: readonly Question[],
  answers: Record<string, unknown>,
  visible: ReadonlySet<string>,
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

function baaSection(p: AuditPacket): SafeHtml {
  return html`<section class="part" id="baas">
<h2>Business Associate Agreements</h2>
${
  p.baas.length
    ? p.baas.map((b) => baaBlock(b, { vendor: p.vendor }))
    : html`<p>No BAA on file${p.vendor.baaRequired ? ', although one is required' : ' (none required: the vendor does not handle PHI)'}.</p>`
}
</section>`;
}

function baaBlock(b: BaaRecord, ctx: ActorContext): SafeHtml {
  const review = b.review;
  const entries = new Map(review?.entries.map((e) => [e.clauseId, e]) ?? []);
  const known = new Set(BAA_CHECKLIST_V1.clauses.map((c) => c.id));
  const unknownEntries = review?.entries.filter((e) => !known.has(e.clauseId)) ?? [];
  return html`<h3>${b.party.name} <span class="muted">(${b.party.type === 'subcontractor' ? 'subcontractor agreement' : 'main agreement'})</span></h3>
${kv([
  ['Status', labelOf(BAA_STATUS_LABELS, b.status)],
  ['Effective', day(b.effectiveAt)],
  ['Expires', day(b.expiresAt)],
  ['Signed', when(b.signedAt)],
  ['Terminated', when(b.terminatedAt)],
])}
<h4>Document versions</h4>
${
  b.documents.length
    ? html`<table><thead><tr><th scope="col">Version</th><th scope="col">Kind</th><th scope="col">File</th><th scope="col">Size</th><th scope="col">SHA-256</th><th scope="col">Uploaded</th></tr></thead><tbody>
${b.documents.map(
  (d) =>
    html`<tr><td>${d.version}</td><td>${d.kind === 'signed' ? 'Signed copy' : 'Redline'}</td><td>${d.fileName}</td><td>${d.size} bytes</td><td>${shortHash(d.sha256)}</td><td>${when(d.uploadedAt)} by ${actorLabel(d.uploadedBy, ctx)}</td></tr>`,
)}
</tbody></table>`
    : html`<p>No document uploaded.</p>`
}
<h4>Clause review</h4>
${
  review
    ? html`${kv([
        ['Checklist', `hipaa-baa version ${review.checklistVersion}`],
        ['Reviewed', `${when(review.reviewedAt)} by ${review.reviewedBy}`],
        [
          'Breach-notice window',
          review.noticeWindowDays === null ? 'Not stated in the contract' : `${review.noticeWindowDays} days`,
        ],
        [
          'Exceptions',
          (review.exceptions ?? []).map((e) => `${e.item}: ${e.reason}`).join('; ') ||
            (review.exceptionReason ? `(earlier rules, no longer accepted) ${review.exceptionReason}` : DASH),
        ],
        ['Can be signed', yesNo(review.canSign)],
        [
          'Second approval',
          review.secondApproval
            ? `${when(review.secondApproval.at)} by ${review.secondApproval.by}`
            : review.needsSecondApproval
              ? 'Needed, not given'
              : 'Not needed',
        ],
      ])}
<table><thead><tr><th scope="col">Clause</th><th scope="col">Citation</th><th scope="col">Required</th><th scope="col">Finding</th><th scope="col">Section</th><th scope="col">Note</th></tr></thead><tbody>
${BAA_CHECKLIST_V1.clauses.map((clause) => {
  const e = entries.get(clause.id);
  return html`<tr><td>${clause.title}</td><td>${clause.citation}</td><td>${yesNo(clause.required)}</td><td>${e ? e.finding : 'not reviewed'}</td><td>${e?.section ?? ''}</td><td>${e?.note ?? ''}</td></tr>`;
})}
${unknownEntries.map((e) => html`<tr><td>${e.clauseId}</td><td>${DASH}</td><td>${DASH}</td><td>${e.finding}</td><td>${e.section ?? ''}</td><td>${e.note ?? ''}</td></tr>`)}
</tbody></table>
${review.blockers.length ? html`<p><strong>Blocking signature:</strong></p><ul>${review.blockers.map((x) => html`<li>${x.message}</li>`)}</ul>` : ''}`
    : html`<p>Not reviewed yet.</p>`
}
<h4>History</h4>
${
  b.history.length
    ? html`<table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Note</th></tr></thead><tbody>
${b.history.map((h) => html`<tr><td>${when(h.at)}</td><td>${actorLabel(h.actor, ctx)}</td><td>${labelOf(ACTION_LABELS, h.event)}</td><td>${labelOf(BAA_STATUS_LABELS, h.from)} → ${labelOf(BAA_STATUS_LABELS, h.to)}</td><td>${h.note ?? ''}</td></tr>`)}
</tbody></table>`
    : html`<p>No history.</p>`
}`;
}

function decisionSection(decisions: readonly VendorDecision[]): SafeHtml {
  return html`<section class="part" id="decisions">
<h2>Decisions</h2>
${
  decisions.length
    ? decisions.map(
        (d) => html`<h3>${DECISION_WORDS[d.decision] ?? d.decision} on ${when(d.decidedAt)}</h3>
${kv([
  ['Decided by', `${d.decidedBy} (${d.role})`],
  ['Assessment', d.assessmentId ?? DASH],
  [
    'Conditions',
    d.conditions.length ? html`<ul>${d.conditions.map((x) => html`<li>${x}</li>`)}</ul>` : 'None',
  ],
  ['Reason', d.reason ?? DASH],
])}
${
  d.overridden.length
    ? html`<h4>Gates overridden</h4><table><thead><tr><th scope="col">Gate</th><th scope="col">What it required</th><th scope="col">Reason for the override</th></tr></thead><tbody>
${d.overridden.map((o) => html`<tr><td>${o.gate}</td><td>${o.message}</td><td>${o.reason}</td></tr>`)}
</tbody></table>`
    : html`<p>No gate was overridden.</p>`
}`,
      )
    : html`<p>No decision recorded.</p>`
}
</section>`;
}

function trailSection(p: AuditPacket): SafeHtml {
  const result = p.verification;
  return html`<section class="part" id="audit-trail">
<h2>Audit trail</h2>
<p>Every change is an event chained to the previous one by SHA-256; the chain's last event is also recorded separately (the head), so an edited, removed or reordered event is detected.</p>
${
  result.ok
    ? html`<p class="verdict verdict--ok">Chain verified: ${result.checked} events, head ${result.headHash ? shortHash(result.headHash) : 'none (no events)'}${result.anchor ? html` (recorded head: event ${result.anchor.seq})` : ' (no recorded head)'}</p>`
    : html`<div class="verdict verdict--failed"><p>Chain verification FAILED: ${result.problems.length} problem(s) in ${result.checked} events.</p>
<ul>${result.problems.map((x) => html`<li>Event ${x.seq}: ${x.kind} — ${x.message}</li>`)}</ul></div>`
}
<table><thead><tr><th scope="col">Seq</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Summary</th><th scope="col">Hash</th></tr></thead><tbody>
${p.events.map(
  (e) =>
    html`<tr><td>${e.seq}</td><td>${when(e.at)}</td><td>${actorLabel(e.actor, { vendor: p.vendor })}</td><td>${auditActionLabel(e.action)}</td><td>${e.summary}</td><td>${shortHash(e.hash)}</td></tr>`,
)}
</tbody></table>
</section>`;
}

function referencesSection(p: AuditPacket): SafeHtml {
  const cited = new Set<string>();
  for (const { assessment, findings } of p.assessments) {
    for (const q of assessment.questionnaire?.questions ?? []) for (const c of q.citations) cited.add(c);
    // Findings join their sources with "; "; a semicolon inside parentheses belongs to one source.
    for (const f of findings) {
      for (const c of f.citation.split(/;\s*(?![^(]*\))/)) if (c.trim()) cited.add(c.trim());
    }
  }
  if (p.baas.some((b) => b.review)) for (const clause of BAA_CHECKLIST_V1.clauses) cited.add(clause.citation);
  return html`<section class="part" id="references">
<h2>References</h2>
<h3>Regulatory basis of this packet</h3>
<ul>${REGULATORY_BASIS.map((r) => html`<li>${r.citation}: ${r.about}</li>`)}</ul>
<h3>Citations in this packet</h3>
${cited.size ? html`<ul>${[...cited].sort().map((c) => html`<li>${c}</li>`)}</ul>` : html`<p>None.</p>`}
</section>`;
}
