/** The offshore data review: compliance accepts (or not) where a PHI vendor keeps our data. */
import type { Hono } from 'hono';
import { OffshoreReviewRequest } from '../../schemas/vendor.ts';
import { recordOffshoreReview } from '../../use-cases/offshore-review.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';

export function offshoreReviewApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'recordOffshoreReview',
      method: 'post',
      path: '/vendors/{vendorId}/offshore-review',
      summary:
        'Record the offshore data review (compliance only, policy): whether keeping or reaching our data outside the United States is accepted, with the reason. Clears the "offshore data reviewed" approval gate until the data location changes',
      tag: 'Vendors',
      auth: 'staff',
      roles: ['compliance'],
      body: OffshoreReviewRequest,
      responses: {
        200: { description: 'The vendor, with its offshore review' },
        403: { description: 'Not compliance (an admin gets compliance_only)' },
        409: { description: 'The data location is not recorded on the intake' },
      },
    },
    async (c, body) =>
      c.json(await recordOffshoreReview(c.var.deps, c.var.principal, c.req.param('vendorId')!, body)),
  );
}
