/**
 * Keeps an incident's stored clocks true to the rules (shared/domain/breach-clocks.ts) and puts
 * each running deadline of ours on the due index, one small row per deadline, so the sweep's
 * reminders and escalations run through the same ladder as every other deadline.
 */
import type { DeadlineRow } from '../adapters/dynamodb/incident-repository.ts';
import { deadlineKey } from '../adapters/dynamodb/incident-repository.ts';
import type { Deps } from '../composition.ts';
import { computeDeadlines, incidentOpen, isRunning, nextDueAt } from '../domain/breach-clocks.ts';
import { clearDue, scheduleDue } from '../domain/due-index.ts';
import { formatDate } from '../email/layout.ts';
import { type Deadline, type Incident, IncidentPolicy } from '../schemas/incident.ts';
import { policiesOf } from './policies.ts';
import { parseInput } from './validation.ts';

const incidentPolicyCache = new WeakMap<object, IncidentPolicy>();

/** `POLICY_JSON.incidents` (extra deadlines); validated once per config. */
export function incidentPolicyOf(deps: Pick<Deps, 'config'>): IncidentPolicy {
  let policy = incidentPolicyCache.get(deps.config);
  if (!policy) {
    policy = parseInput(IncidentPolicy, deps.config.policy.incidents ?? {}, 'incident policy');
    incidentPolicyCache.set(deps.config, policy);
  }
  return policy;
}

/** The incident with its deadlines, status and register key recomputed for `now`. */
export function withClocks(deps: Pick<Deps, 'config'>, incident: Incident, now: Date): Incident {
  const deadlines = computeDeadlines(
    {
      ...incident,
      notices: incident.notices,
      informationRequest: incident.informationRequest,
    },
    incidentPolicyOf(deps),
    now,
  );
  const next = nextDueAt(deadlines);
  const { nextDueAt: _old, ...rest } = incident;
  return {
    ...rest,
    deadlines,
    status: incidentOpen(incident, deadlines) ? 'open' : 'closed',
    ...(next ? { nextDueAt: next } : {}),
  };
}

/** Deadlines that run on the due index: ours, and the vendor's answer to an information request. */
const onDueIndex = (d: Deadline) =>
  isRunning(d) && (d.owner === 'covered_entity' || d.kind === 'vendor_information');

/**
 * Creates, moves or clears the due row of every deadline. A row whose due date is unchanged keeps
 * its ladder (no reminder fires twice); a moved date restarts it; a met or closed deadline leaves
 * the index at once. Retries on a concurrent sweep write.
 */
export async function syncDeadlineRows(
  deps: Deps,
  incident: Incident,
  previous: readonly Deadline[] = [],
): Promise<void> {
  const escalation = policiesOf(deps).escalation;
  // A deadline the facts no longer call for (e.g. a corrected State count) is closed, not forgotten.
  const gone = previous
    .filter((p) => !incident.deadlines.some((d) => d.id === p.id))
    .map((p): Deadline => ({ ...p, status: 'closed' }));
  for (const d of [...incident.deadlines, ...gone]) {
    const key = deadlineKey(incident.id, d.id);
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await deps.incidents.getDeadlineRow(incident.id, d.id);
      if (!onDueIndex(d)) {
        if (!row?.due) break;
        const { due: _due, dueShard: _shard, nextActionAt: _next, ...rest } = row;
        if (await deps.incidents.replaceDeadlineRow({ ...rest, ...clearDue() } as typeof row, row.version))
          break;
        continue;
      }
      const title = `${d.label} (incident reported ${formatDate(incident.reportedAt)})`;
      if (!row) {
        const fresh: DeadlineRow = {
          id: `${incident.id}/${d.id}`,
          incidentId: incident.id,
          deadlineId: d.id,
          vendorId: incident.vendorId,
          vendorName: incident.vendorName,
          title,
          version: 0,
          ...scheduleDue(escalation, key, { kind: 'incident_deadline', dueAt: d.dueAt }),
        };
        if (await deps.incidents.createDeadlineRow(fresh)) break;
        continue;
      }
      if (row.due && Date.parse(row.due.dueAt) === Date.parse(d.dueAt) && row.title === title) break;
      const updated = {
        ...row,
        title,
        ...scheduleDue(escalation, key, { kind: 'incident_deadline', dueAt: d.dueAt }),
      };
      if (await deps.incidents.replaceDeadlineRow(updated, row.version)) break;
    }
  }
}
