/** Staff actions on findings: verify or reject a fix, extend, accept the risk (compliance). */
import type { Hono } from 'hono';
import { AcceptRiskRequest, ExtendFindingRequest, Finding, VerifyFixRequest } from '../../schemas/finding.ts';
import { acceptRisk, extendFinding, verifyFix } from '../../use-cases/finding-actions.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';

const actions = [
  {
    id: 'verifyFix',
    path: 'verification',
    body: VerifyFixRequest,
    run: verifyFix,
    summary: 'Verify (closes the finding) or reject a reported fix',
  },
  {
    id: 'extendFinding',
    path: 'extension',
    body: ExtendFindingRequest,
    run: extendFinding,
    summary: 'Grant an extension: a new due date with a reason; the ladder restarts for the new date',
  },
  {
    id: 'acceptRisk',
    path: 'acceptance',
    body: AcceptRiskRequest,
    run: acceptRisk,
    summary: 'Accept the risk until a date, with a reason; it comes back when the acceptance lapses',
  },
] as const;

export function findingsApiRoutes(app: Hono<AppEnv>) {
  for (const action of actions) {
    mount(
      app,
      {
        id: action.id,
        method: 'post',
        path: `/assessments/{assessmentId}/findings/{findingId}/${action.path}`,
        summary: action.summary,
        tag: 'Findings',
        auth: 'staff',
        roles: ['compliance'],
        body: action.body,
        responses: {
          200: { description: 'The updated finding', schema: Finding },
          409: { description: "Not allowed in the finding's status" },
        },
      },
      async (c, body) => {
        const finding = await action.run(
          c.var.deps,
          c.var.principal,
          c.req.param('assessmentId')!,
          c.req.param('findingId')!,
          body,
        );
        const { due: _due, dueShard: _shard, nextActionAt, ...view } = finding;
        return c.json({ ...view, nextActionAt: nextActionAt ?? null });
      },
    );
  }
}
