/**
 * Findings an incident opens against its vendor: a late notice (past the BAA window or the legal 60
 * days) and an incomplete one (compliance had to ask for the 164.410(c) information it lacked; policy).
 * The finding lives in the incident's partition (its "assessment" is the incident) with a
 * deterministic id, so a retried request cannot open it twice.
 */
import { findingKey } from '../adapters/dynamodb/finding-repository.ts';
import type { Deps } from '../composition.ts';
import { scheduleDue } from '../domain/due-index.ts';
import { dueDateFor } from '../domain/remediation-policy.ts';
import { AppError } from '../errors.ts';
import type { Finding } from '../schemas/finding.ts';
import type { Incident } from '../schemas/incident.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { policiesOf } from './policies.ts';

const KINDS = {
  late: {
    id: 'f_incident_late_notice',
    severity: 'high',
    title: 'Incident reported late',
    citation: '45 CFR 164.410(b); the BAA reporting clause (164.504(e)(2)(ii)(C))',
    remediation:
      'Show how incidents reach us within the contracted window: the incident-response procedure naming our contacts, and its test.',
  },
  incomplete: {
    id: 'f_incident_incomplete_notice',
    severity: 'medium',
    title: 'Incident notice incomplete',
    citation: '45 CFR 164.410(c)',
    remediation:
      'Show that incident notices carry what 164.410(c) requires: the individuals affected and the facts for our notices (164.404(c)).',
  },
} as const;

export async function openIncidentFinding(
  deps: Deps,
  actor: Actor,
  incident: Incident,
  kind: keyof typeof KINDS,
  detail: string,
): Promise<void> {
  const spec = KINDS[kind];
  const now = deps.clock.now();
  const policies = policiesOf(deps);
  const dueAt = dueDateFor(spec.severity, now, policies.remediation);
  const base = {
    id: spec.id,
    assessmentId: incident.id,
    vendorId: incident.vendorId,
    vendorName: incident.vendorName,
    questionId: null,
    domain: 'incident_response',
    severity: spec.severity,
    title: spec.title,
    detail: `Incident discovered ${incident.discoveredAt.slice(0, 10)}, reported ${incident.reportedAt.slice(0, 10)}: ${detail}.`,
    citation: spec.citation,
    remediation: spec.remediation,
    status: 'open' as const,
    dueAt,
    originalDueAt: dueAt,
    history: [{ at: now.toISOString(), actor: 'system', action: 'created', note: `Due ${dueAt}` }],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  const finding: Finding = {
    ...base,
    ...scheduleDue(policies.escalation, findingKey(base), {
      kind: 'finding_remediation',
      dueAt,
      severity: spec.severity,
    }),
  };
  if (!(await deps.findings.createIfAbsent(finding))) return;
  for (let attempt = 0; attempt < 5; attempt++) {
    const saved = await deps.incidents.get(incident.id);
    if (!saved || saved.findingIds?.includes(finding.id)) break;
    try {
      await deps.incidents.save({
        ...saved,
        findingIds: [...(saved.findingIds ?? []), finding.id],
        updatedAt: now.toISOString(),
      });
      break;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
    }
  }
  await audit(deps, {
    vendorId: incident.vendorId,
    actor,
    action: 'finding.opened',
    target: { type: 'finding', id: `${incident.id}/${finding.id}` },
    summary: `${spec.title}: ${finding.detail}`,
  });
}
