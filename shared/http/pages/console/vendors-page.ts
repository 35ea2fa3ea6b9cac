/**
 * The vendor list (by name, 25 a page, optionally one stage) and procurement's registration form.
 * The form posts to /console/vendors; a refused registration comes back here with each problem
 * next to its field and the values kept.
 */
import { html, type SafeHtml } from '../../../html.ts';
import type { Vendor, VendorStage } from '../../../schemas/vendor.ts';
import {
  baaBadge,
  consolePage,
  csrfField,
  DECISION_LABELS,
  day,
  errorSummary,
  labelOf,
  type Notice,
  noticeBanner,
  pager,
  STAGE_LABELS,
  STAGES,
  statusTag,
  tierBadge,
  type Viewer,
} from './components.ts';

/** The registration form's fields as posted (strings), for showing them back. */
export type RegisterFormValues = Partial<Record<RegisterField | 'allowDuplicate', string>>;
export type RegisterField =
  | 'name'
  | 'contactName'
  | 'contactEmail'
  | 'services'
  | 'businessOwnerEmail'
  | 'handlesPhi'
  | 'medicalDevice'
  | 'systemAccess'
  | 'recordVolume'
  | 'criticalClinicalFunction'
  | IntakeFormField;

/** The data location and insurance fields (the registration form and the vendor page's correction form). */
export type IntakeFormField =
  | 'vendorCountries'
  | 'subcontractorCountries'
  | 'offshoreSupport'
  | 'insurance'
  | 'insuranceCarrier'
  | 'insuranceLimit';

export interface VendorsModel {
  organisation: string;
  viewer: Viewer;
  stage?: VendorStage;
  vendors: Vendor[];
  nextCursor: string | null;
  isFirstPage: boolean;
  canRegister: boolean;
  form?: {
    values: RegisterFormValues;
    errors: Partial<Record<RegisterField, string>>;
    /** Vendors this registration may duplicate: the form asks before registering again. */
    duplicates?: { id: string; name: string; contactEmail: string; reason: string }[];
  };
  notice?: Notice;
}

const DUPLICATE_REASON: Record<string, string> = {
  same_name: 'same name',
  same_contact_domain: 'contact at the same email domain',
};

function duplicateQuestion(model: VendorsModel): SafeHtml | '' {
  const duplicates = model.form?.duplicates ?? [];
  if (duplicates.length === 0) return '';
  return html`<div class="banner banner--warn" role="alert">
<p><strong>This vendor may already be registered:</strong></p>
<ul>${duplicates.map((d) => html`<li><a href="/console/vendors/${d.id}">${d.name}</a> (${d.contactEmail}; ${DUPLICATE_REASON[d.reason] ?? 'similar'})</li>`)}</ul>
<p>Open the existing vendor instead, or confirm below that this is a different vendor and register it.</p>
</div>`;
}

const SYSTEM_ACCESS = [
  ['none', 'None — no access to our systems'],
  ['user', 'User-level access'],
  ['privileged', 'Privileged or administrative access'],
] as const;

const RECORD_VOLUME = [
  ['none', 'None'],
  ['under_500', 'Under 500 individuals'],
  ['500_to_10k', '500 to 10,000'],
  ['10k_to_100k', '10,000 to 100,000'],
  ['over_100k', 'Over 100,000'],
] as const;

/** The first control of each field: where the error summary links. */
export const REGISTER_FIELD_IDS: Record<RegisterField, string> = {
  name: 'reg-name',
  contactName: 'reg-contact-name',
  contactEmail: 'reg-contact-email',
  services: 'reg-services',
  businessOwnerEmail: 'reg-owner',
  handlesPhi: 'reg-phi-yes',
  medicalDevice: 'reg-device-yes',
  systemAccess: 'reg-access',
  recordVolume: 'reg-volume',
  criticalClinicalFunction: 'reg-clinical',
  vendorCountries: 'reg-countries',
  subcontractorCountries: 'reg-sub-countries',
  offshoreSupport: 'reg-support-yes',
  insurance: 'reg-insurance-yes',
  insuranceCarrier: 'reg-carrier',
  insuranceLimit: 'reg-limit',
};

function vendorRows(vendors: readonly Vendor[]) {
  return vendors.map(
    (v) => html`<tr>
<th scope="row"><a href="/console/vendors/${v.id}">${v.name}</a><span class="cell-sub">${v.services.join(', ')}</span></th>
<td>${tierBadge(v.tier)}</td>
<td>${STAGE_LABELS[v.stage]}</td>
<td>${baaBadge(v.baaStatus)}${v.approvalLapsed ? html` ${statusTag('Approval lapsed', 'bad')}` : ''}</td>
<td>${v.decision ? labelOf(DECISION_LABELS, v.decision.decision) : '—'}</td>
<td>${day(v.createdAt)}</td>
</tr>`,
  );
}

function textField(
  field: RegisterField,
  label: string,
  model: VendorsModel,
  options: { type?: string; hint?: string; autocomplete?: string } = {},
): SafeHtml {
  const id = REGISTER_FIELD_IDS[field];
  const error = model.form?.errors[field];
  const described = [options.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' has-error' : ''}">
<label for="${id}">${label}</label>
${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
<input type="${options.type ?? 'text'}" id="${id}" name="${field}" value="${model.form?.values[field] ?? ''}"${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}>
</div>`;
}

function yesNo(field: 'handlesPhi' | 'medicalDevice', legend: string, hint: string, model: VendorsModel) {
  const base = REGISTER_FIELD_IDS[field].replace(/-yes$/, '');
  const error = model.form?.errors[field];
  const value = model.form?.values[field];
  return html`<fieldset class="field${error ? ' has-error' : ''}" aria-describedby="${base}-hint${error ? ` ${base}-error` : ''}">
<legend>${legend}</legend>
<p class="hint" id="${base}-hint">${hint}</p>
${error ? html`<p class="field-error" id="${base}-error">${error}</p>` : ''}
<div class="choices">
<label class="choice" for="${base}-yes"><input type="radio" id="${base}-yes" name="${field}" value="yes"${value === 'yes' ? html` checked` : ''}><span>Yes</span></label>
<label class="choice" for="${base}-no"><input type="radio" id="${base}-no" name="${field}" value="no"${value === 'no' ? html` checked` : ''}><span>No</span></label>
</div>
</fieldset>`;
}

/** Yes / no / unknown radios (offshore support, cyber insurance); "unknown" is an honest answer. */
function yesNoUnknown(
  field: 'offshoreSupport' | 'insurance',
  legend: string,
  hint: string,
  model: VendorsModel,
) {
  const base = REGISTER_FIELD_IDS[field].replace(/-yes$/, '');
  const error = model.form?.errors[field];
  const value = model.form?.values[field];
  const choice = (v: string, label: string) =>
    html`<label class="choice" for="${base}-${v}"><input type="radio" id="${base}-${v}" name="${field}" value="${v}"${value === v ? html` checked` : ''}><span>${label}</span></label>`;
  return html`<fieldset class="field${error ? ' has-error' : ''}" aria-describedby="${base}-hint${error ? ` ${base}-error` : ''}">
<legend>${legend}</legend>
<p class="hint" id="${base}-hint">${hint}</p>
${error ? html`<p class="field-error" id="${base}-error">${error}</p>` : ''}
<div class="choices">${choice('yes', 'Yes')}${choice('no', 'No')}${choice('unknown', 'Unknown')}</div>
</fieldset>`;
}

/** Where the data lives and cyber insurance: optional; left empty, the vendor reads "not recorded". */
function dataLocationFields(model: VendorsModel): SafeHtml {
  return html`<fieldset class="subform">
<legend>Data location and insurance</legend>
<p class="hint">Leave empty if not known yet (the vendor then reads “not recorded”). A PHI vendor whose data is kept or reachable outside the United States needs compliance’s offshore data review before approval (policy).</p>
<div class="form-grid form-grid--2">
${textField('vendorCountries', 'Countries where the vendor stores or processes our data', model, { hint: 'Country names or two-letter codes, separated by commas, e.g. United States, India.', autocomplete: 'off' })}
${textField('subcontractorCountries', 'Countries where its subcontractors store or process our data', model, { hint: 'Leave empty if no subcontractor handles our data.', autocomplete: 'off' })}
</div>
${yesNoUnknown('offshoreSupport', 'Can support staff outside the United States access our data?', 'Remote support, follow-the-sun help desks, offshore engineering.', model)}
${yesNoUnknown('insurance', 'Carries cyber liability insurance?', 'As the vendor told us; a confirmed insurance certificate on its security documents page takes precedence.', model)}
<div class="form-grid form-grid--2">
${textField('insuranceCarrier', 'Insurance carrier (optional)', model, { autocomplete: 'off' })}
${textField('insuranceLimit', 'Insurance limit in US dollars (optional)', model, { hint: 'The aggregate limit, e.g. 5,000,000.', autocomplete: 'off' })}
</div>
</fieldset>`;
}

function selectField(
  field: 'systemAccess' | 'recordVolume',
  label: string,
  options: readonly (readonly [string, string])[],
  model: VendorsModel,
) {
  const id = REGISTER_FIELD_IDS[field];
  const error = model.form?.errors[field];
  const value = model.form?.values[field] ?? '';
  return html`<div class="field${error ? ' has-error' : ''}">
<label for="${id}">${label}</label>
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
<select id="${id}" name="${field}"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
<option value=""${value === '' ? html` selected` : ''}>Choose…</option>
${options.map(([v, l]) => html`<option value="${v}"${value === v ? html` selected` : ''}>${l}</option>`)}
</select>
</div>`;
}

function registerForm(model: VendorsModel): SafeHtml {
  const errors = Object.entries(model.form?.errors ?? {}).map(([field, message]) => ({
    field: REGISTER_FIELD_IDS[field as RegisterField],
    message: message as string,
  }));
  const servicesError = model.form?.errors.services;
  return html`<section class="card" aria-labelledby="register">
<h2 id="register" tabindex="-1">Register a vendor</h2>
<p class="hint">The intake sets the inherent-risk tier and whether a BAA is required. A vendor that handles PHI is sent the BAA request at once.</p>
${errorSummary(errors)}
${duplicateQuestion(model)}
<form method="post" action="/console/vendors" novalidate>
${csrfField(model.viewer)}
${model.form?.duplicates?.length ? html`<div class="field"><label class="choice choice--inline" for="reg-allow-duplicate"><input type="checkbox" id="reg-allow-duplicate" name="allowDuplicate" value="yes"><span>This is a different vendor: register it anyway</span></label></div>` : ''}
<div class="form-grid form-grid--2">
${textField('name', 'Vendor name', model, { autocomplete: 'organization' })}
${textField('contactName', 'Vendor contact name', model, { autocomplete: 'off' })}
${textField('contactEmail', 'Vendor contact email', model, { type: 'email', hint: 'The questionnaire and BAA requests go here.', autocomplete: 'off' })}
${textField('businessOwnerEmail', 'Business owner email', model, { type: 'email', hint: 'Our colleague who owns the relationship; gets escalations.', autocomplete: 'off' })}
</div>
<div class="field${servicesError ? ' has-error' : ''}">
<label for="reg-services">Services</label>
<p class="hint" id="reg-services-hint">What the vendor provides, one per line (up to 20).</p>
${servicesError ? html`<p class="field-error" id="reg-services-error">${servicesError}</p>` : ''}
<textarea id="reg-services" name="services" rows="3" aria-describedby="reg-services-hint${servicesError ? ' reg-services-error' : ''}"${servicesError ? html` aria-invalid="true"` : ''}>${model.form?.values.services ?? ''}</textarea>
</div>
<fieldset class="subform">
<legend>Intake</legend>
<div class="form-grid form-grid--2">
${yesNo('handlesPhi', 'Handles PHI?', 'Creates, receives, maintains or transmits protected health information for us.', model)}
${yesNo('medicalDevice', 'Supplies a medical device?', 'A networked or "cyber" device (FD&C Act 524B).', model)}
${selectField('systemAccess', 'Access to our systems', SYSTEM_ACCESS, model)}
${selectField('recordVolume', 'Individuals’ records handled', RECORD_VOLUME, model)}
</div>
<div class="field">
<label class="choice choice--inline" for="reg-clinical"><input type="checkbox" id="reg-clinical" name="criticalClinicalFunction" value="yes"${model.form?.values.criticalClinicalFunction === 'yes' ? html` checked` : ''}><span>Supports a critical clinical function (EHR, PACS, infusion, lab)</span></label>
</div>
</fieldset>
${dataLocationFields(model)}
<div class="button-row"><button type="submit" class="button">Register vendor</button></div>
</form>
</section>`;
}

export function vendorsPage(model: VendorsModel): string {
  const stageFilter = html`<form method="get" action="/console/vendors" class="filters" role="search" aria-label="Filter vendors">
<div class="field">
<label for="stage">Stage</label>
<select id="stage" name="stage">
<option value="">All stages</option>
${STAGES.map((s) => html`<option value="${s}"${model.stage === s ? html` selected` : ''}>${STAGE_LABELS[s]}</option>`)}
</select>
</div>
<button type="submit" class="button button--secondary">Apply</button>
</form>`;
  const title = model.stage ? `Vendors: ${STAGE_LABELS[model.stage].toLowerCase()}` : 'Vendors';
  const body = html`<div class="page-intro page-intro--row">
<div><h1>${title}</h1><p class="lead">Sorted by name, 25 a page.</p></div>
${model.canRegister ? html`<a class="button button--secondary" href="#register">Register a vendor</a>` : ''}
</div>
${noticeBanner(model.notice)}
${stageFilter}
${
  model.vendors.length === 0
    ? html`<p class="empty">${model.isFirstPage ? 'No vendors yet.' : 'No more vendors.'}</p>`
    : html`<div class="table-wrap"><table class="data-table">
<caption class="visually-hidden">${title}</caption>
<thead><tr><th scope="col">Vendor</th><th scope="col">Tier</th><th scope="col">Stage</th><th scope="col">BAA</th><th scope="col">Decision</th><th scope="col">Registered</th></tr></thead>
<tbody>${vendorRows(model.vendors)}</tbody>
</table></div>`
}
${pager({
  path: '/console/vendors',
  params: { stage: model.stage },
  nextCursor: model.nextCursor,
  isFirstPage: model.isFirstPage,
  shown: model.vendors.length,
  noun: 'vendor',
})}
${model.canRegister ? registerForm(model) : ''}`;
  return consolePage({
    title,
    organisation: model.organisation,
    viewer: model.viewer,
    active: 'vendors',
    body,
  });
}
