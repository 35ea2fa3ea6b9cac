/** The vendor page's BAA section: documents, clause review, second approval, signing, end of life, exemption. */
import { html, type SafeHtml } from '../../../html.ts';
import { ACTION_LABELS, actorLabel } from '../../../labels.ts';
import type { ClauseFinding } from '../../../schemas/baa.ts';
import type { BaaRecord } from '../../../schemas/baa-record.ts';
import { BAA_STATUS_LABELS, baaBadge, csrfField, dateTime, day, labelOf, statusTag } from './components.ts';
import { actorsOf, enc, isOpen, problemFor, typed, type VendorModel } from './vendor-page-model.ts';

const CLAUSE_FINDINGS: readonly [ClauseFinding, string][] = [
  ['present', 'Present'],
  ['equivalent', 'Equivalent (say why in the note)'],
  ['missing', 'Missing'],
  ['deviates', 'Deviates'],
];

// --- BAA ---------------------------------------------------------------------------------------------

function documents(model: VendorModel, baa: BaaRecord): SafeHtml {
  if (baa.documents.length === 0) {
    return html`<p class="empty">No document yet.${baa.status === 'sent' ? ' The vendor was sent our BAA and uploads its copy through its link.' : ''}</p>`;
  }
  return html`<div class="table-wrap"><table class="data-table data-table--compact">
<caption>Documents</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Kind</th><th scope="col">File</th><th scope="col">SHA-256</th><th scope="col">Uploaded by</th><th scope="col">Uploaded at</th></tr></thead>
<tbody>${[...baa.documents].reverse().map(
    (d) => html`<tr>
<th scope="row">v${d.version}</th>
<td>${labelOf({}, d.kind)}</td>
<td><a href="/vendors/${model.vendor.id}/baas/${enc(baa.id)}/documents/${d.version}">${d.fileName}</a><span class="cell-sub">${Math.max(1, Math.round(d.size / 1024))} KB</span></td>
<td><code class="hash">${d.sha256}</code></td>
<td>${actorLabel(d.uploadedBy, actorsOf(model))}</td>
<td>${dateTime(d.uploadedAt)}</td>
</tr>`,
  )}</tbody></table></div>`;
}

function reviewSummary(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  const review = baa.review;
  if (!review) return '';
  const byId = new Map(model.checklist.clauses.map((c) => [c.id, c]));
  const counts = { present: 0, equivalent: 0, missing: 0, deviates: 0 };
  for (const e of review.entries) counts[e.finding]++;
  const unreviewed = model.checklist.clauses.length - review.entries.length;
  return html`<div class="review-summary">
<h4>Clause review</h4>
<p>${review.canSign ? statusTag('Can be signed', 'good') : statusTag('Cannot be signed yet', 'bad')}
Reviewed ${dateTime(review.reviewedAt)} by ${actorLabel(review.reviewedBy, actorsOf(model))}: ${counts.present} present, ${counts.equivalent} equivalent, ${counts.missing} missing, ${counts.deviates} deviating${unreviewed > 0 ? `, ${unreviewed} unreviewed` : ''}; breach notice ${review.noticeWindowDays === null ? 'not stated' : `${review.noticeWindowDays} days`}.</p>
${review.exceptions?.length ? html`<ul class="exceptions">${review.exceptions.map((e) => html`<li>Exception for ${byId.get(e.item)?.title ?? 'the breach-notice window over policy'}: ${e.reason}</li>`)}</ul>` : ''}
${review.exceptionReason ? html`<p>Blanket exception recorded under the earlier rules (no longer accepted; review again): ${review.exceptionReason}</p>` : ''}
${
  review.needsSecondApproval
    ? review.secondApproval
      ? html`<p>${statusTag('Second approval given', 'good')} by ${actorLabel(review.secondApproval.by, actorsOf(model))}, ${dateTime(review.secondApproval.at)}.</p>`
      : html`<p>${statusTag('Needs a second compliance approver', 'warn')} (not ${actorLabel(review.reviewedBy, actorsOf(model))}): ${(review.approvalReasons ?? []).join('; ')}</p>`
    : ''
}
${review.blockers.length ? html`<ul class="blockers">${review.blockers.map((b) => html`<li>${b.message}</li>`)}</ul>` : ''}
${
  review.entries.some((e) => e.finding !== 'present' || e.note)
    ? html`<ul class="clause-notes">${review.entries
        .filter((e) => e.finding !== 'present' || e.note)
        .map(
          (e) =>
            html`<li><strong>${byId.get(e.clauseId)?.title ?? e.clauseId}</strong>: ${e.finding}${e.section ? ` (${e.section})` : ''}${e.note ? html` — ${e.note}` : ''}</li>`,
        )}</ul>`
    : ''
}
</div>`;
}

function reviewForm(model: VendorModel, baa: BaaRecord): SafeHtml {
  const form = `review:${baa.id}`;
  const base = `baa-${baa.id}`;
  const latest = baa.documents.at(-1);
  const suggested = new Set(latest?.suggestions?.present ?? []);
  const entries = new Map((baa.review?.entries ?? []).map((e) => [e.clauseId, e]));
  const failed = model.problem?.form === form;
  const notice = failed
    ? typed(model, form, 'noticeWindowDays')
    : String(baa.review?.noticeWindowDays ?? latest?.suggestions?.noticeWindowDays ?? '');
  const rows = model.checklist.clauses.map((clause) => {
    const prior = entries.get(clause.id);
    const chosen = failed
      ? typed(model, form, `clause.${clause.id}.finding`)
      : (prior?.finding ?? (suggested.has(clause.id) ? 'present' : ''));
    const id = `${base}-${clause.id}`;
    return html`<fieldset class="clause-row">
<legend><span class="clause-row__title">${clause.title}</span> <span class="clause-row__cite">${clause.citation}${clause.required ? '' : ' · optional'}</span></legend>
<div class="clause-row__body">
<div class="choices choices--compact">${CLAUSE_FINDINGS.map(
      ([v, label]) =>
        html`<label class="choice" for="${id}-${v}"><input type="radio" id="${id}-${v}" name="clause.${clause.id}.finding" value="${v}"${chosen === v ? html` checked` : ''}><span>${label}</span></label>`,
    )}</div>
<div class="clause-row__inputs">
<label class="visually-hidden" for="${id}-note">Note on ${clause.title}</label>
<input type="text" id="${id}-note" name="clause.${clause.id}.note" placeholder="Note" maxlength="2000" value="${failed ? typed(model, form, `clause.${clause.id}.note`) : (prior?.note ?? '')}">
<label class="visually-hidden" for="${id}-section">Section of ${clause.title}</label>
<input type="text" id="${id}-section" name="clause.${clause.id}.section" placeholder="Section, e.g. §4.2" maxlength="200" class="input--short" value="${failed ? typed(model, form, `clause.${clause.id}.section`) : (prior?.section ?? '')}">
</div>
</div>
</fieldset>`;
  });
  return html`<details class="action action--wide"${isOpen(model, form) || !baa.review ? html` open` : ''}>
<summary>${baa.review ? 'Review the clauses again' : 'Review the clauses'}</summary>
${problemFor(model, form)}
<form method="post" action="/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}/review">${csrfField(model.viewer)}
<p class="hint">Against checklist v${model.checklist.version}${latest?.suggestions ? html`; clauses found in the text of v${latest.version} are pre-marked present — confirm each one` : ''}.</p>
<div class="clause-list">${rows}</div>
<div class="form-grid">
<div class="field"><label for="${base}-notice">Breach-notice window (calendar days)</label>
<p class="hint" id="${base}-notice-hint">Policy: at most ${model.maxNoticeWindowDays} days without an exception; never more than 60. Leave empty if the contract is silent.</p>
<input type="number" id="${base}-notice" name="noticeWindowDays" min="0" max="3650" step="1" aria-describedby="${base}-notice-hint" value="${notice}"></div>
</div>
<fieldset class="exceptions"><legend>Exceptions <span class="optional">(policy items only, one reason each)</span></legend>
<p class="hint">A required clause that is missing or deviates cannot be excepted. Any exception, or a required clause marked equivalent, needs a second compliance user to approve before signing.</p>
${exceptionItems(model).map(({ item, label }) => {
  const prior = baa.review?.exceptions?.find((e) => e.item === item)?.reason ?? '';
  return html`<div class="field"><label for="${base}-ex-${item}">${label}</label>
<input type="text" id="${base}-ex-${item}" name="exception.${item}" maxlength="2000" placeholder="Reason, if you accept it" value="${failed ? typed(model, form, `exception.${item}`) : prior}"></div>`;
})}
</fieldset>
</div>
<button type="submit" class="button">Save clause review</button>
</form></details>`;
}

/** Compliance records a documented BAA exemption at intake (before any agreement is negotiated). */
export function exemptionForm(model: VendorModel): SafeHtml | '' {
  const v = model.vendor;
  if (!model.can.decideRisk || !v.intake.handlesPhi || v.baaExemption) return '';
  if (!['required', 'sent', 'not_required'].includes(v.baaStatus)) return '';
  const key = 'exemption';
  const bases: [string, string][] = [
    ['treatment_provider', 'A health care provider receiving PHI for treatment'],
    ['conduit', 'A mere conduit that only transports PHI'],
    ['other', 'Another documented exception'],
  ];
  const chosen = typed(model, key, 'basis', 'treatment_provider');
  return html`<dt>BAA exemption</dt><dd><details class="action"${isOpen(model, key) ? html` open` : ''}><summary>Record a documented BAA exemption</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${v.id}/baa-exemption">${csrfField(model.viewer)}
<p class="hint">Only where the vendor handles PHI yet needs no BAA. Audited and shown here; the BAA request stops.</p>
<div class="field"><label for="ex-basis">Basis</label><select id="ex-basis" name="basis">${bases.map(([value, label]) => html`<option value="${value}"${chosen === value ? html` selected` : ''}>${label}</option>`)}</select></div>
<div class="field"><label for="ex-reason">Reason</label><textarea id="ex-reason" name="reason" rows="2" required maxlength="2000">${typed(model, key, 'reason')}</textarea></div>
<div class="field"><label for="ex-citation">Citation relied on</label><input type="text" id="ex-citation" name="citation" required maxlength="300" value="${typed(model, key, 'citation')}"></div>
<button type="submit" class="button button--small">Record exemption</button></form></details></dd>`;
}

/** Compliance withdraws a recorded exemption: the BAA is required again and requested at once. */
export function exemptionRevokeForm(model: VendorModel): SafeHtml | '' {
  const v = model.vendor;
  if (!model.can.decideRisk || !v.baaExemption) return '';
  const key = 'revoke-exemption';
  return html`<dt>Withdraw the exemption</dt><dd><details class="action"${isOpen(model, key) ? html` open` : ''}><summary>Revoke the BAA exemption</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${v.id}/baa-exemption/revocation">${csrfField(model.viewer)}
<p class="hint">${v.intake.handlesPhi ? 'The vendor will need a BAA again: the request is emailed at once, due back in 30 days.' : 'The vendor handles no PHI today: no BAA is requested until it does.'} Audited with the exemption it ends.</p>
<div class="field"><label for="rex-reason">Reason</label><textarea id="rex-reason" name="reason" rows="2" required maxlength="2000">${typed(model, key, 'reason')}</textarea></div>
<button type="submit" class="button button--small">Revoke exemption</button></form></details></dd>`;
}

/** The policy items an exception may cover: optional clauses and a notice window over policy. */
export function exceptionItems(model: VendorModel): { item: string; label: string }[] {
  return [
    ...model.checklist.clauses
      .filter((c) => !c.required)
      .map((c) => ({ item: c.id, label: `${c.title} (optional clause) missing or deviating` })),
    {
      item: 'notice-window',
      label: `Breach-notice window over ${model.maxNoticeWindowDays} days (and at most 60)`,
    },
  ];
}

function approveForm(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  const review = baa.review;
  if (!review?.canSign || !review.needsSecondApproval || review.secondApproval) return '';
  if (!model.can.decideRisk || review.reviewedBy === model.viewer.email) {
    return html`<p class="hint">Waiting for a second compliance user (not ${actorLabel(review.reviewedBy, actorsOf(model))}) to approve.</p>`;
  }
  const key = `approve:${baa.id}`;
  return html`<details class="action"${isOpen(model, key) ? html` open` : ''}>
<summary>Approve as the second compliance user</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}/approve">${csrfField(model.viewer)}
<ul>${(review.approvalReasons ?? []).map((r) => html`<li>${r}</li>`)}</ul>
<div class="field"><label for="apr-${baa.id}-note">Note <span class="optional">(optional)</span></label>
<input type="text" id="apr-${baa.id}-note" name="note" maxlength="2000" value="${typed(model, key, 'note')}"></div>
<button type="submit" class="button button--small">Approve</button>
</form></details>`;
}

/** After termination: return or destruction of PHI, and compliance's infeasibility record. */
function returnOrDestroy(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  const task = baa.returnOrDestroy;
  if (!task) return '';
  const key = `infeasible:${baa.id}`;
  const state =
    task.status === 'attested'
      ? html`${statusTag('Attested', 'good')} by ${actorLabel(task.attestation!.attestedBy, actorsOf(model))} on ${day(task.attestation!.at)}: ${task.attestation!.method.replaceAll('_', ' and ')}${task.attestation!.certificate ? html` (certificate ${task.attestation!.certificate.fileName})` : ''}`
      : task.status === 'infeasible'
        ? html`${statusTag('Infeasible', 'warn')}: ${task.infeasible!.reason} (${actorLabel(task.infeasible!.by, actorsOf(model))}); the agreement’s protections continue`
        : html`${statusTag('Pending', 'warn')}: the vendor must return or destroy our PHI by ${day(task.dueAt)} and confirm it through its BAA link`;
  return html`<div class="return-or-destroy"><h4>Return or destruction of PHI</h4><p>${state}</p>
${
  task.status === 'pending' && model.can.decideRisk
    ? html`<details class="action"${isOpen(model, key) ? html` open` : ''}><summary>Record that return is infeasible</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}/return-infeasible">${csrfField(model.viewer)}
<div class="field"><label for="inf-${baa.id}">Why return or destruction is infeasible</label>
<textarea id="inf-${baa.id}" name="reason" rows="2" required maxlength="2000">${typed(model, key, 'reason')}</textarea></div>
<button type="submit" class="button button--small button--secondary">Record</button></form></details>`
    : ''
}</div>`;
}

/** A signed BAA without an expiry: its periodic review. */
function periodicReview(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  if (baa.status !== 'signed' || baa.expiresAt || !baa.reviewDueAt) return '';
  const key = `periodic:${baa.id}`;
  return html`<div class="periodic-review"><p>No expiry (runs with the services agreement); next review due ${day(baa.reviewDueAt)}.</p>
${
  model.can.manageBaa
    ? html`<details class="action"${isOpen(model, key) ? html` open` : ''}><summary>Record the periodic review</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}/periodic-review">${csrfField(model.viewer)}
<div class="field"><label for="per-${baa.id}">What was reviewed</label>
<textarea id="per-${baa.id}" name="note" rows="2" required maxlength="2000">${typed(model, key, 'note')}</textarea></div>
<button type="submit" class="button button--small">Record review</button></form></details>`
    : ''
}</div>`;
}

function signForms(model: VendorModel, baa: BaaRecord): SafeHtml | '' {
  if (!model.can.manageBaa || baa.status !== 'under_review') return '';
  const sign = `sign:${baa.id}`;
  const changes = `changes:${baa.id}`;
  const base = `/console/vendors/${model.vendor.id}/baas/${enc(baa.id)}`;
  return html`<div class="actions">
${approveForm(model, baa)}
${
  baa.review?.canSign && (!baa.review.needsSecondApproval || baa.review.secondApproval)
    ? html`<details class="action"${isOpen(model, sign) ? html` open` : ''}>
<summary>Mark signed</summary>
${problemFor(model, sign)}
<form method="post" action="${base}/sign">${csrfField(model.viewer)}
<p class="hint">Needs a signed copy on file. Expiry reminders go out at 60, 30 and 7 days; leave the expiry empty when the BAA runs with the services agreement (a periodic review date takes its place).</p>
<div class="form-grid">
<div class="field"><label for="sign-${baa.id}-from">Effective date</label>
<input type="date" id="sign-${baa.id}-from" name="effectiveAt" required value="${typed(model, sign, 'effectiveAt', model.now.slice(0, 10))}"></div>
<div class="field"><label for="sign-${baa.id}-to">Expiry date <span class="optional">(optional)</span></label>
<input type="date" id="sign-${baa.id}-to" name="expiresAt" value="${typed(model, sign, 'expiresAt')}"></div>
</div>
<button type="submit" class="button button--small">Mark BAA signed</button>
</form></details>`
    : ''
}
<details class="action"${isOpen(model, changes) ? html` open` : ''}>
<summary>Request changes from the vendor</summary>
${problemFor(model, changes)}
<form method="post" action="${base}/changes">${csrfField(model.viewer)}
<div class="field"><label for="chg-${baa.id}-note">What must change</label>
<p class="hint" id="chg-${baa.id}-hint">Emailed to the vendor with a link to upload a corrected copy.</p>
<textarea id="chg-${baa.id}-note" name="note" rows="3" required maxlength="2000" aria-describedby="chg-${baa.id}-hint">${typed(model, changes, 'note')}</textarea></div>
<button type="submit" class="button button--small button--secondary">Request changes</button>
</form></details>
</div>`;
}

function baaCard(model: VendorModel, baa: BaaRecord): SafeHtml {
  const isMain = baa.party.type === 'vendor';
  return html`<article class="card baa" id="baa-${baa.id}" aria-labelledby="baa-${baa.id}-title">
<h3 id="baa-${baa.id}-title">${isMain ? `Agreement with ${baa.party.name}` : `Subcontractor agreement: ${baa.party.name}`} ${baaBadge(baa.status)}</h3>
<dl class="facts facts--inline">
<dt>Status</dt><dd>${labelOf(BAA_STATUS_LABELS, baa.status)}</dd>
<dt>Effective</dt><dd>${day(baa.effectiveAt)}</dd>
<dt>Expires</dt><dd>${baa.status === 'signed' && !baa.expiresAt ? 'No expiry (coterminous)' : day(baa.expiresAt)}</dd>
${baa.signedAt ? html`<dt>Signed</dt><dd>${dateTime(baa.signedAt)}</dd>` : ''}
${baa.responseDueAt && ['sent', 'changes_requested'].includes(baa.status) ? html`<dt>Due back</dt><dd>${day(baa.responseDueAt)}</dd>` : ''}
${baa.priorTerm ? html`<dt>Current agreement</dt><dd>${baa.priorTerm.lapsedAt ? statusTag(`Lapsed ${day(baa.priorTerm.lapsedAt)}`, 'bad') : `In force until ${day(baa.priorTerm.expiresAt)} while the renewal is negotiated`}</dd>` : ''}
${isMain && model.vendor.approvalLapsed ? html`<dt>Approval</dt><dd>${statusTag('Lapsed: the BAA is no longer in force', 'bad')}</dd>` : ''}
</dl>
${returnOrDestroy(model, baa)}
${periodicReview(model, baa)}
${documents(model, baa)}
${reviewSummary(model, baa)}
${model.can.manageBaa && baa.status === 'under_review' ? reviewForm(model, baa) : ''}
${signForms(model, baa)}
${
  baa.history.length
    ? html`<details class="history"><summary>History (${baa.history.length})</summary><ol>${baa.history.map(
        (h) =>
          html`<li>${dateTime(h.at)} · ${actorLabel(h.actor, actorsOf(model))} · ${labelOf(ACTION_LABELS, h.event)} (${labelOf(BAA_STATUS_LABELS, h.from)} → ${labelOf(BAA_STATUS_LABELS, h.to)})${h.note ? html`: ${h.note}` : ''}</li>`,
      )}</ol></details>`
    : ''
}
</article>`;
}

export function baaSection(model: VendorModel): SafeHtml {
  const baas = [...model.baas].sort((a, b) =>
    a.party.type === b.party.type ? a.id.localeCompare(b.id) : a.party.type === 'vendor' ? -1 : 1,
  );
  return html`<section class="section" aria-labelledby="baa">
<div class="section__head"><h2 id="baa">Business Associate Agreement</h2></div>
${
  baas.length === 0
    ? html`<p class="card empty">${model.vendor.baaRequired ? 'A BAA is required; the request has not been created yet.' : 'No BAA is required: the vendor does not handle PHI.'}</p>`
    : baas.map((b) => baaCard(model, b))
}
</section>`;
}
