/** `vendors list | show`: the vendors by name, and one vendor with what an approval needs. */
import type { CommandContext, CommandSpec, OptionValues } from '../../bin/cli.ts';
import {
  ASSESSMENT_STATUS_LABELS,
  actorLabel,
  BAA_STATUS_LABELS,
  DECISION_LABELS,
  GATE_LABELS,
  humanDate,
  labelOf,
  plural,
  STAGE_LABELS,
  TIER_LABELS,
} from '../../shared/labels.ts';
import { EXIT, type ExitCode, usageError } from '../api-client.ts';
import { formatTable } from '../csv.ts';

const STAGES = ['intake', 'assessment_sent', 'answered', 'in_remediation', 'decided'];

interface VendorRow {
  id: string;
  name: string;
  tier: string;
  stage: string;
  baaStatus: string;
  decision?: { decision: string };
  approvalLapsed?: boolean;
}

function positiveInt(raw: unknown, option: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`--${option} must be a whole number above 0, got "${raw}"`);
  return n;
}

async function listVendors(ctx: CommandContext, values: OptionValues): Promise<ExitCode> {
  const stage = values.stage as string | undefined;
  if (stage !== undefined && !STAGES.includes(stage)) {
    throw usageError(`--stage "${stage}" is not a stage`, `Use one of: ${STAGES.join(', ')}.`);
  }
  const limit = positiveInt(values.limit, 'limit');
  const items: VendorRow[] = [];
  // The API filters by stage through its board index, so no page is read only to be thrown away.
  const path = stage ? `/vendors?stage=${encodeURIComponent(stage)}` : '/vendors';
  for await (const v of ctx.client.paged<VendorRow>(path)) {
    items.push(v);
    if (limit !== undefined && items.length >= limit) break;
  }
  if (ctx.json) {
    ctx.out(JSON.stringify(items, null, 2));
    return EXIT.ok;
  }
  if (items.length === 0) {
    ctx.out(
      stage
        ? `No vendors at stage ${labelOf(STAGE_LABELS, stage).toLowerCase()}.`
        : 'No vendors yet. Register some with `baa-guard vendors import`.',
    );
    return EXIT.ok;
  }
  ctx.out(
    formatTable(
      ['Id', 'Name', 'Tier', 'Stage', 'BAA', 'Decision'],
      items.map((v) => [
        v.id,
        v.name,
        labelOf(TIER_LABELS, v.tier),
        labelOf(STAGE_LABELS, v.stage),
        labelOf(BAA_STATUS_LABELS, v.baaStatus),
        (v.decision ? labelOf(DECISION_LABELS, v.decision.decision) : '') +
          (v.approvalLapsed ? ' (approval lapsed)' : ''),
      ]),
    ),
  );
  ctx.out(plural(items.length, 'vendor'));
  return EXIT.ok;
}

interface VendorDetail extends VendorRow {
  contactName: string;
  contactEmail: string;
  services: string[];
  businessOwnerEmail: string;
  tierReasons: string[];
  baaRequired: boolean;
  reassessmentDueAt?: string;
  decision?: {
    decision: string;
    conditions: string[];
    reason: string | null;
    decidedBy: string;
    decidedAt: string;
  };
  assessments?: {
    id: string;
    status: string;
    score?: number;
    rating?: string;
    outcome?: string;
    dueAt?: string;
  }[];
}

interface GateResult {
  allowed: boolean;
  failed: { gate: string; message: string }[];
}

async function showVendor(ctx: CommandContext, id: string): Promise<ExitCode> {
  const path = `/vendors/${encodeURIComponent(id)}`;
  const vendor = await ctx.client.json<VendorDetail>('GET', path);
  const gates = await ctx.client
    .json<{ approve: GateResult; approve_with_conditions: GateResult }>('GET', `${path}/gates`)
    .catch(() => null);
  if (ctx.json) {
    ctx.out(JSON.stringify({ ...vendor, gates }, null, 2));
    return EXIT.ok;
  }
  const field = (label: string, value: unknown) => ctx.out(`${`${label}:`.padEnd(16)}${value}`);
  field('Vendor', `${vendor.name} (${vendor.id})`);
  field('Tier', `${labelOf(TIER_LABELS, vendor.tier)} — ${vendor.tierReasons.join(' ')}`);
  field('Stage', labelOf(STAGE_LABELS, vendor.stage));
  field('BAA', vendor.baaRequired ? labelOf(BAA_STATUS_LABELS, vendor.baaStatus) : 'Not required (no PHI)');
  field('Contact', `${vendor.contactName} <${vendor.contactEmail}>`);
  field('Business owner', vendor.businessOwnerEmail);
  field('Services', vendor.services.join('; '));
  if (vendor.decision) {
    const d = vendor.decision;
    field(
      'Decision',
      `${labelOf(DECISION_LABELS, d.decision)} by ${actorLabel(d.decidedBy)} on ${humanDate(d.decidedAt)}`,
    );
    for (const c of d.conditions) ctx.out(`${''.padEnd(16)}condition: ${c}`);
    if (d.reason) ctx.out(`${''.padEnd(16)}reason: ${d.reason}`);
  }
  if (vendor.reassessmentDueAt) field('Reassess by', humanDate(vendor.reassessmentDueAt));
  const assessments = vendor.assessments ?? [];
  ctx.out('');
  if (assessments.length === 0) ctx.out(`No assessment yet: baa-guard assess ${vendor.id}`);
  else {
    ctx.out('Assessments:');
    ctx.out(
      formatTable(
        ['Id', 'Status', 'Score', 'Proposed outcome', 'Due'],
        assessments.map((a) => [
          a.id,
          labelOf(ASSESSMENT_STATUS_LABELS, a.status),
          a.score ?? '',
          a.outcome ? labelOf(DECISION_LABELS, a.outcome) : '',
          a.dueAt ? humanDate(a.dueAt) : '',
        ]),
      ),
    );
  }
  if (gates && !vendor.decision) {
    ctx.out('');
    ctx.out(gates.approve.allowed ? 'Approval: allowed now.' : 'Approval would be refused:');
    for (const f of gates.approve.failed) ctx.out(`  ✗ ${labelOf(GATE_LABELS, f.gate)}: ${f.message}`);
  }
  return EXIT.ok;
}

export const vendorViewCommands: CommandSpec[] = [
  {
    path: ['vendors', 'list'],
    summary: 'List vendors by name (all pages), optionally one stage',
    args: [],
    options: {
      stage: { type: 'string', placeholder: '<stage>', description: `Only this stage: ${STAGES.join(', ')}` },
      limit: { type: 'string', placeholder: '<n>', description: 'At most n vendors' },
    },
    examples: [
      'baa-guard vendors list',
      'baa-guard vendors list --stage in_remediation --limit 20',
      "baa-guard vendors list --json | jq -r '.[].id'",
    ],
    run: (ctx, { values }) => listVendors(ctx, values),
  },
  {
    path: ['vendors', 'show'],
    summary: 'One vendor: tier, stage, BAA, decision, assessments and what an approval needs',
    args: [{ name: 'vendorId', required: true, description: 'the vendor id (v_…)' }],
    examples: ['baa-guard vendors show v_8Yq2mB1x9KqT', 'baa-guard vendors show v_8Yq2mB1x9KqT --json'],
    run: (ctx, { args }) => showVendor(ctx, args[0]!),
  },
];
