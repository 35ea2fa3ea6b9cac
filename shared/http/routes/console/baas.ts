/** The BAA register and the clause review, signing and change requests on one BAA. */
import type { Hono } from 'hono';
import { BAA_CHECKLIST_V1 } from '../../../content/baa-clauses.v1.ts';
import type { BaaStatus } from '../../../schemas/baa.ts';
import { NOTICE_WINDOW_ITEM } from '../../../schemas/baa.ts';
import {
  decideBaa,
  recordClauseReview,
  recordPeriodicReview,
  recordReturnInfeasible,
} from '../../../use-cases/baa.ts';
import { recordBaaExemption, revokeBaaExemption } from '../../../use-cases/baa-exemption.ts';
import type { AppEnv } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import { BAA_REGISTER_STATUSES, baasPage } from '../../pages/console/baas-page.ts';
import { badDate, dateField, field, oneOf } from './forms.ts';
import { action, PAGE_SIZE, rolesOf, send, view } from './guard.ts';
import { doneRedirect, vendorForm } from './vendor.ts';

export function baasRoutes(app: Hono<AppEnv>) {
  const baaPath = '/console/vendors/:vendorId/baas/:baaId';
  app.post(
    `${baaPath}/review`,
    action(
      () => rolesOf('reviewBaaClauses'),
      (c, s, form) => {
        const { vendorId, baaId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, `review:${baaId}`, async () => {
          const entries = BAA_CHECKLIST_V1.clauses.flatMap((clause) => {
            const finding = field(form, `clause.${clause.id}.finding`);
            if (!finding) return []; // left unreviewed: the evaluation counts it
            const note = field(form, `clause.${clause.id}.note`).trim();
            const section = field(form, `clause.${clause.id}.section`).trim();
            return [
              { clauseId: clause.id, finding, ...(note ? { note } : {}), ...(section ? { section } : {}) },
            ];
          });
          const noticeText = field(form, 'noticeWindowDays').trim();
          // One exception per policy item, each with its own reason (an empty reason: no exception).
          const items = [
            ...BAA_CHECKLIST_V1.clauses.filter((clause) => !clause.required).map((clause) => clause.id),
            NOTICE_WINDOW_ITEM,
          ];
          const exceptions = items.flatMap((item) => {
            const reason = field(form, `exception.${item}`).trim();
            return reason ? [{ item, reason }] : [];
          });
          const { evaluation } = await recordClauseReview(c.var.deps, s.principal, vendorId!, baaId!, {
            entries,
            noticeWindowDays: noticeText === '' ? null : Number(noticeText),
            ...(exceptions.length ? { exceptions } : {}),
          });
          return doneRedirect(
            c,
            vendorId!,
            evaluation.canSign ? 'reviewed' : 'reviewed_blocked',
            `baa-${baaId}`,
          );
        });
      },
    ),
  );
  app.post(
    `${baaPath}/sign`,
    action(
      () => rolesOf('decideBaa'),
      (c, s, form) => {
        const { vendorId, baaId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, `sign:${baaId}`, async () => {
          const effectiveAt = dateField(field(form, 'effectiveAt'), 'start');
          // No expiry: the BAA runs with the services agreement and gets a periodic review date.
          const expiryText = field(form, 'expiresAt').trim();
          const expiresAt = expiryText ? dateField(expiryText, 'end') : undefined;
          if (!effectiveAt) throw badDate('effective date');
          if (expiryText && !expiresAt) throw badDate('expiry date');
          await decideBaa(c.var.deps, s.principal, vendorId!, baaId!, {
            action: 'sign',
            effectiveAt,
            ...(expiresAt ? { expiresAt } : {}),
          });
          return doneRedirect(c, vendorId!, 'signed', `baa-${baaId}`);
        });
      },
    ),
  );
  app.post(
    `${baaPath}/approve`,
    action(
      () => rolesOf('decideBaa'),
      (c, s, form) => {
        const { vendorId, baaId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, `approve:${baaId}`, async () => {
          const note = field(form, 'note').trim();
          await decideBaa(c.var.deps, s.principal, vendorId!, baaId!, {
            action: 'approve',
            ...(note ? { note } : {}),
          });
          return doneRedirect(c, vendorId!, 'approved', `baa-${baaId}`);
        });
      },
    ),
  );
  app.post(
    `${baaPath}/return-infeasible`,
    action(
      () => rolesOf('recordReturnInfeasible'),
      (c, s, form) => {
        const { vendorId, baaId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, `infeasible:${baaId}`, async () => {
          await recordReturnInfeasible(c.var.deps, s.principal, vendorId!, baaId!, {
            reason: field(form, 'reason'),
          });
          return doneRedirect(c, vendorId!, 'infeasible', `baa-${baaId}`);
        });
      },
    ),
  );
  app.post(
    `${baaPath}/periodic-review`,
    action(
      () => rolesOf('recordBaaPeriodicReview'),
      (c, s, form) => {
        const { vendorId, baaId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, `periodic:${baaId}`, async () => {
          await recordPeriodicReview(c.var.deps, s.principal, vendorId!, baaId!, {
            note: field(form, 'note'),
          });
          return doneRedirect(c, vendorId!, 'periodic', `baa-${baaId}`);
        });
      },
    ),
  );
  app.post(
    '/console/vendors/:vendorId/baa-exemption',
    action(
      () => rolesOf('recordBaaExemption'),
      (c, s, form) => {
        const { vendorId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, 'exemption', async () => {
          await recordBaaExemption(c.var.deps, s.principal, vendorId!, {
            basis: field(form, 'basis'),
            reason: field(form, 'reason'),
            citation: field(form, 'citation'),
          });
          return doneRedirect(c, vendorId!, 'exempted', 'intake');
        });
      },
    ),
  );
  app.post(
    '/console/vendors/:vendorId/baa-exemption/revocation',
    action(
      () => rolesOf('revokeBaaExemption'),
      (c, s, form) => {
        const { vendorId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, 'revoke-exemption', async () => {
          await revokeBaaExemption(c.var.deps, s.principal, vendorId!, { reason: field(form, 'reason') });
          return doneRedirect(c, vendorId!, 'exemption_revoked', 'intake');
        });
      },
    ),
  );
  app.post(
    `${baaPath}/changes`,
    action(
      () => rolesOf('decideBaa'),
      (c, s, form) => {
        const { vendorId, baaId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, `changes:${baaId}`, async () => {
          await decideBaa(c.var.deps, s.principal, vendorId!, baaId!, {
            action: 'request_changes',
            note: field(form, 'note'),
          });
          return doneRedirect(c, vendorId!, 'changes', `baa-${baaId}`);
        });
      },
    ),
  );
  // 5. The BAA register.
  app.get(
    '/console/baas',
    view(
      () => rolesOf('listBaas'),
      async (c, s) => {
        const deps = c.var.deps;
        const status = oneOf<BaaStatus>(BAA_REGISTER_STATUSES, c.req.query('status'));
        const cursor = decodeCursor(c.req.query('cursor') || undefined);
        const page = await deps.baas.list({ ...(status ? { status } : {}), limit: PAGE_SIZE, cursor });
        return send(
          c,
          baasPage({
            organisation: deps.config.organisation,
            viewer: s.viewer,
            now: deps.clock.now().toISOString(),
            ...(status ? { status } : {}),
            baas: page.items,
            nextCursor: encodeCursor(page.cursor),
            isFirstPage: !cursor,
          }),
        );
      },
    ),
  );
}
