/**
 * The register exports (CSV or JSON), streamed a page at a time: GET /reports/{dataset}.
 */
import type { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import { logger } from '../../logger.ts';
import { openReport, REPORT_COLUMNS, ReportDataset, ReportFormat } from '../../use-cases/audit-trail.ts';
import type { AppEnv } from '../context.ts';
import { mount, STAFF } from '../operations.ts';

const columnsDoc = (Object.keys(REPORT_COLUMNS) as ReportDataset[])
  .map(
    (d) =>
      `${d}: ${REPORT_COLUMNS[d]
        .filter((c) => !c.human)
        .map((c) => c.name)
        .join(', ')}`,
  )
  .join('. ');

export function reportExportsApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'exportReport',
      method: 'get',
      path: '/reports/{dataset}',
      summary: `Export a register as CSV (attachment) or JSON, streamed. Datasets and machine columns: ${columnsDoc}. The CSV also carries, after each status, tier, decision, time and actor column, the same value in words under a header in words ("Risk tier", "Decided on": March 4, 2026, 14:05 UTC).`,
      tag: 'Reports',
      auth: 'staff',
      roles: STAFF,
      query: { format: 'csv or json (default json)' },
      responses: {
        200: {
          description:
            "CSV (RFC 4180, formula-like cells prefixed with ') or JSON `{ dataset, generatedAt, columns, items }`",
        },
        404: { description: 'No such dataset' },
      },
    },
    async (c) => {
      const dataset = ReportDataset.safeParse(c.req.param('dataset'));
      if (!dataset.success) {
        throw new AppError(
          'not_found',
          `No report ${c.req.param('dataset')}; one of: ${ReportDataset.options.join(', ')}`,
          404,
        );
      }
      const format = ReportFormat.safeParse(c.req.query('format') ?? 'json');
      if (!format.success) throw new AppError('invalid_request', 'format must be csv or json', 400);
      const report = await openReport(c.var.deps, dataset.data, format.data);
      c.header('content-type', report.contentType);
      c.header('cache-control', 'no-store');
      if (report.format === 'csv')
        c.header('content-disposition', `attachment; filename="${report.fileName}"`);
      return c.body(toByteStream(report.chunks, report.dataset));
    },
  );
}

/** Pulls one chunk per read; a failure after the first byte can only abort the download (logged). */
function toByteStream(chunks: AsyncGenerator<string>, dataset: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        logger.error('Report export failed while streaming', {
          dataset,
          errorName: error instanceof Error ? error.name : typeof error,
        });
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
