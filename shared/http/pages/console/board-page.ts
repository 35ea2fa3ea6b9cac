/**
 * The pipeline board: one column per stage, the first page of each (by name), each card with what
 * the vendor item itself holds (tier, BAA status, decision), so the board costs one query per column.
 */
import { html } from '../../../html.ts';
import type { Vendor, VendorStage } from '../../../schemas/vendor.ts';
import {
  baaBadge,
  consolePage,
  DECISION_LABELS,
  labelOf,
  type Notice,
  noticeBanner,
  STAGE_LABELS,
  statusTag,
  tierBadge,
  type Viewer,
} from './components.ts';

export interface BoardColumn {
  stage: VendorStage;
  vendors: Vendor[];
  /** Cursor of the rest of the column, or null when it is all shown. */
  moreCursor: string | null;
}

export interface BoardModel {
  organisation: string;
  viewer: Viewer;
  columns: BoardColumn[];
  canRegister: boolean;
  notice?: Notice;
}

function card(vendor: Vendor) {
  const decision = vendor.decision?.decision;
  return html`<li class="vendor-card">
<a class="vendor-card__name" href="/console/vendors/${vendor.id}">${vendor.name}</a>
<p class="vendor-card__tags">${tierBadge(vendor.tier)} ${baaBadge(vendor.baaStatus)}</p>
${
  decision || vendor.approvalLapsed
    ? html`<p class="vendor-card__tags">${decision ? statusTag(labelOf(DECISION_LABELS, decision), decision === 'reject' ? 'bad' : 'good') : ''}${vendor.approvalLapsed ? html` ${statusTag('Approval lapsed', 'bad')}` : ''}</p>`
    : ''
}
</li>`;
}

export function boardPage(model: BoardModel): string {
  const body = html`<div class="page-intro page-intro--row">
<div>
<h1>Vendor pipeline</h1>
<p class="lead">Every vendor by stage, A to Z. Open a vendor for its assessment, findings, BAA and decision.</p>
</div>
${model.canRegister ? html`<a class="button" href="/console/vendors#register">Register a vendor</a>` : ''}
</div>
${noticeBanner(model.notice)}
<div class="board">
${model.columns.map((column) => {
  const headingId = `stage-${column.stage}`;
  return html`<section class="board__column" aria-labelledby="${headingId}" data-stage="${column.stage}">
<h2 id="${headingId}" class="board__title">${STAGE_LABELS[column.stage]} <span class="board__count">${column.vendors.length}${column.moreCursor ? '+' : ''}</span></h2>
${
  column.vendors.length === 0
    ? html`<p class="board__empty">No vendors at this stage.</p>`
    : html`<ul class="board__cards">${column.vendors.map(card)}</ul>`
}
${
  column.moreCursor
    ? html`<a class="board__more" href="${`/console/vendors?stage=${column.stage}&cursor=${column.moreCursor}`}">More ${STAGE_LABELS[column.stage].toLowerCase()} vendors →</a>`
    : ''
}
</section>`;
})}
</div>`;
  return consolePage({
    title: 'Vendor pipeline',
    organisation: model.organisation,
    viewer: model.viewer,
    active: 'board',
    body,
  });
}
