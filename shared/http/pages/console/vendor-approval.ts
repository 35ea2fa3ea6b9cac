/** The vendor page's approval: the gates right now, the decision form and the decisions so far. */
import { html, type SafeHtml } from '../../../html.ts';
import { actorLabel, GATE_LABELS } from '../../../labels.ts';
import { csrfField, DECISION_LABELS, dateTime, labelOf } from './components.ts';
import { type GateCell, problemFor, typed, type VendorModel } from './vendor-page-model.ts';

// --- approval ------------------------------------------------------------------------------------

const gateCell = (cell: GateCell) =>
  cell.ok
    ? html`<td class="gate gate--ok"><span aria-hidden="true">✓</span> Passes</td>`
    : html`<td class="gate gate--fail"><span aria-hidden="true">✗</span> <strong>Blocked</strong><span class="cell-sub">${cell.message ?? ''}</span></td>`;

function decisionForm(model: VendorModel): SafeHtml {
  const form = 'decision';
  // Approve is pre-selected only when no gate blocks it: a form that suggests a refused decision
  // invites a wasted click.
  const approvable = model.gates.every((g) => g.approve.ok);
  const chosen = typed(model, form, 'decision', approvable ? 'approve' : '');
  const radio = (value: string, label: string, hint: string) =>
    html`<div class="choice choice--block"><input type="radio" id="dec-${value}" name="decision" value="${value}" aria-describedby="dec-${value}-hint"${chosen === value ? html` checked` : ''}><span><label for="dec-${value}">${label}</label><span class="cell-sub" id="dec-${value}-hint">${hint}</span></span></div>`;
  return html`<form method="post" action="/console/vendors/${model.vendor.id}/decision" class="decision-form">
${csrfField(model.viewer)}
${problemFor(model, form)}
<fieldset class="field"><legend>Decision</legend>
<div class="choices choices--stacked">
${radio('approve', 'Approve', 'Needs every gate, and no unresolved high finding.')}
${radio('approve_with_conditions', 'Approve with conditions', 'List the conditions below.')}
${radio('reject', 'Reject', 'Give the reason below.')}
</div></fieldset>
<div class="form-grid">
<div class="field"><label for="dec-conditions">Conditions <span class="optional">(one per line; approve with conditions)</span></label>
<textarea id="dec-conditions" name="conditions" rows="3">${typed(model, form, 'conditions')}</textarea></div>
<div class="field"><label for="dec-reason">Reason <span class="optional">(required to reject)</span></label>
<textarea id="dec-reason" name="reason" rows="3" maxlength="2000">${typed(model, form, 'reason')}</textarea></div>
</div>
${
  model.can.override
    ? html`<div class="field override"><label for="dec-override">Override reason <span class="optional">(compliance; sets aside failing gates except the BAA)</span></label>
<p class="hint" id="dec-override-hint">Leave empty unless you mean to override. The reason is kept with the decision in the audit trail.</p>
<textarea id="dec-override" name="overrideReason" rows="2" maxlength="2000" aria-describedby="dec-override-hint">${typed(model, form, 'overrideReason')}</textarea></div>`
    : ''
}
<button type="submit" class="button">Record decision</button>
</form>`;
}

export function approval(model: VendorModel): SafeHtml {
  const decisions = [...(model.vendor.decisions ?? [])].reverse();
  return html`<section class="card" aria-labelledby="approval">
<h2 id="approval">Approval</h2>
<div class="table-wrap"><table class="data-table data-table--compact gates">
<caption>Gates right now</caption>
<thead><tr><th scope="col">Gate</th><th scope="col">Approve</th><th scope="col">Approve with conditions</th></tr></thead>
<tbody>${model.gates.map((g) => html`<tr><th scope="row">${g.label}</th>${gateCell(g.approve)}${gateCell(g.conditional)}</tr>`)}</tbody>
</table></div>
${model.can.decide ? decisionForm(model) : html`<p class="muted">Procurement records the decision.</p>`}
<h3 id="decisions">Decisions</h3>
${
  decisions.length === 0
    ? html`<p class="empty">No decision yet.</p>`
    : html`<div class="table-wrap"><table class="data-table data-table--compact">
<caption class="visually-hidden">Decisions, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Decision</th><th scope="col">By</th><th scope="col">Conditions / reason</th><th scope="col">Overridden gates</th></tr></thead>
<tbody>${decisions.map(
        (d) => html`<tr>
<th scope="row">${dateTime(d.decidedAt)}</th>
<td>${labelOf(DECISION_LABELS, d.decision)}</td>
<td>${actorLabel({ id: d.decidedBy, role: d.role })}</td>
<td>${d.conditions.length ? html`<ul class="tight">${d.conditions.map((x) => html`<li>${x}</li>`)}</ul>` : ''}${d.reason ?? ''}${!d.conditions.length && !d.reason ? '—' : ''}</td>
<td>${d.overridden.length ? d.overridden.map((o) => html`<span class="cell-sub">${labelOf(GATE_LABELS, o.gate)}: ${o.reason}</span>`) : '—'}</td>
</tr>`,
      )}</tbody></table></div>`
}
</section>`;
}
