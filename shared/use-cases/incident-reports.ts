/**
 * Incident registers and reports: the register page (statuses recomputed for now, since "overdue"
 * depends on the clock), the incident export, and the annual HHS log of breaches under 500.
 */
import type { Deps } from '../composition.ts';
import {
  ceDiscoveryAt,
  DETERMINATION_LABEL,
  HHS_IMMEDIATE_THRESHOLD,
  noticeClocksApply,
} from '../domain/breach-clocks.ts';
import {
  DEADLINE_STATUS_LABELS,
  humanDate,
  humanDateTime,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TYPE_LABELS,
  labelOf,
} from '../labels.ts';
import type { Incident, PhiCategory } from '../schemas/incident.ts';
import { csvRecord } from './audit-trail.ts';
import { withClocks } from './incident-clocks.ts';

export async function incidentRegister(
  deps: Deps,
  options: { status: 'open' | 'closed'; limit: number; cursor?: Record<string, unknown> | undefined },
) {
  const now = deps.clock.now();
  const page = await deps.incidents.list({
    status: options.status,
    limit: options.limit,
    ...(options.cursor ? { cursor: options.cursor } : {}),
  });
  return { items: page.items.map((i) => withClocks(deps, i, now)), cursor: page.cursor };
}

/** Every incident, open then closed (exports; the register's own pages). */
export async function allIncidents(deps: Deps): Promise<Incident[]> {
  const out: Incident[] = [];
  for (const status of ['open', 'closed'] as const) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await incidentRegister(deps, { status, limit: 100, cursor });
      out.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
  }
  return out;
}

/** The HHS portal's four PHI groups. */
const PHI_GROUP: Record<PhiCategory, string> = {
  demographic: 'Demographic',
  contact: 'Demographic',
  ssn: 'Demographic',
  financial: 'Financial',
  insurance: 'Financial',
  clinical: 'Clinical',
  medication: 'Clinical',
  images: 'Clinical',
  credentials: 'Other',
  other: 'Other',
};

/**
 * The columns follow the HHS breach portal's form for breaches affecting fewer than 500
 * individuals; the ones the product cannot know (type of breach, location, safeguards) are left for
 * the privacy officer to complete, never guessed.
 */
export const HHS_LOG_COLUMNS = [
  'Business Associate Involved',
  'Business Associate Name',
  'Breach Start Date',
  'Breach End Date',
  'Discovery Date',
  'Approximate Number of Individuals Affected',
  'Type of Breach',
  'Location of Breached Information',
  'Type of Protected Health Information Involved',
  'Brief Description of the Breach',
  'Safeguards in Place Prior to Breach',
  'Date(s) Individual Notice Provided',
  'Substitute Notice Required',
  'Media Notice Provided',
  'Actions Taken in Response to Breach',
  'Risk Assessment Determination',
  'Incident Id',
] as const;

/** Breaches (or incidents still presumed breaches) under 500 whose discovery by us falls in `year`. */
export function hhsLogRows(incidents: readonly Incident[], year: number): (string | number | null)[][] {
  return incidents
    .filter(
      (i) =>
        noticeClocksApply(i) &&
        i.individualsAffected < HHS_IMMEDIATE_THRESHOLD &&
        new Date(ceDiscoveryAt(i)).getUTCFullYear() === year &&
        (!i.assessment || i.assessment.determination === 'breach' || !i.assessment.countersignedAt),
    )
    .sort((a, b) => ceDiscoveryAt(a).localeCompare(ceDiscoveryAt(b)))
    .map((i) => [
      'Yes',
      i.vendorName,
      '',
      '',
      ceDiscoveryAt(i).slice(0, 10),
      i.individualsAffected,
      '',
      '',
      [...new Set(i.phiCategories.map((c) => PHI_GROUP[c]))].join('; '),
      i.summary,
      '',
      i.notices.individuals?.sentAt.slice(0, 10) ?? '',
      '',
      Object.keys(i.notices).some((k) => k.startsWith('media_')) ? 'Yes' : 'No',
      i.vendorUpdates?.map((u) => u.text).join(' | ') ?? '',
      i.assessment ? DETERMINATION_LABEL[i.assessment.determination] : 'Not yet assessed (presumed breach)',
      i.id,
    ]);
}

export async function hhsLogCsv(deps: Deps, year: number): Promise<string> {
  const rows = hhsLogRows(await allIncidents(deps), year);
  return [csvRecord([...HHS_LOG_COLUMNS]), ...rows.map((r) => csvRecord(r))].join('');
}

/**
 * The incident register as a file, headers in words. Types, statuses and times are in words (times
 * with their zone); each time also has its ISO 8601 column for sorting and programs.
 */
export const INCIDENT_EXPORT_COLUMNS = [
  'Incident Id',
  'Vendor',
  'Type',
  'Discovered',
  'Discovered (ISO 8601)',
  'Reported',
  'Reported (ISO 8601)',
  'Vendor Is Agent',
  'Individuals Affected',
  'States',
  'PHI Involved',
  'Unsecured PHI',
  'Risk Assessment',
  'Status',
  'Next Deadline',
  'Next Deadline (ISO 8601)',
  'Deadlines',
] as const;

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** One incident as a row of INCIDENT_EXPORT_COLUMNS. */
export function incidentRecord(i: Incident): (string | number)[] {
  return [
    i.id,
    i.vendorName,
    labelOf(INCIDENT_TYPE_LABELS, i.type),
    humanDateTime(i.discoveredAt),
    i.discoveredAt,
    humanDateTime(i.reportedAt),
    i.reportedAt,
    yesNo(i.vendorIsAgent),
    i.individualsAffected,
    i.states.map((s) => `${s.state} ${s.count}`).join('; '),
    yesNo(i.phiInvolved),
    yesNo(i.unsecuredPhi),
    i.assessment
      ? `${DETERMINATION_LABEL[i.assessment.determination]}${i.assessment.countersignedAt ? ' (countersigned)' : ''}`
      : 'Not assessed',
    labelOf(INCIDENT_STATUS_LABELS, i.status),
    i.nextDueAt ? humanDateTime(i.nextDueAt) : '',
    i.nextDueAt ?? '',
    i.deadlines
      .map(
        (d) =>
          `${d.label}: ${humanDate(d.dueAt)}, ${labelOf(DEADLINE_STATUS_LABELS, d.status).toLowerCase()}`,
      )
      .join('; '),
  ];
}

/** Every incident with its clocks, one row each (the register as a file). */
export async function incidentsExport(deps: Deps, format: 'csv' | 'json') {
  const incidents = await allIncidents(deps);
  if (format === 'json')
    return JSON.stringify({ generatedAt: deps.clock.now().toISOString(), items: incidents });
  return [
    csvRecord([...INCIDENT_EXPORT_COLUMNS]),
    ...incidents.map((i) => csvRecord(incidentRecord(i))),
  ].join('');
}
