/** GET /console/trust: the trust matrix (a page of vendors, sortable; the export holds them all). */
import type { Hono } from 'hono';
import { MATRIX_SORTS, type MatrixSort, sortRows, trustMatrixPage } from '../../../use-cases/trust-matrix.ts';
import type { AppEnv } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import { trustPage } from '../../pages/console/trust-page.ts';
import { oneOf } from './forms.ts';
import { PAGE_SIZE, rolesOf, send, view } from './guard.ts';

export function trustRoutes(app: Hono<AppEnv>) {
  app.get(
    '/console/trust',
    view(
      () => rolesOf('trustMatrix'),
      async (c, s) => {
        const deps = c.var.deps;
        const sort = oneOf<MatrixSort>(MATRIX_SORTS, c.req.query('sort')) ?? 'name';
        const descending = c.req.query('dir') === 'desc';
        const rawCursor = c.req.query('cursor') || undefined;
        const page = await trustMatrixPage(deps, { limit: PAGE_SIZE, cursor: decodeCursor(rawCursor) });
        return send(
          c,
          trustPage({
            organisation: deps.config.organisation,
            viewer: s.viewer,
            rows: sortRows(page.rows, sort, descending),
            sort,
            descending,
            ...(rawCursor ? { cursor: rawCursor } : {}),
            nextCursor: encodeCursor(page.cursor),
            isFirstPage: !rawCursor,
          }),
        );
      },
    ),
  );
}
