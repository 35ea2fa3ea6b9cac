/**
 * The audit packet's Business Associate Agreements (documents, clause review, history) and decisions.
 */
import { BAA_CHECKLIST_V1 } from '../../../content/baa-clauses.v1.ts';
import { html, type SafeHtml } from '../../../html.ts';
import {
  ACTION_LABELS,
  type ActorContext,
  actorLabel,
  actorRoles,
  BAA_STATUS_LABELS,
  GATE_LABELS,
  labelOf,
} from '../../../labels.ts';
import type { BaaRecord } from '../../../schemas/baa-record.ts';
import type { VendorDecision } from '../../../schemas/vendor.ts';
import type { AuditPacket } from '../../../use-cases/audit-trail.ts';
import { DASH, DECISION_WORDS, day, kv, shortHash, when, yesNo } from './packet-format.ts';

/** A clause's review finding in words. */
const CLAUSE_FINDING_WORDS: Record<string, string> = {
  present: 'Present',
  missing: 'Missing',
  deviates: 'Deviates from the checklist',
  equivalent: 'Equivalent wording',
};

export function baaSection(p: AuditPacket): SafeHtml {
  return html`<section class="part" id="baas">
<h2>Business Associate Agreements</h2>
${
  p.baas.length
    ? p.baas.map((b) => baaBlock(b, { vendor: p.vendor, roles: actorRoles(p.events) }))
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
        ['Reviewed', `${when(review.reviewedAt)} by ${actorLabel(review.reviewedBy, ctx)}`],
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
            ? `${when(review.secondApproval.at)} by ${actorLabel(review.secondApproval.by, ctx)}`
            : review.needsSecondApproval
              ? 'Needed, not given'
              : 'Not needed',
        ],
      ])}
<table><thead><tr><th scope="col">Clause</th><th scope="col">Citation</th><th scope="col">Required</th><th scope="col">Finding</th><th scope="col">Section</th><th scope="col">Note</th></tr></thead><tbody>
${BAA_CHECKLIST_V1.clauses.map((clause) => {
  const e = entries.get(clause.id);
  return html`<tr><td>${clause.title}</td><td>${clause.citation}</td><td>${yesNo(clause.required)}</td><td>${e ? labelOf(CLAUSE_FINDING_WORDS, e.finding) : 'Not reviewed'}</td><td>${e?.section ?? ''}</td><td>${e?.note ?? ''}</td></tr>`;
})}
${unknownEntries.map((e) => html`<tr><td>${e.clauseId}</td><td>${DASH}</td><td>${DASH}</td><td>${labelOf(CLAUSE_FINDING_WORDS, e.finding)}</td><td>${e.section ?? ''}</td><td>${e.note ?? ''}</td></tr>`)}
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

export function decisionSection(decisions: readonly VendorDecision[]): SafeHtml {
  return html`<section class="part" id="decisions">
<h2>Decisions</h2>
${
  decisions.length
    ? decisions.map(
        (d) => html`<h3>${DECISION_WORDS[d.decision] ?? d.decision} on ${when(d.decidedAt)}</h3>
${kv([
  ['Decided by', actorLabel({ id: d.decidedBy, role: d.role })],
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
${d.overridden.map((o) => html`<tr><td>${labelOf(GATE_LABELS, o.gate)}</td><td>${o.message}</td><td>${o.reason}</td></tr>`)}
</tbody></table>`
    : html`<p>No gate was overridden.</p>`
}`,
      )
    : html`<p>No decision recorded.</p>`
}
</section>`;
}
