/**
 * A vendor's audit trail (events in sequence order) and the verification of its hash chain.
 */
import type { Hono } from 'hono';
import { AuditAnchor, AuditEvent, ChainVerification } from '../../schemas/audit.ts';
import * as z from '../../schemas/zod.ts';
import { vendorAuditTrail, verifyVendorTrail } from '../../use-cases/audit-trail.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';

const Verification = z.extend(ChainVerification, { anchor: z.nullable(AuditAnchor) });
const AuditTrailResponse = z.object({
  vendorId: z.string(),
  events: z.array(AuditEvent),
  verification: Verification,
});

export function auditTrailApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'vendorAuditTrail',
      method: 'get',
      path: '/vendors/{vendorId}/audit',
      summary: "A vendor's audit events in sequence order, with the hash chain's verification",
      tag: 'Audit',
      auth: 'staff',
      responses: { 200: { description: 'Events and verification', schema: AuditTrailResponse } },
    },
    async (c) => {
      const { vendor, events, verification } = await vendorAuditTrail(c.var.deps, c.req.param('vendorId')!);
      c.header('cache-control', 'no-store');
      return c.json({ vendorId: vendor.id, events, verification });
    },
  );

  mount(
    app,
    {
      id: 'verifyVendorAuditTrail',
      method: 'get',
      path: '/vendors/{vendorId}/audit/verify',
      summary:
        "Verify a vendor's hash chain against its recorded head; each problem names the event (seq) and its kind: altered, missing, reordered, broken_link, foreign_vendor",
      tag: 'Audit',
      auth: 'staff',
      responses: {
        200: {
          description: 'The verification (ok is false when any problem was found)',
          schema: Verification,
        },
      },
    },
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await verifyVendorTrail(c.var.deps, c.req.param('vendorId')!));
    },
  );
}
