/** The findings register and the actions on one finding (extension, acceptance, verification). */
import type { Hono } from 'hono';
import { notFound } from '../../../errors.ts';
import type { Finding } from '../../../schemas/finding.ts';
import { acceptRisk, extendFinding, verifyFix } from '../../../use-cases/finding-actions.ts';
import type { AppContext, AppEnv } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import {
  type FindingsFilter,
  findingsPage,
  REGISTER_STATUSES,
  SEVERITIES,
} from '../../pages/console/findings-page.ts';
import { badDate, dateField, type FormBody, field, oneOf } from './forms.ts';
import { action, PAGE_SIZE, rolesOf, type Session, STAFF, send, view } from './guard.ts';
import { type DONE, doneRedirect, vendorForm } from './vendor.ts';

/** The finding in the path, checked to belong to the vendor in the path. */
async function findingOf(c: AppContext) {
  const { vendorId, assessmentId, findingId } = c.req.param() as Record<string, string>;
  const finding = await c.var.deps.findings.get(assessmentId!, findingId!);
  if (!finding || finding.vendorId !== vendorId) throw notFound('Finding', findingId!);
  return finding;
}

/** A finding form: the finding must belong to the vendor; `run` returns the notice to show. */
function guardFinding(
  c: AppContext,
  s: Session,
  form: FormBody,
  kind: 'extend' | 'accept' | 'verify',
  run: (finding: Finding) => Promise<keyof typeof DONE>,
): Promise<Response> {
  const findingId = c.req.param('findingId')!;
  return vendorForm(c, s, form, `${kind}:${findingId}`, async () => {
    const finding = await findingOf(c);
    const done = await run(finding);
    return doneRedirect(c, finding.vendorId, done, `finding-${finding.id}`);
  });
}

export function findingsRoutes(app: Hono<AppEnv>) {
  const findingPath = '/console/vendors/:vendorId/findings/:assessmentId/:findingId';
  app.post(
    `${findingPath}/extension`,
    action(
      () => rolesOf('extendFinding'),
      (c, s, form) =>
        guardFinding(c, s, form, 'extend', async (f) => {
          const dueAt = dateField(field(form, 'dueAt'), 'end');
          if (!dueAt) throw badDate('new due date');
          await extendFinding(c.var.deps, s.principal, f.assessmentId, f.id, {
            dueAt,
            reason: field(form, 'reason'),
          });
          return 'extended';
        }),
    ),
  );
  app.post(
    `${findingPath}/acceptance`,
    action(
      () => rolesOf('acceptRisk'),
      (c, s, form) =>
        guardFinding(c, s, form, 'accept', async (f) => {
          const until = dateField(field(form, 'until'), 'end');
          if (!until) throw badDate('end of the acceptance');
          await acceptRisk(c.var.deps, s.principal, f.assessmentId, f.id, {
            until,
            reason: field(form, 'reason'),
          });
          return 'accepted';
        }),
    ),
  );
  app.post(
    `${findingPath}/verification`,
    action(
      () => rolesOf('verifyFix'),
      (c, s, form) =>
        guardFinding(c, s, form, 'verify', async (f) => {
          const verdict = field(form, 'verdict');
          const note = field(form, 'note').trim();
          await verifyFix(c.var.deps, s.principal, f.assessmentId, f.id, {
            verdict,
            ...(note ? { note } : {}),
          });
          return verdict === 'rejected' ? 'rejected' : 'verified';
        }),
    ),
  );

  // 4. The findings register.
  app.get(
    '/console/findings',
    view(
      () => STAFF,
      async (c, s) => {
        const deps = c.var.deps;
        const filter: FindingsFilter = {
          status: oneOf(REGISTER_STATUSES, c.req.query('status')) ?? 'open',
          overdue: c.req.query('overdue') === '1',
        };
        const severity = oneOf(SEVERITIES, c.req.query('severity'));
        if (severity) filter.severity = severity;
        const now = deps.clock.now().toISOString();
        const cursor = decodeCursor(c.req.query('cursor') || undefined);
        const page = await deps.findings.register({
          status: filter.status,
          ...(filter.severity ? { severity: filter.severity } : {}),
          ...(filter.overdue ? { dueBefore: now } : {}),
          limit: PAGE_SIZE,
          cursor,
        });
        return send(
          c,
          findingsPage({
            organisation: deps.config.organisation,
            viewer: s.viewer,
            now,
            filter,
            findings: page.items,
            nextCursor: encodeCursor(page.cursor),
            isFirstPage: !cursor,
          }),
        );
      },
    ),
  );
}
