/**
 * The findings register: one status at a time (open by default), by due date, optionally one
 * severity and only the overdue ones; 25 a page. Each row links to its vendor.
 */
import { html } from '../../../html.ts';
import type { Finding } from '../../../schemas/finding.ts';
import {
  consolePage,
  day,
  FINDING_STATUS_LABELS,
  findingStatusTag,
  pager,
  severityBadge,
  statusTag,
  type Viewer,
} from './components.ts';

export const REGISTER_STATUSES = ['open', 'fix_reported', 'accepted', 'verified'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export interface FindingsFilter {
  status: (typeof REGISTER_STATUSES)[number];
  severity?: (typeof SEVERITIES)[number];
  overdue: boolean;
}

export interface FindingsModel {
  organisation: string;
  viewer: Viewer;
  now: string;
  filter: FindingsFilter;
  findings: Finding[];
  nextCursor: string | null;
  isFirstPage: boolean;
}

export function findingsPage(model: FindingsModel): string {
  const { filter } = model;
  const filters = html`<form method="get" action="/console/findings" class="filters" role="search" aria-label="Filter findings">
<div class="field"><label for="f-status">Status</label>
<select id="f-status" name="status">${REGISTER_STATUSES.map(
    (s) =>
      html`<option value="${s}"${filter.status === s ? html` selected` : ''}>${FINDING_STATUS_LABELS[s]}</option>`,
  )}</select></div>
<div class="field"><label for="f-severity">Severity</label>
<select id="f-severity" name="severity"><option value="">Any severity</option>${SEVERITIES.map(
    (s) =>
      html`<option value="${s}"${filter.severity === s ? html` selected` : ''}>${s.charAt(0).toUpperCase()}${s.slice(1)}</option>`,
  )}</select></div>
<div class="field field--check"><label class="choice choice--inline" for="f-overdue"><input type="checkbox" id="f-overdue" name="overdue" value="1"${filter.overdue ? html` checked` : ''}><span>Overdue only</span></label></div>
<button type="submit" class="button button--secondary">Apply</button>
</form>`;
  const rows = model.findings.map((f) => {
    const overdue = f.dueAt < model.now && (f.status === 'open' || f.status === 'fix_reported');
    return html`<tr>
<th scope="row"><a href="/console/vendors/${f.vendorId}#finding-${f.id}">${f.title}</a><span class="cell-sub">${f.citation}</span></th>
<td><a href="/console/vendors/${f.vendorId}">${f.vendorName}</a></td>
<td>${severityBadge(f.severity)}</td>
<td>${findingStatusTag(f.status)}</td>
<td>${day(f.dueAt)}${overdue ? html` ${statusTag('Overdue', 'bad')}` : ''}</td>
</tr>`;
  });
  const body = html`<div class="page-intro"><h1>Findings register</h1>
<p class="lead">${FINDING_STATUS_LABELS[filter.status]} findings${filter.severity ? ` of ${filter.severity} severity` : ''}${filter.overdue ? ', overdue only' : ''}, soonest due first.</p></div>
${filters}
${
  model.findings.length === 0
    ? html`<p class="empty">${model.isFirstPage ? 'No findings match these filters.' : 'No more findings.'}</p>`
    : html`<div class="table-wrap"><table class="data-table">
<caption class="visually-hidden">Findings</caption>
<thead><tr><th scope="col">Finding</th><th scope="col">Vendor</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Due</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
${pager({
  path: '/console/findings',
  params: {
    status: filter.status,
    severity: filter.severity,
    overdue: filter.overdue ? '1' : undefined,
  },
  nextCursor: model.nextCursor,
  isFirstPage: model.isFirstPage,
  shown: model.findings.length,
  noun: 'finding',
})}`;
  return consolePage({
    title: 'Findings register',
    organisation: model.organisation,
    viewer: model.viewer,
    active: 'findings',
    body,
  });
}
