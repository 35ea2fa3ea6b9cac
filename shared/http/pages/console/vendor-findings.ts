/** The vendor page's findings: each with its deadline, ladder and the actions staff may take. */
import { html, type SafeHtml } from '../../../html.ts';
import { ACTION_LABELS, actorLabel } from '../../../labels.ts';
import type { Finding } from '../../../schemas/finding.ts';
import {
  csrfField,
  dateTime,
  day,
  findingStatusTag,
  labelOf,
  severityBadge,
  statusTag,
} from './components.ts';
import {
  actorsOf,
  enc,
  type FindingRow,
  isOpen,
  problemFor,
  typed,
  type VendorModel,
} from './vendor-page-model.ts';

// --- findings --------------------------------------------------------------------------------------

function findingActions(model: VendorModel, f: Finding): SafeHtml | '' {
  if (!model.can.manageFindings || (f.status !== 'open' && f.status !== 'fix_reported')) return '';
  const base = `/console/vendors/${model.vendor.id}/findings/${enc(f.assessmentId)}/${enc(f.id)}`;
  const ext = `extend:${f.id}`;
  const acc = `accept:${f.id}`;
  const ver = `verify:${f.id}`;
  return html`<div class="actions">
${
  f.status === 'fix_reported'
    ? html`<details class="action"${isOpen(model, ver) ? html` open` : ''}>
<summary>Verify or reject the fix</summary>
${problemFor(model, ver)}
<form method="post" action="${base}/verification">${csrfField(model.viewer)}
<fieldset class="field"><legend>Verdict</legend><div class="choices">
<label class="choice" for="ver-${f.id}-ok"><input type="radio" id="ver-${f.id}-ok" name="verdict" value="verified"${typed(model, ver, 'verdict') !== 'rejected' ? html` checked` : ''}><span>Verified — close the finding</span></label>
<label class="choice" for="ver-${f.id}-no"><input type="radio" id="ver-${f.id}-no" name="verdict" value="rejected"${typed(model, ver, 'verdict') === 'rejected' ? html` checked` : ''}><span>Rejected — back to open</span></label>
</div></fieldset>
<div class="field"><label for="ver-${f.id}-note">Verification note <span class="optional">(optional; sent to the vendor's history)</span></label>
<textarea id="ver-${f.id}-note" name="note" rows="2" maxlength="2000">${typed(model, ver, 'note')}</textarea></div>
<button type="submit" class="button button--small">Record verdict</button>
</form></details>`
    : ''
}
<details class="action"${isOpen(model, ext) ? html` open` : ''}>
<summary>Grant an extension</summary>
${problemFor(model, ext)}
<form method="post" action="${base}/extension">${csrfField(model.viewer)}
<div class="form-grid">
<div class="field"><label for="ext-${f.id}-date">New due date</label>
<p class="hint" id="ext-${f.id}-hint">After ${f.dueAt.slice(0, 10)}; the reminder ladder restarts.</p>
<input type="date" id="ext-${f.id}-date" name="dueAt" required aria-describedby="ext-${f.id}-hint" value="${typed(model, ext, 'dueAt')}"></div>
<div class="field"><label for="ext-${f.id}-reason">Reason for the extension</label>
<textarea id="ext-${f.id}-reason" name="reason" rows="2" required maxlength="2000">${typed(model, ext, 'reason')}</textarea></div>
</div>
<button type="submit" class="button button--small">Grant extension</button>
</form></details>
<details class="action"${isOpen(model, acc) ? html` open` : ''}>
<summary>Accept the risk</summary>
${problemFor(model, acc)}
<form method="post" action="${base}/acceptance">${csrfField(model.viewer)}
<div class="form-grid">
<div class="field"><label for="acc-${f.id}-until">Accepted until</label>
<p class="hint" id="acc-${f.id}-hint">The finding comes back when the acceptance lapses.</p>
<input type="date" id="acc-${f.id}-until" name="until" required aria-describedby="acc-${f.id}-hint" value="${typed(model, acc, 'until')}"></div>
<div class="field"><label for="acc-${f.id}-reason">Reason for accepting the risk</label>
<textarea id="acc-${f.id}-reason" name="reason" rows="2" required maxlength="2000">${typed(model, acc, 'reason')}</textarea></div>
</div>
<button type="submit" class="button button--small">Accept risk</button>
</form></details>
</div>`;
}

function findingCard(model: VendorModel, row: FindingRow): SafeHtml {
  const f = row.finding;
  const overdue = (f.status === 'open' || f.status === 'fix_reported') && f.dueAt < model.now;
  return html`<article class="card finding finding--${f.severity}" id="finding-${f.id}" aria-labelledby="finding-${f.id}-title">
<h3 id="finding-${f.id}-title">${severityBadge(f.severity)} <span>${f.title}</span> ${findingStatusTag(f.status)}</h3>
<dl class="facts">
<dt>Due</dt><dd class="due">${day(f.dueAt)}${overdue ? html` ${statusTag('Overdue', 'bad')}` : ''}${f.originalDueAt !== f.dueAt ? html` <span class="muted">(originally ${f.originalDueAt.slice(0, 10)})</span>` : ''}</dd>
<dt>Ladder</dt><dd>${
    row.ladder
      ? html`${row.ladder.last ? html`Last: ${row.ladder.last}` : 'No reminder sent yet'}${row.ladder.nextAt ? html`<br>Next: ${row.ladder.next ? html`${row.ladder.next} — ` : ''}${dateTime(row.ladder.nextAt)}` : ''}`
      : html`<span class="muted">No reminders pending</span>`
  }</dd>
${row.answer ? html`<dt>Answer</dt><dd>${row.answer.text} · <a href="${row.answer.href}">See the question and its evidence</a></dd>` : ''}
<dt>Citation</dt><dd>${f.citation}</dd>
<dt>Remediation</dt><dd>${f.remediation}</dd>
${f.fixReport ? html`<dt>Fix reported</dt><dd>${dateTime(f.fixReport.reportedAt)}: ${f.fixReport.note}${f.fixReport.evidence.length ? html`<br><span class="muted">Evidence:</span> ${row.fixFiles?.length ? row.fixFiles.map((e, i) => html`${i ? ', ' : ''}<a href="${e.href}">${e.name}</a>`) : f.fixReport.evidence.map((e) => e.name).join(', ')}` : ''}</dd>` : ''}
${f.acceptance ? html`<dt>Risk accepted</dt><dd>Until ${day(f.acceptance.until)} by ${actorLabel(f.acceptance.by, actorsOf(model))}: ${f.acceptance.reason}</dd>` : ''}
</dl>
${
  f.history.length
    ? html`<details class="history"><summary>History (${f.history.length})</summary><ol>${f.history.map(
        (h) =>
          html`<li>${dateTime(h.at)} · ${actorLabel(h.actor, actorsOf(model))} · ${labelOf(ACTION_LABELS, h.action)}${h.note ? html`: ${h.note}` : ''}</li>`,
      )}</ol></details>`
    : ''
}
${findingActions(model, f)}
</article>`;
}

export function findings(model: VendorModel): SafeHtml {
  return html`<section class="section" aria-labelledby="findings">
<div class="section__head"><h2 id="findings">Findings</h2>
${model.reviewed ? html`<p class="muted">From the assessment reviewed ${day(model.reviewed.reviewedAt)}${model.reviewed.score !== undefined ? html`, score ${model.reviewed.score}/100` : ''}.</p>` : ''}</div>
${
  !model.reviewed
    ? html`<p class="card empty">No reviewed assessment yet: findings appear once the vendor's answers are scored.</p>`
    : model.findings.length === 0
      ? html`<p class="card empty">The latest reviewed assessment has no findings.</p>`
      : model.findings.map((row) => findingCard(model, row))
}
</section>`;
}
