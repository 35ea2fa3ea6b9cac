/** The pipeline board: one query per stage column. */
import type { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { encodeCursor } from '../../cursor.ts';
import { boardPage } from '../../pages/console/board-page.ts';
import { STAGES } from '../../pages/console/components.ts';
import { allowed, PAGE_SIZE, rolesOf, send, view } from './guard.ts';

export function boardRoutes(app: Hono<AppEnv>) {
  app.get(
    '/console',
    view(
      () => rolesOf('listVendors'),
      async (c, s) => {
        const deps = c.var.deps;
        const columns = await Promise.all(
          STAGES.map(async (stage) => {
            const page = await deps.vendors.listByStage(stage, { limit: PAGE_SIZE });
            return { stage, vendors: page.items, moreCursor: encodeCursor(page.cursor) };
          }),
        );
        return send(
          c,
          boardPage({
            organisation: deps.config.organisation,
            viewer: s.viewer,
            columns,
            canRegister: allowed(s.principal.role, rolesOf('registerVendor')),
          }),
        );
      },
    ),
  );
}
