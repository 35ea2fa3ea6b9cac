/**
 * BAA end of life, periodic checks and documented exemptions: compliance records infeasible return or destruction and the
 * periodic review of a BAA without an expiry; the vendor attests return or destruction through its
 * BAA link. Termination and renewal themselves are in baa-api.ts.
 */
import type { Hono } from 'hono';
import {
  BaaPeriodicReviewRequest,
  ReturnInfeasibleRequest,
  ReturnOrDestroyAttestation,
} from '../../schemas/baa-record.ts';
import { BaaExemptionRequest, BaaExemptionRevocation } from '../../schemas/vendor.ts';
import {
  attestReturnOrDestroy,
  MAIN_BAA,
  recordPeriodicReview,
  recordReturnInfeasible,
} from '../../use-cases/baa.ts';
import { recordBaaExemption, revokeBaaExemption } from '../../use-cases/baa-exemption.ts';
import { openBaaPortal } from '../../use-cases/portal-access.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';
import { baaView } from './baa-api.ts';

const base = '/vendors/{vendorId}/baas/{baaId}';
const ids = (c: { req: { param(name: string): string | undefined } }) =>
  [c.req.param('vendorId')!, c.req.param('baaId')!] as const;

export function baaEndOfLifeApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'recordReturnInfeasible',
      method: 'post',
      path: `${base}/return-or-destroy/infeasible`,
      summary:
        'After termination: record why returning or destroying the PHI is infeasible (the protections continue)',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      body: ReturnInfeasibleRequest,
      responses: {
        200: { description: 'The BAA, its return-or-destroy task closed' },
        409: { description: 'No return or destruction is pending' },
      },
    },
    async (c, body) =>
      c.json(baaView(await recordReturnInfeasible(c.var.deps, c.var.principal, ...ids(c), body))),
  );

  mount(
    app,
    {
      id: 'recordBaaPeriodicReview',
      method: 'post',
      path: `${base}/periodic-review`,
      summary: 'Record the periodic review of a signed BAA without an expiry; schedules the next one',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      body: BaaPeriodicReviewRequest,
      responses: {
        200: { description: 'The BAA with its next review date' },
        409: { description: 'The BAA has an expiry (it is renewed, not reviewed)' },
      },
    },
    async (c, body) =>
      c.json(baaView(await recordPeriodicReview(c.var.deps, c.var.principal, ...ids(c), body))),
  );

  mount(
    app,
    {
      id: 'portalBaaReturnOrDestroy',
      method: 'post',
      path: '/portal/{token}/baa/return-or-destroy',
      summary: 'After termination: attest that our PHI was returned or destroyed (certificate optional)',
      tag: 'Vendor portal',
      auth: 'link',
      body: ReturnOrDestroyAttestation,
      responses: {
        200: { description: 'Recorded' },
        409: { description: 'No return or destruction is pending' },
      },
    },
    async (c, body) => {
      const deps = c.var.deps;
      const session = await openBaaPortal(deps, c.req.param('token')!);
      const baa = await attestReturnOrDestroy(deps, session.actor, session.vendor.id, MAIN_BAA, body);
      return c.json({ status: baa.status, returnOrDestroy: baa.returnOrDestroy });
    },
  );
}

export function baaExemptionApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'recordBaaExemption',
      method: 'post',
      path: '/vendors/{vendorId}/baa-exemption',
      summary:
        'Record a documented BAA exemption at intake (compliance only): basis, reason and the citation relied on',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      body: BaaExemptionRequest,
      responses: {
        200: { description: 'The vendor, BAA no longer required' },
        409: { description: 'Not a PHI vendor, already exempted, or a BAA is already being negotiated' },
      },
    },
    async (c, body) =>
      c.json(await recordBaaExemption(c.var.deps, c.var.principal, c.req.param('vendorId')!, body)),
  );
  mount(
    app,
    {
      id: 'revokeBaaExemption',
      method: 'post',
      path: '/vendors/{vendorId}/baa-exemption/revocation',
      summary:
        'Revoke a documented BAA exemption (compliance only): the vendor needs a BAA again and the request is emailed',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      body: BaaExemptionRevocation,
      responses: {
        200: { description: 'The vendor, BAA required again (requested when the vendor handles PHI)' },
        409: { description: 'The vendor has no exemption to revoke' },
      },
    },
    async (c, body) =>
      c.json(await revokeBaaExemption(c.var.deps, c.var.principal, c.req.param('vendorId')!, body)),
  );
}
