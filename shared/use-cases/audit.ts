/** Appends one audit event; the one way use cases record what happened. Summaries never carry PHI. */
import type { Deps } from '../composition.ts';
import type { Actor } from './actor.ts';

export interface AuditEntry {
  vendorId: string;
  actor: Actor;
  action: string;
  target: { type: string; id: string };
  summary: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export function audit(deps: Pick<Deps, 'audit' | 'clock'>, entry: AuditEntry) {
  return deps.audit.append({ ...entry, at: deps.clock.now().toISOString() });
}
