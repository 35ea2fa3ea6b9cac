/**
 * Appends one audit event; the one way use cases record what happened. Summaries never carry PHI.
 * In an HTTP request the events wait for the end of the request and are written together.
 */
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

export async function audit(deps: Pick<Deps, 'audit' | 'clock'>, entry: AuditEntry): Promise<void> {
  await deps.audit.append({ ...entry, at: deps.clock.now().toISOString() });
}
