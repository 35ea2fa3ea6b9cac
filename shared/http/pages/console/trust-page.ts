/**
 * The trust matrix: per vendor, whether its assurance is current (BAA, SOC 2, HITRUST, ISO/IEC
 * 27001, pen test, cyber insurance), its annual verification (PHI vendors; proposed rule) and open
 * findings. Column headers sort the page (worst first); the export has every vendor.
 */
import { html, type SafeHtml } from '../../../html.ts';
import {
  type Cell,
  MATRIX_DOCUMENTS,
  type MatrixRow,
  type MatrixSort,
} from '../../../use-cases/trust-matrix.ts';
import { consolePage, pager, statusTag, tierBadge, type Viewer } from './components.ts';

const TONE: Record<Cell['state'], 'good' | 'warn' | 'bad' | 'neutral'> = {
  current: 'good',
  expiring: 'warn',
  pending: 'warn',
  stale: 'bad',
  missing: 'bad',
  not_required: 'neutral',
};

const COLUMNS: readonly { key: MatrixSort; label: string }[] = [
  { key: 'name', label: 'Vendor' },
  { key: 'baa', label: 'BAA' },
  { key: 'soc2', label: 'SOC 2' },
  { key: 'hitrust', label: 'HITRUST' },
  { key: 'iso27001', label: 'ISO/IEC 27001' },
  { key: 'pen_test', label: 'Pen test' },
  { key: 'cyber_insurance', label: 'Cyber insurance' },
  { key: 'data_location', label: 'Data location' },
  { key: 'offshore', label: 'Offshore data review' },
  { key: 'verification', label: 'Annual verification' },
  { key: 'findings', label: 'Open findings' },
];

const cell = (c: Cell): SafeHtml => html`<td>${statusTag(c.text, TONE[c.state])}</td>`;

export function trustPage(model: {
  organisation: string;
  viewer: Viewer;
  rows: MatrixRow[];
  sort: MatrixSort;
  descending: boolean;
  cursor?: string;
  nextCursor: string | null;
  isFirstPage: boolean;
}): string {
  const link = (key: MatrixSort) => {
    const params = new URLSearchParams({ sort: key });
    if (model.sort === key && !model.descending) params.set('dir', 'desc');
    if (model.cursor) params.set('cursor', model.cursor);
    return `/console/trust?${params}`;
  };
  const ariaSort = (key: MatrixSort) =>
    model.sort === key ? (model.descending ? 'descending' : 'ascending') : 'none';
  const header = COLUMNS.map(
    (col) =>
      html`<th scope="col" aria-sort="${ariaSort(col.key)}"><a href="${link(col.key)}">${col.label}${model.sort === col.key ? (model.descending ? ' ↑' : ' ↓') : ''}</a></th>`,
  );
  const rows = model.rows.map(
    (r) => html`<tr>
<th scope="row"><a href="/console/vendors/${r.vendorId}/assurance">${r.vendorName}</a><span class="cell-sub">${tierBadge(r.tier)}${r.handlesPhi ? ' Handles PHI' : ''}</span></th>
${cell(r.baa)}
${MATRIX_DOCUMENTS.map((t) => cell(r.documents[t]))}
${cell(r.dataLocation)}
${cell(r.offshore)}
${cell(r.verification)}
<td class="num">${
      r.openFindings.total === 0
        ? statusTag('None', 'good')
        : statusTag(
            `${r.openFindings.total}${r.openFindings.critical ? `, ${r.openFindings.critical} critical` : ''}${r.openFindings.high ? `, ${r.openFindings.high} high` : ''}`,
            r.openFindings.critical || r.openFindings.high ? 'bad' : 'warn',
          )
    }</td>
</tr>`,
  );
  const body = html`<div class="page-intro"><h1>Trust matrix</h1>
<p class="lead">Whether each vendor's assurance is current. Sorting puts what needs attention first; it applies to this page of vendors, the export holds them all.</p>
<p>Cyber insurance shows a confirmed, current insurance certificate when there is one, otherwise what the vendor told us at intake. The offshore data review is our policy for vendors handling PHI outside the United States; HIPAA itself does not forbid it.</p>
<p>The annual verification of HIPAA technical safeguards applies to vendors handling PHI. It comes from a proposed rule (90 FR 898, January 2025) and is asked as a recommended practice.</p>
<p><a class="button button--secondary" href="/trust-matrix?format=csv">Export all vendors (CSV)</a></p></div>
${
  model.rows.length === 0
    ? html`<p class="empty">${model.isFirstPage ? 'No vendors yet.' : 'No more vendors.'}</p>`
    : html`<div class="table-wrap"><table class="data-table">
<caption class="visually-hidden">Trust matrix, sorted by ${COLUMNS.find((c) => c.key === model.sort)?.label ?? 'vendor'}</caption>
<thead><tr>${header}</tr></thead>
<tbody>${rows}</tbody></table></div>`
}
${pager({
  path: '/console/trust',
  params: { sort: model.sort, ...(model.descending ? { dir: 'desc' } : {}) },
  nextCursor: model.nextCursor,
  isFirstPage: model.isFirstPage,
  shown: model.rows.length,
  noun: 'vendor',
})}`;
  return consolePage({
    title: 'Trust matrix',
    organisation: model.organisation,
    viewer: model.viewer,
    active: 'trust',
    body,
  });
}
