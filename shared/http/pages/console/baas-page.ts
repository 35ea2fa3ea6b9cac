/**
 * The BAA register: every agreement (vendors' and subcontractors'), optionally one status, ordered
 * by expiry within a status; 25 a page.
 */
import { html } from '../../../html.ts';
import { type BaaStatus, BaaStatus as BaaStatusSchema } from '../../../schemas/baa.ts';
import type { BaaRecord } from '../../../schemas/baa-record.ts';
import {
  BAA_STATUS_LABELS,
  baaBadge,
  consolePage,
  day,
  pager,
  statusTag,
  type Viewer,
} from './components.ts';

export const BAA_REGISTER_STATUSES: readonly BaaStatus[] = BaaStatusSchema.options.filter(
  (s) => s !== 'not_required',
);

export interface BaasModel {
  organisation: string;
  viewer: Viewer;
  now: string;
  status?: BaaStatus;
  baas: BaaRecord[];
  nextCursor: string | null;
  isFirstPage: boolean;
}

export function baasPage(model: BaasModel): string {
  const filters = html`<form method="get" action="/console/baas" class="filters" role="search" aria-label="Filter BAAs">
<div class="field"><label for="b-status">Status</label>
<select id="b-status" name="status"><option value="">All statuses</option>${BAA_REGISTER_STATUSES.map(
    (s) =>
      html`<option value="${s}"${model.status === s ? html` selected` : ''}>${BAA_STATUS_LABELS[s]}</option>`,
  )}</select></div>
<button type="submit" class="button button--secondary">Apply</button>
</form>`;
  const soon = new Date(Date.parse(model.now) + 60 * 86_400_000).toISOString();
  const rows = model.baas.map(
    (b) => html`<tr>
<th scope="row"><a href="/console/vendors/${b.vendorId}#baa-${b.id}">${b.vendorName}</a>${b.party.type === 'subcontractor' ? html`<span class="cell-sub">Subcontractor: ${b.party.name}</span>` : ''}</th>
<td>${baaBadge(b.status)}</td>
<td>${day(b.effectiveAt)}</td>
<td>${day(b.expiresAt)}${b.expiresAt && b.expiresAt > model.now && b.expiresAt < soon ? html` ${statusTag('Within 60 days', 'warn')}` : ''}</td>
<td class="num">${b.documents.length}</td>
<td>${b.review ? (b.review.canSign ? statusTag('Can be signed', 'good') : statusTag(`${b.review.blockers.length} ${b.review.blockers.length === 1 ? 'blocker' : 'blockers'}`, 'bad')) : '—'}</td>
</tr>`,
  );
  const body = html`<div class="page-intro"><h1>BAA register</h1>
<p class="lead">${model.status ? `${BAA_STATUS_LABELS[model.status]} agreements` : 'Every agreement, grouped by status'}, soonest expiry first.</p></div>
${filters}
${
  model.baas.length === 0
    ? html`<p class="empty">${model.isFirstPage ? 'No agreements match.' : 'No more agreements.'}</p>`
    : html`<div class="table-wrap"><table class="data-table">
<caption class="visually-hidden">Business Associate Agreements</caption>
<thead><tr><th scope="col">Vendor</th><th scope="col">Status</th><th scope="col">Effective</th><th scope="col">Expires</th><th scope="col" class="num">Documents</th><th scope="col">Clause review</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
${pager({
  path: '/console/baas',
  params: { status: model.status },
  nextCursor: model.nextCursor,
  isFirstPage: model.isFirstPage,
  shown: model.baas.length,
  noun: 'agreement',
})}`;
  return consolePage({
    title: 'BAA register',
    organisation: model.organisation,
    viewer: model.viewer,
    active: 'baas',
    body,
  });
}
