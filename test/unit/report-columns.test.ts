/**
 * The exports' human columns: each status, tier, decision, time and actor column of a register
 * export is followed by a column in words, and no human column ever holds a raw enum value, an ISO
 * timestamp or an actor id. Expected words are written here by hand, not read from labels.ts.
 */
import { describe, expect, it } from 'vitest';
import { BaaStatus } from '#shared/schemas/baa.ts';
import { BaaDocumentKind } from '#shared/schemas/baa-record.ts';
import { Severity, Tier } from '#shared/schemas/core.ts';
import { FindingStatus } from '#shared/schemas/finding.ts';
import { RecordVolume, SystemAccess } from '#shared/schemas/intake.ts';
import { DomainId } from '#shared/schemas/questionnaire.ts';
import { VendorStage } from '#shared/schemas/vendor.ts';
import {
  BAA_COLUMNS,
  type Column,
  DECISION_COLUMNS,
  FINDING_COLUMNS,
  VENDOR_COLUMNS,
} from '#shared/use-cases/report-columns.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const AT = '2026-03-04T14:05:00.000Z';
const STAFF = 'pat.lee@hospital.example';

const vendor = (
  o: {
    tier?: string;
    baaStatus?: string;
    stage?: string;
    access?: string;
    volume?: string;
    decision?: string;
  } = {},
) => ({
  id: 'v_abc123',
  name: 'Acme Imaging',
  tier: o.tier ?? 'high',
  baaRequired: true,
  baaStatus: o.baaStatus ?? 'under_review',
  stage: o.stage ?? 'in_remediation',
  intake: {
    handlesPhi: true,
    medicalDevice: false,
    systemAccess: o.access ?? 'privileged',
    recordVolume: o.volume ?? '10k_to_100k',
  },
  services: ['Imaging'],
  contactName: 'Jo Vendor',
  contactEmail: 'jo@acme.example',
  businessOwnerEmail: 'sam.owner@hospital.example',
  latestAssessmentId: 'a_xyz',
  decision: {
    decision: o.decision ?? 'approve_with_conditions',
    decidedAt: AT,
    decidedBy: STAFF,
    role: 'compliance',
  },
  reassessmentDueAt: AT,
  createdAt: AT,
  createdBy: STAFF,
  updatedAt: AT,
});

const finding = (o: { domain?: string; severity?: string; status?: string } = {}) => ({
  id: 'f_q_access-mfa',
  assessmentId: 'a_xyz',
  vendorId: 'v_abc123',
  vendorName: 'Acme Imaging',
  questionId: 'access-mfa',
  domain: o.domain ?? 'access_control',
  severity: o.severity ?? 'critical',
  status: o.status ?? 'fix_reported',
  title: 'Multi-factor authentication missing',
  citation: '45 CFR 164.312(d)',
  dueAt: AT,
  originalDueAt: AT,
  fixReport: { reportedAt: AT },
  acceptance: { until: AT, by: STAFF, reason: 'Compensating control' },
  createdAt: AT,
  updatedAt: AT,
});

const baa = (o: { party?: string; status?: string; kind?: string } = {}) => ({
  id: 'main',
  vendorId: 'v_abc123',
  vendorName: 'Acme Imaging',
  party: { type: o.party ?? 'subcontractor', name: 'Cloud Sub' },
  status: o.status ?? 'changes_requested',
  effectiveAt: AT,
  expiresAt: AT,
  signedAt: AT,
  terminatedAt: AT,
  documents: [{ version: 1, kind: o.kind ?? 'signed', sha256: 'a'.repeat(64) }],
  review: {
    checklistVersion: 1,
    entries: [],
    noticeWindowDays: 10,
    canSign: true,
    reviewedBy: STAFF,
    reviewedAt: AT,
  },
  createdAt: AT,
  updatedAt: AT,
});

const decisionRow = (decision = 'reject', tier = 'critical') => ({
  vendor: vendor({ tier }),
  decision: {
    decision,
    decidedAt: AT,
    decidedBy: STAFF,
    role: 'compliance',
    assessmentId: 'a_xyz',
    conditions: [],
    reason: 'No encryption',
    overridden: [{ gate: 'baa_signed', message: 'The BAA must be signed first.', reason: 'Signed on paper' }],
  },
});

const cell = (columns: Column<never>[], name: string, row: unknown) => {
  const column = columns.find((c) => c.name === name);
  if (!column) throw new Error(`no column ${name}`);
  return (column as Column<unknown>).value(row, NOW);
};

describe('export human columns: the words for each value (hand-written)', () => {
  const WHEN = 'March 4, 2026, 14:05 UTC';
  const table: [dataset: string, columns: Column<never>[], column: string, row: unknown, words: string][] = [
    ['vendors', VENDOR_COLUMNS, 'Risk tier', vendor({ tier: 'moderate' }), 'Moderate tier'],
    ['vendors', VENDOR_COLUMNS, 'BAA status', vendor({ baaStatus: 'sent' }), 'Sent to vendor'],
    ['vendors', VENDOR_COLUMNS, 'BAA status', vendor({ baaStatus: 'under_review' }), 'Under review'],
    ['vendors', VENDOR_COLUMNS, 'Pipeline stage', vendor({ stage: 'assessment_sent' }), 'Assessment sent'],
    [
      'vendors',
      VENDOR_COLUMNS,
      'Access to our systems',
      vendor({ access: 'user' }),
      'User-level access to our systems',
    ],
    [
      'vendors',
      VENDOR_COLUMNS,
      'Records handled',
      vendor({ volume: 'under_500' }),
      'Fewer than 500 individuals',
    ],
    ['vendors', VENDOR_COLUMNS, 'Latest decision', vendor({ decision: 'approve' }), 'Approved'],
    ['vendors', VENDOR_COLUMNS, 'Decided on', vendor(), WHEN],
    ['vendors', VENDOR_COLUMNS, 'Registered by (person)', vendor(), 'Pat Lee'],
    ['vendors', VENDOR_COLUMNS, 'Business owner', vendor(), 'Sam Owner'],
    ['findings', FINDING_COLUMNS, 'Severity level', finding({ severity: 'medium' }), 'Medium'],
    ['findings', FINDING_COLUMNS, 'Finding status', finding({ status: 'accepted' }), 'Risk accepted'],
    [
      'findings',
      FINDING_COLUMNS,
      'Control domain',
      finding({ domain: 'backup_contingency' }),
      'Backup and contingency',
    ],
    ['findings', FINDING_COLUMNS, 'Due', finding(), WHEN],
    ['findings', FINDING_COLUMNS, 'Risk accepted by', finding(), 'Pat Lee'],
    ['baas', BAA_COLUMNS, 'Agreement', baa({ party: 'vendor' }), 'Vendor (main agreement)'],
    ['baas', BAA_COLUMNS, 'Agreement status', baa({ status: 'changes_requested' }), 'Changes requested'],
    ['baas', BAA_COLUMNS, 'Latest document', baa({ kind: 'redline' }), 'Redline'],
    ['baas', BAA_COLUMNS, 'Expires on', baa(), WHEN],
    ['baas', BAA_COLUMNS, 'Clauses reviewed by', baa(), 'Pat Lee'],
    [
      'decisions',
      DECISION_COLUMNS,
      'Decision made',
      decisionRow('approve_with_conditions'),
      'Approved with conditions',
    ],
    ['decisions', DECISION_COLUMNS, 'Risk tier', decisionRow('reject', 'low'), 'Low tier'],
    ['decisions', DECISION_COLUMNS, 'Decided by (person)', decisionRow(), 'Pat Lee (compliance)'],
    ['decisions', DECISION_COLUMNS, 'Gates set aside', decisionRow(), 'The BAA must be signed first.'],
  ];
  it.each(table)('%s: %s', (_dataset, columns, column, row, words) => {
    expect(cell(columns, column, row)).toBe(words);
  });
});

describe('export human columns: placement', () => {
  // Machine columns whose value a person cannot read as is: each is followed by its human column.
  const needsWords: [dataset: string, columns: Column<never>[], machine: string[]][] = [
    [
      'vendors',
      VENDOR_COLUMNS,
      [
        'tier',
        'baaStatus',
        'stage',
        'systemAccess',
        'recordVolume',
        'businessOwnerEmail',
        'decision',
        'decidedAt',
        'reassessmentDueAt',
        'createdAt',
        'createdBy',
        'updatedAt',
      ],
    ],
    [
      'findings',
      FINDING_COLUMNS,
      [
        'domain',
        'severity',
        'status',
        'dueAt',
        'originalDueAt',
        'fixReportedAt',
        'acceptedUntil',
        'acceptedBy',
        'createdAt',
        'updatedAt',
      ],
    ],
    [
      'baas',
      BAA_COLUMNS,
      [
        'partyType',
        'status',
        'effectiveAt',
        'expiresAt',
        'signedAt',
        'terminatedAt',
        'latestDocumentKind',
        'reviewedBy',
        'reviewedAt',
        'createdAt',
        'updatedAt',
      ],
    ],
    ['decisions', DECISION_COLUMNS, ['tier', 'decision', 'decidedAt', 'role', 'overriddenGates']],
  ];
  it.each(needsWords)('%s: each code, time and actor column is followed by words', (_d, columns, machine) => {
    for (const name of machine) {
      const at = columns.findIndex((c) => c.name === name);
      expect(at, name).toBeGreaterThanOrEqual(0);
      expect(columns[at]!.human, name).toBeUndefined();
      expect(columns[at + 1]?.human, `${name} is followed by a human column`).toBe(true);
    }
  });
  it.each(needsWords)('%s: human headers are words, distinct from every machine header', (_d, columns) => {
    const machine = new Set(columns.filter((c) => !c.human).map((c) => c.name.toLowerCase()));
    for (const c of columns.filter((x) => x.human)) {
      expect(c.name).toMatch(/^[A-Z][A-Za-z]*( [\w()-]+)*$/);
      expect(machine.has(c.name.toLowerCase()), c.name).toBe(false);
    }
  });
});

describe('export human columns never hold a raw value', () => {
  const ENUMS = new Set<string>([
    ...Tier.options,
    ...BaaStatus.options,
    ...VendorStage.options,
    ...SystemAccess.options,
    ...RecordVolume.options,
    ...Severity.options,
    ...FindingStatus.options,
    ...DomainId.options,
    ...BaaDocumentKind.options,
    'approve',
    'approve_with_conditions',
    'reject',
    'vendor',
    'subcontractor',
    'compliance',
  ]);
  const rows: [dataset: string, columns: Column<never>[], rows: unknown[]][] = [
    [
      'vendors',
      VENDOR_COLUMNS,
      [
        ...Tier.options.map((tier) => vendor({ tier })),
        ...BaaStatus.options.map((baaStatus) => vendor({ baaStatus })),
        ...VendorStage.options.map((stage) => vendor({ stage })),
        ...SystemAccess.options.map((access) => vendor({ access })),
        ...RecordVolume.options.map((volume) => vendor({ volume })),
        ...['approve', 'approve_with_conditions', 'reject'].map((decision) => vendor({ decision })),
      ],
    ],
    [
      'findings',
      FINDING_COLUMNS,
      [
        ...DomainId.options.map((domain) => finding({ domain })),
        ...Severity.options.map((severity) => finding({ severity })),
        ...FindingStatus.options.map((status) => finding({ status })),
      ],
    ],
    [
      'baas',
      BAA_COLUMNS,
      [
        ...BaaStatus.options.map((status) => baa({ status })),
        ...BaaDocumentKind.options.map((kind) => baa({ kind })),
        ...['vendor', 'subcontractor'].map((party) => baa({ party })),
      ],
    ],
    [
      'decisions',
      DECISION_COLUMNS,
      ['approve', 'approve_with_conditions', 'reject'].map((d) => decisionRow(d)),
    ],
  ];
  it.each(rows)('%s', (_dataset, columns, samples) => {
    const human = columns.filter((c) => c.human) as Column<unknown>[];
    expect(human.length).toBeGreaterThan(0);
    for (const row of samples) {
      for (const column of human) {
        const value = column.value(row, NOW);
        if (value === null) continue;
        const text = String(value);
        expect(ENUMS.has(text), `${column.name}: ${text}`).toBe(false);
        expect(text, column.name).not.toMatch(/\b[a-z0-9]+_[a-z0-9_]+\b/);
        expect(text, column.name).not.toMatch(/\d{4}-\d\d-\d\dT/);
        expect(text, column.name).not.toMatch(/@|vendor:|\b[vfa]_[\w-]/);
      }
    }
  });
});
