/**
 * Publishes the audit chain heads that moved since their last publication to the write-once archive
 * (hourly on AWS: infra/constructs/audit-archive.ts; locally with each timed sweep, and on demand
 * through the runtime's `publishAuditHeads()`).
 *
 * Cost follows change: only heads marked unpublished are read (a sparse index), a page at a time.
 * A head that moved while it was being published stays marked and goes out next time.
 */
import type { Deps } from '../composition.ts';

const PAGE = 100;

export async function publishAuditHeads(deps: Pick<Deps, 'audit' | 'auditArchive' | 'clock'>) {
  const archive = deps.auditArchive;
  if (!archive) return { published: 0, moved: 0, archive: false };
  let published = 0;
  let moved = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await deps.audit.unpublishedHeads({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const head of page.items) {
      const at = deps.clock.now();
      await archive.publish(head, at);
      if (await deps.audit.markPublished(head, at.toISOString())) published++;
      else moved++; // the chain moved on: published now, and again next run
    }
    cursor = page.cursor;
  } while (cursor);
  return { published, moved, archive: true };
}
