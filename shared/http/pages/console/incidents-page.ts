/**
 * The incident register: open incidents by their next deadline (the soonest first), with the days
 * left; closed ones on their own tab. Links to the HHS annual log and the vendor.
 */
import { DAY_MS } from '../../../domain/time.ts';
import { INCIDENT_TYPE_LABEL } from '../../../email/incident-emails.ts';
import { html, type SafeHtml } from '../../../html.ts';
import type { Deadline, Incident } from '../../../schemas/incident.ts';
import { consolePage, day, pager, statusTag, type Viewer } from './components.ts';

/** Whole days from now to the deadline (negative when overdue), rounded towards the deadline. */
export const daysLeft = (dueAt: string, now: string) =>
  Math.floor((Date.parse(dueAt) - Date.parse(now)) / DAY_MS);

export function daysLeftTag(dueAt: string, now: string): SafeHtml {
  const n = daysLeft(dueAt, now);
  if (n < 0) return statusTag(`${-n} ${-n === 1 ? 'day' : 'days'} overdue`, 'bad');
  if (n === 0) return statusTag('Due today', 'bad');
  return statusTag(`${n} ${n === 1 ? 'day' : 'days'} left`, n <= 7 ? 'warn' : 'neutral');
}

export const DEADLINE_STATUS_LABEL: Record<Deadline['status'], string> = {
  open: 'Open',
  paused: 'Paused (law enforcement)',
  overdue: 'Overdue',
  met: 'Met',
  late: 'Late',
  closed: 'Closed',
};

export function deadlineStatusTag(status: Deadline['status']) {
  const tone =
    status === 'met' || status === 'closed'
      ? 'good'
      : status === 'open' || status === 'paused'
        ? 'neutral'
        : 'bad';
  return statusTag(DEADLINE_STATUS_LABEL[status], tone);
}

export function assessmentSummary(i: Incident): string {
  if (!i.assessment) return 'Not assessed: presumed a breach';
  if (i.assessment.determination === 'breach') return 'Breach';
  return i.assessment.countersignedAt
    ? 'Not a breach (countersigned)'
    : 'Not a breach: awaiting countersignature';
}

export interface IncidentsModel {
  organisation: string;
  viewer: Viewer;
  now: string;
  status: 'open' | 'closed';
  incidents: Incident[];
  nextCursor: string | null;
  isFirstPage: boolean;
}

export function incidentsPage(m: IncidentsModel): string {
  const year = new Date(m.now).getUTCFullYear();
  const next = (i: Incident) =>
    i.deadlines.find((d) => d.dueAt === i.nextDueAt && ['open', 'overdue', 'paused'].includes(d.status));
  const rows = m.incidents.map((i) => {
    const d = next(i);
    return html`<tr>
<th scope="row"><a href="/console/incidents/${i.id}">${INCIDENT_TYPE_LABEL[i.type]}</a><span class="cell-sub">Reported ${i.reportedAt.slice(0, 10)}${i.vendorIsAgent ? ' · vendor is our agent' : ''}</span></th>
<td><a href="/console/vendors/${i.vendorId}">${i.vendorName}</a></td>
<td>${i.individualsAffected}</td>
<td>${d ? html`${d.label}<span class="cell-sub">${day(d.dueAt)}</span>` : '—'}</td>
<td>${d ? daysLeftTag(d.dueAt, m.now) : '—'}</td>
<td>${assessmentSummary(i)}</td>
</tr>`;
  });
  const tabs = html`<nav class="filters" aria-label="Incident status">
${(['open', 'closed'] as const).map((s) =>
  s === m.status
    ? html`<strong aria-current="page">${s === 'open' ? 'Open' : 'Closed'}</strong>`
    : html`<a href="/console/incidents?status=${s}">${s === 'open' ? 'Open' : 'Closed'}</a>`,
)}
<a class="button button--secondary button--small" href="/reports/hhs-breach-log?year=${year - 1}">HHS log of ${year - 1} (CSV)</a>
<a class="button button--secondary button--small" href="/reports/hhs-breach-log?year=${year}">HHS log of ${year} so far (CSV)</a>
</nav>`;
  const body = html`<div class="page-intro"><h1>Incidents</h1>
<p class="lead">Vendor incidents and the HIPAA breach-notification clocks they start.</p></div>
${tabs}
${
  m.incidents.length
    ? html`<div class="table-wrap"><table class="data-table"><caption class="visually-hidden">${m.status === 'open' ? 'Open' : 'Closed'} incidents</caption>
<thead><tr><th scope="col">Incident</th><th scope="col">Vendor</th><th scope="col">Individuals</th><th scope="col">Next deadline</th><th scope="col">Days left</th><th scope="col">Risk assessment</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
    : html`<p class="card empty">No ${m.status} incidents.</p>`
}
${pager({ path: '/console/incidents', params: { status: m.status }, nextCursor: m.nextCursor, isFirstPage: m.isFirstPage, shown: m.incidents.length, noun: 'incident' })}`;
  return consolePage({
    title: 'Incidents',
    organisation: m.organisation,
    viewer: m.viewer,
    active: 'incidents',
    body,
  });
}
