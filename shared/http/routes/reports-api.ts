/**
 * Audit and reporting, mounted together: a vendor's audit trail and its chain verification
 * (audit-trail-api.ts), the register exports (report-exports-api.ts) and the printable audit packet
 * (audit-packet-api.ts).
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { auditPacketApiRoutes } from './audit-packet-api.ts';
import { auditTrailApiRoutes } from './audit-trail-api.ts';
import { reportExportsApiRoutes } from './report-exports-api.ts';

export function reportsApiRoutes(app: Hono<AppEnv>) {
  auditTrailApiRoutes(app);
  reportExportsApiRoutes(app);
  auditPacketApiRoutes(app);
}
