/**
 * The vendor page's data location and insurance card: where the vendor and its subcontractors
 * keep our data (country names, never codes), offshore support access, cyber insurance from the
 * intake, and the offshore data review (policy; docs/offshore-data.md) with compliance's form.
 * Vendors registered before these questions existed read "Not recorded".
 */
import { countryNames } from '../../../domain/countries.ts';
import { html, type SafeHtml } from '../../../html.ts';
import {
  actorLabel,
  insuranceInWords,
  labelOf,
  OFFSHORE_REVIEW_LABELS,
  YES_NO_UNKNOWN_LABELS,
} from '../../../labels.ts';
import { csrfField, dateTime, statusTag } from './components.ts';
import { actorsOf, isOpen, problemFor, typed, type VendorModel } from './vendor-page-model.ts';

const NOT_RECORDED = html`<span class="muted">Not recorded</span>`;

function offshoreStatus(model: VendorModel): SafeHtml | '' {
  const v = model.vendor;
  const o = model.offshore;
  if (!v.intake.handlesPhi) return '';
  if (!o?.required) {
    return html`<dt>Offshore data review</dt><dd>${
      v.intake.dataLocation
        ? 'Not needed: the data stays in the United States and no one abroad can reach it.'
        : 'Not needed under the current policy while the data location is not recorded.'
    }${o?.review ? html`<span class="cell-sub">Last review: ${labelOf(OFFSHORE_REVIEW_LABELS, o.review.decision).toLowerCase()}, ${dateTime(o.review.at)}</span>` : ''}</dd>`;
  }
  const why = html`<ul class="tight">${o.reasons.map((r) => html`<li>${r.charAt(0).toUpperCase()}${r.slice(1)}</li>`)}</ul>`;
  const r = o.review;
  const state = !r
    ? statusTag('Review needed before approval', 'warn')
    : !r.current
      ? statusTag(`Review needed again: the data location changed after ${dateTime(r.at)}`, 'warn')
      : r.decision === 'accepted'
        ? statusTag('Accepted', 'good')
        : statusTag('Not accepted', 'bad');
  const recorded =
    r && v.offshoreReview
      ? html`<span class="cell-sub">${labelOf(OFFSHORE_REVIEW_LABELS, r.decision)} by ${actorLabel(v.offshoreReview.by, actorsOf(model))}, ${dateTime(r.at)}: ${r.reason}</span>`
      : '';
  return html`<dt>Offshore data review</dt><dd>${state}${why}${recorded}${reviewForm(model)}</dd>`;
}

function reviewForm(model: VendorModel): SafeHtml | '' {
  if (!model.can.decideRisk) return '';
  const key = 'offshore';
  const chosen = typed(model, key, 'decision', 'accepted');
  const radio = (value: string, label: string) =>
    html`<label class="choice" for="off-${value}"><input type="radio" id="off-${value}" name="decision" value="${value}"${chosen === value ? html` checked` : ''}><span>${label}</span></label>`;
  return html`<details class="action"${isOpen(model, key) ? html` open` : ''}><summary>Record the offshore data review</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${model.vendor.id}/offshore-review">${csrfField(model.viewer)}
<p class="hint">HIPAA does not forbid PHI abroad; the BAA binds the vendor and its subcontractors wherever they work. Say whether keeping or reaching our data there is acceptable to us, and why. Audited; a later change of countries asks for a new review.</p>
<fieldset class="field"><legend>Decision</legend><div class="choices">${radio('accepted', 'Accepted')}${radio('not_accepted', 'Not accepted')}</div></fieldset>
<div class="field"><label for="off-reason">Reason</label><textarea id="off-reason" name="reason" rows="2" required maxlength="2000">${typed(model, key, 'reason')}</textarea></div>
<button type="submit" class="button button--small">Record review</button></form></details>`;
}

/** Procurement or compliance correct the answers; a change of countries re-opens the offshore review. */
function correctionForm(model: VendorModel): SafeHtml | '' {
  if (!model.can.editIntake) return '';
  const v = model.vendor;
  const key = 'location';
  const location = v.intake.dataLocation;
  const insurance = v.intake.cyberInsurance;
  const value = (name: string, current: string) => typed(model, key, name, current);
  const radios = (name: string, legend: string, current: string) => {
    const chosen = value(name, current);
    return html`<fieldset class="field"><legend>${legend}</legend><div class="choices">${(
      [
        ['yes', 'Yes'],
        ['no', 'No'],
        ['unknown', 'Unknown'],
      ] as const
    ).map(
      ([val, label]) =>
        html`<label class="choice" for="dl-${name}-${val}"><input type="radio" id="dl-${name}-${val}" name="${name}" value="${val}"${chosen === val ? html` checked` : ''}><span>${label}</span></label>`,
    )}</div></fieldset>`;
  };
  const input = (name: string, label: string, current: string, hint = '') =>
    html`<div class="field"><label for="dl-${name}">${label}</label>${hint ? html`<p class="hint" id="dl-${name}-hint">${hint}</p>` : ''}<input type="text" id="dl-${name}" name="${name}" autocomplete="off" value="${value(name, current)}"${hint ? html` aria-describedby="dl-${name}-hint"` : ''}></div>`;
  return html`<details class="action"${isOpen(model, key) ? html` open` : ''}><summary>${location || insurance ? 'Correct the data location and insurance' : 'Record the data location and insurance'}</summary>
${problemFor(model, key)}
<form method="post" action="/console/vendors/${v.id}/data-location">${csrfField(model.viewer)}
<p class="hint">Audited as an intake update. Changing the countries or the support answer asks compliance for a new offshore data review.</p>
${input('vendorCountries', 'Countries where the vendor stores or processes our data', location ? countryNames(location.vendorCountries) : '', 'Country names or two-letter codes, separated by commas.')}
${input('subcontractorCountries', 'Countries where its subcontractors do', location ? countryNames(location.subcontractorCountries ?? []) : '', 'Leave empty if no subcontractor handles our data.')}
${radios('offshoreSupport', 'Can support staff outside the United States access our data?', location?.offshoreSupport ?? '')}
${radios('insurance', 'Carries cyber liability insurance?', insurance?.carries ?? '')}
${input('insuranceCarrier', 'Insurance carrier (optional)', insurance?.carrier ?? '')}
${input('insuranceLimit', 'Insurance limit in US dollars (optional)', insurance?.limitUsd === undefined ? '' : String(insurance.limitUsd))}
<button type="submit" class="button button--small">Save</button></form></details>`;
}

export function dataLocationCard(model: VendorModel): SafeHtml {
  const v = model.vendor;
  const location = v.intake.dataLocation;
  const subs = location?.subcontractorCountries ?? [];
  return html`<section class="card" aria-labelledby="data-location">
<h2 id="data-location">Data location and insurance</h2>
<dl class="facts">
<dt>Vendor stores or processes our data in</dt><dd>${location ? countryNames(location.vendorCountries) : NOT_RECORDED}</dd>
<dt>Its subcontractors, in</dt><dd>${location ? (subs.length ? countryNames(subs) : 'No subcontractor handles our data') : NOT_RECORDED}</dd>
<dt>Support staff outside the United States can access our data</dt><dd>${location ? labelOf(YES_NO_UNKNOWN_LABELS, location.offshoreSupport) : NOT_RECORDED}</dd>
<dt>Cyber insurance (from the intake)</dt><dd>${v.intake.cyberInsurance ? insuranceInWords(v.intake.cyberInsurance) : NOT_RECORDED}<span class="cell-sub">A confirmed insurance document under <a href="/console/vendors/${v.id}/assurance">security documents</a> takes precedence.</span></dd>
${offshoreStatus(model)}
</dl>
${location || model.can.editIntake ? '' : html`<p class="hint">Recorded on the intake (registration, the intake update or the CSV import).</p>`}
${correctionForm(model)}
</section>`;
}
