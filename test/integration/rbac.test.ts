/**
 * Role-based access on every staff endpoint. The expected roles are written out below, one row per
 * endpoint, as policy (who does what in a vendor-risk program), NOT read from the operation
 * registry the server enforces: widening or narrowing an endpoint's roles in the code fails this
 * test until the table here is changed on purpose. The registry is used only to prove the table
 * covers every staff endpoint (a new endpoint fails the test until it gets a row).
 *
 * Allowed roles get past authorization and never a 5xx (200, 400, 404, 409…); the others get 403
 * `forbidden`; no token gets 401.
 */
import { describe, expect, it } from 'vitest';
import { operations } from '#shared/http/operations.ts';
import type { Role } from '#shared/schemas/core.ts';
import { useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const ROLES: Role[] = ['procurement', 'compliance', 'admin'];
const P = 'procurement';
const C = 'compliance';
const A = 'admin';
const ALL: readonly Role[] = [P, C, A];

/**
 * Policy: procurement runs vendor intake and assessments; compliance owns findings, risk decisions,
 * reviews and BAAs; both may approve a vendor; everyone on staff may read; admin administers (it
 * may do everything except the risk decisions in COMPLIANCE_ONLY); only admin deletes a BAA record.
 */
const EXPECTED: Record<string, readonly Role[]> = {
  'POST /vendors': [P, A],
  'GET /vendors': ALL,
  'GET /vendors/{vendorId}': ALL,
  'PUT /vendors/{vendorId}/intake': [P, C, A],
  'POST /vendors/{vendorId}/assessments': [P, A],
  'POST /assessments/{assessmentId}/invitation': [P, A],
  'GET /assessments/{assessmentId}': ALL,
  'POST /assessments/{assessmentId}/review': [C, A],
  'POST /assessments/{assessmentId}/findings/{findingId}/verification': [C, A],
  'POST /assessments/{assessmentId}/findings/{findingId}/extension': [C, A],
  'POST /assessments/{assessmentId}/findings/{findingId}/acceptance': [C],
  'POST /ratings/recompute': [C],
  'GET /assessments/{assessmentId}/review': ALL,
  'GET /assessments/{assessmentId}/evidence/{fileId}': ALL,
  'POST /assessments/{assessmentId}/clarifications': [C, A],
  'GET /assessments/{assessmentId}/clarifications': ALL,
  'PUT /assessments/{assessmentId}/questions/{questionId}/verdict': [C, A],
  'POST /assessments/{assessmentId}/rescore': [C, A],
  'POST /vendors/{vendorId}/baa-exemption': [C],
  'POST /vendors/{vendorId}/baa-exemption/revocation': [C],
  'POST /vendors/{vendorId}/offshore-review': [C],
  'POST /vendors/{vendorId}/baas/{baaId}/return-or-destroy/infeasible': [C],
  'POST /vendors/{vendorId}/baas/{baaId}/periodic-review': [C, A],
  'GET /baas': ALL,
  'GET /vendors/{vendorId}/baas': ALL,
  'POST /vendors/{vendorId}/baas': [P, C, A],
  'GET /vendors/{vendorId}/baas/{baaId}': ALL,
  'POST /vendors/{vendorId}/baas/{baaId}/uploads': [C, A],
  'POST /vendors/{vendorId}/baas/{baaId}/documents': [C, A],
  'GET /vendors/{vendorId}/baas/{baaId}/documents/{version}': ALL,
  'POST /vendors/{vendorId}/baas/{baaId}/review': [C, A],
  'POST /vendors/{vendorId}/baas/{baaId}/decision': [C, A],
  'POST /vendors/{vendorId}/baas/{baaId}/termination': [C, A],
  'POST /vendors/{vendorId}/baas/{baaId}/renewal': [C, A],
  'DELETE /vendors/{vendorId}/baas/{baaId}': [A],
  'POST /vendors/{vendorId}/decision': [P, C, A],
  'GET /vendors/{vendorId}/gates': ALL,
  'GET /vendors/{vendorId}/audit': ALL,
  'GET /vendors/{vendorId}/audit/verify': ALL,
  'GET /vendors/{vendorId}/audit-packet': ALL,
  'GET /reports/{dataset}': ALL,
  // Vendor incidents: anyone on staff may log a vendor's call and read the register; compliance
  // (with the privacy officer's mailbox) runs the assessment, the notices and the clocks.
  'POST /vendors/{vendorId}/incidents': ALL,
  'GET /vendors/{vendorId}/incidents': ALL,
  'GET /incidents': ALL,
  'GET /incidents/{incidentId}': ALL,
  'POST /incidents/{incidentId}/assessment': [C, A],
  'POST /incidents/{incidentId}/countersignature': [C, A],
  'POST /incidents/{incidentId}/law-enforcement-delay': [C, A],
  'POST /incidents/{incidentId}/information-request': [C, A],
  'POST /incidents/{incidentId}/agency': [C, A],
  'POST /incidents/{incidentId}/notices/{deadlineId}': [C, A],
  'POST /incidents/{incidentId}/evidence-uploads': [C, A],
  'GET /vendors/{vendorId}/incident-link': ALL,
  'POST /vendors/{vendorId}/incident-link/rotation': ALL,
  'GET /reports/incidents': ALL,
  'GET /reports/hhs-breach-log': ALL,
  // Assurance (docs/assurance.md); confirming, deciding and raising findings are compliance's alone.
  'GET /vendors/{vendorId}/assurance': ALL,
  'POST /vendors/{vendorId}/assurance/uploads': ALL,
  'POST /vendors/{vendorId}/assurance': ALL,
  'POST /vendors/{vendorId}/assurance/{documentId}/confirmation': [C],
  'POST /vendors/{vendorId}/assurance/{documentId}/findings': [C, A],
  'GET /vendors/{vendorId}/assurance/{documentId}/versions/{version}': ALL,
  'POST /vendors/{vendorId}/verifications': [P, C, A],
  'GET /vendors/{vendorId}/verifications': ALL,
  'GET /vendors/{vendorId}/verifications/{verificationId}/analysis/{submission}': ALL,
  'POST /vendors/{vendorId}/verifications/{verificationId}/decision': [C, A],
  'GET /trust-matrix': ALL,
};

/**
 * Policy: risk decisions admin may not take (compliance decides risk; admin administers the
 * product). The route lets admin through and the use case refuses it with
 * `compliance_only` before reading anything; an empty body fails validation first (400).
 */
const COMPLIANCE_ONLY = new Set([
  'POST /assessments/{assessmentId}/findings/{findingId}/acceptance',
  'POST /ratings/recompute',
  'POST /vendors/{vendorId}/baa-exemption',
  'POST /vendors/{vendorId}/baa-exemption/revocation',
  'POST /vendors/{vendorId}/offshore-review',
  'POST /vendors/{vendorId}/baas/{baaId}/return-or-destroy/infeasible',
  'POST /vendors/{vendorId}/assurance/{documentId}/confirmation',
]);

const fill = (path: string) =>
  path
    .replace('{vendorId}', 'v_rbac0000000000')
    .replace('{assessmentId}', 'a_rbac0000000000')
    .replace('{findingId}', 'f_q_rbac')
    .replace('{baaId}', 'main')
    .replace('{version}', '1')
    .replace('{dataset}', 'vendors')
    .replace(/\{\w+\}/g, 'x');

const staffOperations = () => operations().filter((o) => o.auth === 'staff');
const keyOf = (op: { method: string; path: string }) => `${op.method.toUpperCase()} ${op.path}`;

describe('role-based access on every staff endpoint', () => {
  it('has a row in the table above for every staff endpoint, and no row for an endpoint that does not exist', () => {
    const served = staffOperations().map(keyOf).sort();
    expect(served.length).toBeGreaterThan(20);
    expect(served, 'add the new endpoint to EXPECTED with the roles policy allows').toEqual(
      Object.keys(EXPECTED).sort(),
    );
  });

  it('refuses every staff endpoint without a token (401)', async () => {
    for (const op of staffOperations()) {
      const res = await rt.api(op.method.toUpperCase(), fill(op.path), { body: op.body ? {} : undefined });
      expect(res.status, keyOf(op)).toBe(401);
    }
  });

  it('lets exactly the roles in the table through, with no 5xx; the others get 403', async () => {
    let checked = 0;
    for (const op of staffOperations()) {
      const allowed = EXPECTED[keyOf(op)];
      expect(allowed, `${keyOf(op)} has no row in EXPECTED`).toBeDefined();
      for (const role of ROLES) {
        const res = await rt.api(op.method.toUpperCase(), fill(op.path), {
          role,
          body: op.body ? {} : undefined,
        });
        const label = `${keyOf(op)} as ${role} → ${res.status}`;
        if (role === 'admin' && COMPLIANCE_ONLY.has(keyOf(op))) {
          expect([400, 403], label).toContain(res.status);
          if (res.status === 403) expect(res.json.error.code, label).toBe('compliance_only');
        } else if (allowed!.includes(role)) {
          expect([401, 403], label).not.toContain(res.status);
          expect(res.status, label).toBeLessThan(500);
        } else {
          expect(res.status, label).toBe(403);
          // An admin passes every route; risk decisions then refuse it in the use case (actor.ts).
          expect(res.json.error.code, label).toBe(
            role === 'admin' && res.json.error.code === 'compliance_only' ? 'compliance_only' : 'forbidden',
          );
        }
        checked++;
      }
    }
    expect(checked).toBe(Object.keys(EXPECTED).length * ROLES.length);
  });

  it('never lets a vendor link token act as a staff credential', async () => {
    const res = await rt.api('GET', '/vendors', { token: 'x'.repeat(43) });
    expect(res.status).toBe(401);
  });
});
