/**
 * Role-based access, every staff endpoint against every role, generated from the operation
 * registry that also produces /openapi.json (so a new endpoint is covered the day it is added).
 * Allowed roles get past authorization (whatever the outcome: 200, 400, 404, 409); others get 403;
 * no token gets 401. Admin may do everything except the risk decisions listed in COMPLIANCE_ONLY.
 */
import { describe, expect, it } from 'vitest';
import { operations } from '#shared/http/operations.ts';
import type { Role } from '#shared/schemas/core.ts';
import { useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const ROLES: Role[] = ['procurement', 'compliance', 'admin'];
/**
 * Risk decisions an admin may not take (it administers; it does not decide risk): the route lets
 * admin through and the use case refuses it with `compliance_only`, before reading anything.
 */
const COMPLIANCE_ONLY = new Set([
  'recomputeRatings',
  'recordBaaExemption',
  'acceptRisk',
  'recordReturnInfeasible',
]);
const STAFF: readonly Role[] = ['procurement', 'compliance', 'admin'];
const fill = (path: string) =>
  path
    .replace('{vendorId}', 'v_rbac0000000000')
    .replace('{assessmentId}', 'a_rbac0000000000')
    .replace('{findingId}', 'f_q_rbac')
    .replace('{baaId}', 'main')
    .replace('{version}', '1')
    .replace('{dataset}', 'vendors')
    .replace(/\{\w+\}/g, 'x');

describe('role-based access on every staff endpoint', () => {
  it('covers a meaningful number of staff endpoints', () => {
    expect(operations().filter((op) => op.auth === 'staff').length).toBeGreaterThan(20);
  });

  it('refuses every staff endpoint without a token (401)', async () => {
    for (const op of operations().filter((o) => o.auth === 'staff')) {
      const res = await rt.api(op.method.toUpperCase(), fill(op.path), { body: op.body ? {} : undefined });
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
    }
  });

  it('lets exactly the allowed roles through (admin always)', async () => {
    const rows: string[] = [];
    for (const op of operations().filter((o) => o.auth === 'staff')) {
      const allowed = op.roles ?? STAFF;
      for (const role of ROLES) {
        const res = await rt.api(op.method.toUpperCase(), fill(op.path), {
          role,
          body: op.body ? {} : undefined,
        });
        const mayPass = role === 'admin' || allowed.includes(role);
        rows.push(`${op.id} ${role} → ${res.status}`);
        if (role === 'admin' && COMPLIANCE_ONLY.has(op.id)) {
          // An empty body fails validation first (400); a valid one gets compliance_only (403),
          // asserted with real bodies in ratings.test.ts and baa-end-of-life.test.ts.
          expect([400, 403], `${op.method} ${op.path} as admin`).toContain(res.status);
          if (res.status === 403) expect(res.json.error.code).toBe('compliance_only');
        } else if (mayPass)
          expect([401, 403], `${op.method} ${op.path} as ${role}`).not.toContain(res.status);
        else {
          expect(res.status, `${op.method} ${op.path} as ${role}`).toBe(403);
          expect(res.json.error.code).toBe('forbidden');
        }
      }
    }
    expect(rows.length).toBeGreaterThan(60);
  });

  it('never lets a vendor link token act as a staff credential', async () => {
    const res = await rt.api('GET', '/vendors', { token: 'x'.repeat(43) });
    expect(res.status).toBe(401);
  });
});
