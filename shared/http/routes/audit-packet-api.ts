/**
 * The printable audit packet of one vendor (one self-contained HTML document an auditor can read on
 * its own: inline print styles, no script). The document itself is rendered by
 * pages/audit-packet/packet-page.ts.
 */
import type { Hono } from 'hono';
import { auditPacket } from '../../use-cases/audit-trail.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';
import { renderPacket } from '../pages/audit-packet/packet-page.ts';

export function auditPacketApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'vendorAuditPacket',
      method: 'get',
      path: '/vendors/{vendorId}/audit-packet',
      summary:
        'Printable audit packet (HTML): intake and tier, assessments with questions and answers, scoring, findings with history, BAAs with document hashes and clause review, decisions, the audit trail and its verification',
      tag: 'Audit',
      auth: 'staff',
      query: { download: '1 to download it as a file' },
      responses: { 200: { description: 'text/html' } },
    },
    async (c) => {
      const packet = await auditPacket(c.var.deps, c.req.param('vendorId')!);
      c.header('cache-control', 'no-store');
      if (c.req.query('download') === '1') {
        const fileName = `audit-packet-${slug(packet.vendor.name) || packet.vendor.id}-${packet.generatedAt.slice(0, 10)}.html`;
        c.header('content-disposition', `attachment; filename="${fileName}"`);
      }
      return c.html(renderPacket(packet, c.var.principal.id));
    },
  );
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
