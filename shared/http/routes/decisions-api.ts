/** Procurement decisions and the gates that guard them. */
import type { Hono } from 'hono';
import { DecisionRequest, evaluateGates } from '../../domain/approval-gates.ts';
import { Vendor } from '../../schemas/vendor.ts';
import { decideVendor, gateInputFor } from '../../use-cases/decide-vendor.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';

export function decisionsApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'decideVendor',
      method: 'post',
      path: '/vendors/{vendorId}/decision',
      summary:
        'Approve, approve with conditions, or reject. Gated: signed BAA (PHI), no open critical finding unless accepted, a reviewed and current assessment. Compliance may override a gate with `override.reason` (not the BAA gate).',
      tag: 'Decisions',
      auth: 'staff',
      roles: ['procurement', 'compliance'],
      body: DecisionRequest,
      responses: {
        200: { description: 'The decided vendor', schema: Vendor },
        400: {
          description:
            '`invalid_request`: the request is incomplete, e.g. a rejection without a `reason` (details name the field)',
        },
        409: { description: '`gate_failed`: details.failed lists each gate and why' },
      },
    },
    async (c, body) =>
      c.json(await decideVendor(c.var.deps, c.var.principal, c.req.param('vendorId')!, body)),
  );

  mount(
    app,
    {
      id: 'vendorGates',
      method: 'get',
      path: '/vendors/{vendorId}/gates',
      summary: 'What an approval would need right now: each gate and whether it passes',
      tag: 'Decisions',
      auth: 'staff',
      responses: { 200: { description: 'Gate results for approve and approve_with_conditions' } },
    },
    async (c) => {
      const { input } = await gateInputFor(c.var.deps, c.req.param('vendorId')!);
      return c.json({
        approve: evaluateGates(input, { decision: 'approve' }),
        approve_with_conditions: evaluateGates(input, {
          decision: 'approve_with_conditions',
          conditions: ['(conditions)'],
        }),
      });
    },
  );
}
