/**
 * The trust matrix: per vendor, at a glance, whether its assurance is current — BAA, SOC 2,
 * HITRUST, ISO/IEC 27001, penetration test, cyber insurance (a confirmed, current document wins
 * over the intake's answer), where the data lives and its offshore review (policy), the annual
 * verification (PHI vendors, proposed rule) and open findings. One page of vendors at a time (the vendor list's cursor); the
 * CSV export walks every page. Rows carry words, never enums.
 */
import { assuranceRepository } from '../adapters/dynamodb/assurance-repository.ts';
import type { Deps } from '../composition.ts';
import { currencyOf, leadingDocuments } from '../domain/assurance-freshness.ts';
import { BAA_STATUS_LABELS, labelOf, TIER_LABELS } from '../labels.ts';
import type { AssuranceType, Verification } from '../schemas/assurance.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { currentVerification } from './annual-verification.ts';
import { csvRecord } from './audit-trail.ts';
import { offshoreGateInput } from './offshore-review.ts';
import { policiesOf } from './policies.ts';
import { type Cell, dataLocationCell, insuranceCell, offshoreCell } from './trust-matrix-location.ts';

export const MATRIX_DOCUMENTS = ['soc2', 'hitrust', 'iso27001', 'pen_test', 'cyber_insurance'] as const;
type MatrixDocument = (typeof MATRIX_DOCUMENTS)[number];

export type { Cell };

export interface MatrixRow {
  vendorId: string;
  vendorName: string;
  tier: string;
  handlesPhi: boolean;
  baa: Cell;
  documents: Record<MatrixDocument, Cell>;
  verification: Cell;
  /** Where the data lives (intake) and the offshore data review (policy). */
  dataLocation: Cell;
  offshore: Cell;
  openFindings: { total: number; critical: number; high: number };
}

/** How a BAA status reads in the matrix: its colour; the words come from the one catalogue (labels.ts). */
const BAA_STATE: Record<string, Cell['state']> = {
  signed: 'current',
  expiring: 'expiring',
  expired: 'stale',
  terminated: 'stale',
  not_required: 'not_required',
  required: 'missing',
  sent: 'pending',
  under_review: 'pending',
  changes_requested: 'pending',
};

const day = (iso: string) => iso.slice(0, 10);

function documentCell(staleAt: string | undefined, confirmed: boolean, now: Date): Cell {
  if (!staleAt) return { state: 'missing', text: 'Not on file', until: null };
  const state = currencyOf(staleAt, now);
  const unconfirmed = confirmed ? '' : ' (not yet confirmed)';
  if (state === 'stale')
    return { state, text: `Out of date since ${day(staleAt)}${unconfirmed}`, until: staleAt };
  return {
    state,
    text: `${state === 'expiring' ? 'Expiring' : 'Current'} until ${day(staleAt)}${unconfirmed}`,
    until: staleAt,
  };
}

/** The verification cell (pure): current, lapsed, awaited, or not required. */
export function verificationCell(
  vendor: Pick<Vendor, 'intake'>,
  verifications: readonly Verification[],
  now: Date,
  enabled: boolean,
): Cell {
  if (!vendor.intake.handlesPhi || !enabled)
    return { state: 'not_required', text: 'Not required', until: null };
  const current = currentVerification(verifications, now);
  if (current?.currentUntil) {
    const state = currencyOf(current.currentUntil, now, 30);
    return { state, text: `Current until ${day(current.currentUntil)}`, until: current.currentUntil };
  }
  const open = verifications.find((v) => v.status !== 'accepted');
  if (open?.status === 'submitted')
    return { state: 'pending', text: 'Submitted, to be reviewed', until: null };
  if (open)
    return { state: 'pending', text: `Requested, due ${day(open.responseDueAt)}`, until: open.responseDueAt };
  const lapsed = verifications.find((v) => v.status === 'accepted' && v.currentUntil);
  return lapsed?.currentUntil
    ? { state: 'stale', text: `Lapsed on ${day(lapsed.currentUntil)}`, until: lapsed.currentUntil }
    : { state: 'missing', text: 'Not on file', until: null };
}

async function rowOf(deps: Deps, vendor: Vendor, now: Date): Promise<MatrixRow> {
  const repo = assuranceRepository(deps);
  const policy = policiesOf(deps).assurance;
  const [docs, verifications, findings, baa] = await Promise.all([
    repo.listDocuments(vendor.id),
    repo.listVerifications(vendor.id),
    deps.findings.listByVendor(vendor.id),
    deps.baas.get(vendor.id, 'main'),
  ]);
  const lead = leadingDocuments(docs, policy);
  const documents = Object.fromEntries(
    MATRIX_DOCUMENTS.map((type: AssuranceType) => {
      const entry = lead.get(type);
      return [type, documentCell(entry?.staleAt, entry?.doc.status === 'confirmed', now)];
    }),
  ) as Record<MatrixDocument, Cell>;
  const open = findings.filter((f) => f.status === 'open' || f.status === 'fix_reported');
  const baaStatus = vendor.baaExemption ? 'not_required' : vendor.baaStatus;
  const baaWords = {
    state: BAA_STATE[baaStatus] ?? ('missing' as const),
    text: labelOf(BAA_STATUS_LABELS, baaStatus),
  };
  const insurance = lead.get('cyber_insurance');
  documents.cyber_insurance = insuranceCell(
    vendor,
    documents.cyber_insurance,
    insurance?.doc.status === 'confirmed',
  );
  return {
    vendorId: vendor.id,
    vendorName: vendor.name,
    tier: vendor.tier,
    handlesPhi: vendor.intake.handlesPhi,
    baa: {
      ...baaWords,
      ...(baa?.expiresAt && (baaWords.state === 'current' || baaWords.state === 'expiring')
        ? { text: `${baaWords.text}, expires ${day(baa.expiresAt)}` }
        : {}),
      until: baa?.expiresAt ?? null,
    },
    documents,
    verification: verificationCell(vendor, verifications, now, policy.annualVerification.enabled),
    dataLocation: dataLocationCell(vendor),
    offshore: offshoreCell(vendor, offshoreGateInput(deps, vendor)),
    openFindings: {
      total: open.length,
      critical: open.filter((f) => f.severity === 'critical').length,
      high: open.filter((f) => f.severity === 'high').length,
    },
  };
}

/** One page of the matrix, in the vendor list's order (name). */
export async function trustMatrixPage(
  deps: Deps,
  options: { limit: number; cursor?: Record<string, unknown> },
) {
  const page = await deps.vendors.list(options);
  const now = deps.clock.now();
  const rows = await Promise.all(page.items.map((v) => rowOf(deps, v, now)));
  return { rows, cursor: page.cursor };
}

// --- sorting (within a page) and the export ----------------------------------------------------

/** Worst first: what needs attention sorts to the top. */
const STATE_RANK: Record<Cell['state'], number> = {
  stale: 0,
  missing: 1,
  expiring: 2,
  pending: 3,
  current: 4,
  not_required: 5,
};

export const MATRIX_SORTS = [
  'name',
  'baa',
  'soc2',
  'hitrust',
  'iso27001',
  'pen_test',
  'cyber_insurance',
  'data_location',
  'offshore',
  'verification',
  'findings',
] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];

function cellOf(row: MatrixRow, key: Exclude<MatrixSort, 'name' | 'findings'>): Cell {
  if (key === 'baa') return row.baa;
  if (key === 'verification') return row.verification;
  if (key === 'data_location') return row.dataLocation;
  if (key === 'offshore') return row.offshore;
  return row.documents[key];
}

export function sortRows(rows: readonly MatrixRow[], key: MatrixSort, descending = false): MatrixRow[] {
  const compare = (a: MatrixRow, b: MatrixRow): number => {
    if (key === 'name') return a.vendorName.localeCompare(b.vendorName);
    if (key === 'findings') {
      return (
        b.openFindings.critical - a.openFindings.critical ||
        b.openFindings.high - a.openFindings.high ||
        b.openFindings.total - a.openFindings.total
      );
    }
    const x = cellOf(a, key);
    const y = cellOf(b, key);
    return STATE_RANK[x.state] - STATE_RANK[y.state] || (x.until ?? '9').localeCompare(y.until ?? '9');
  };
  const sorted = [...rows].sort((a, b) => compare(a, b) || a.vendorName.localeCompare(b.vendorName));
  return descending ? sorted.reverse() : sorted;
}

export const MATRIX_COLUMNS = [
  'Vendor',
  'Tier',
  'Handles PHI',
  'BAA',
  'SOC 2',
  'HITRUST',
  'ISO/IEC 27001',
  'Penetration test',
  'Cyber insurance',
  'Data location',
  'Offshore data review (policy)',
  'Annual verification (proposed rule)',
  'Open findings',
  'Open critical',
  'Open high',
] as const;

export function matrixRecord(row: MatrixRow): string[] {
  return [
    row.vendorName,
    labelOf(TIER_LABELS, row.tier),
    row.handlesPhi ? 'Yes' : 'No',
    row.baa.text,
    ...MATRIX_DOCUMENTS.map((t) => row.documents[t].text),
    row.dataLocation.text,
    row.offshore.text,
    row.verification.text,
    String(row.openFindings.total),
    String(row.openFindings.critical),
    String(row.openFindings.high),
  ];
}

/** The whole matrix as CSV, a page of vendors at a time. */
export async function* trustMatrixCsv(deps: Deps): AsyncGenerator<string> {
  yield csvRecord([...MATRIX_COLUMNS]);
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await trustMatrixPage(deps, { limit: 100, ...(cursor ? { cursor } : {}) });
    let chunk = '';
    for (const row of page.rows) chunk += csvRecord(matrixRecord(row));
    if (chunk) yield chunk;
    cursor = page.cursor;
  } while (cursor);
}
