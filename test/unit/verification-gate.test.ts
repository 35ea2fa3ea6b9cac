/**
 * The "annual verification current" gate (proposed rule, policy on by default; docs/assurance.md):
 * PHI vendors only, due means due, overridable by compliance with a reason (unlike the BAA).
 */
import { describe, expect, it } from 'vitest';
import {
  applyOverride,
  DEFAULT_REASSESSMENT_POLICY,
  evaluateGates,
  type GateInput,
} from '#shared/domain/approval-gates.ts';
import { AppError } from '#shared/errors.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const base: GateInput = {
  vendor: { handlesPhi: true, tier: 'high' },
  assessment: {
    status: 'reviewed',
    submittedAt: '2026-01-10T09:00:00.000Z',
    reviewedAt: '2026-01-20T09:00:00.000Z',
  },
  findings: [],
  baa: { status: 'signed', expiresAt: '2028-01-01T00:00:00.000Z' },
  now: NOW,
  policy: DEFAULT_REASSESSMENT_POLICY,
};
const failedGates = (input: Partial<GateInput>) =>
  evaluateGates({ ...base, ...input }, { decision: 'approve' }).failed.map((f) => f.gate);

describe('the annual verification gate', () => {
  it.each([
    ['required, none on file', { required: true, currentUntil: null }, true, ['verification_current']],
    [
      'required, current until tomorrow',
      { required: true, currentUntil: '2026-06-02T12:00:00.000Z' },
      true,
      [],
    ],
    [
      'required, lapsed at this instant',
      { required: true, currentUntil: '2026-06-01T12:00:00.000Z' },
      true,
      ['verification_current'],
    ],
    [
      'required, lapsed a month ago',
      { required: true, currentUntil: '2026-05-01T00:00:00.000Z' },
      true,
      ['verification_current'],
    ],
    ['policy off', { required: false, currentUntil: null }, true, []],
    ['no PHI', { required: true, currentUntil: null }, false, []],
  ] as const)('%s', (_name, verification, handlesPhi, expected) => {
    expect(failedGates({ verification, vendor: { handlesPhi, tier: 'high' } })).toEqual(expected);
  });

  it('says when it lapsed, in words', () => {
    const result = evaluateGates(
      { ...base, verification: { required: true, currentUntil: '2026-05-01T00:00:00.000Z' } },
      { decision: 'approve' },
    );
    expect(result.failed[0]!.message).toContain('lapsed on 2026-05-01');
    expect(result.failed[0]!.message).toContain('proposed rule');
  });

  it('compliance can override it with a reason; procurement cannot', () => {
    const request = { decision: 'approve' as const, override: { reason: 'Verification in legal review' } };
    const result = evaluateGates({ ...base, verification: { required: true, currentUntil: null } }, request);
    const byCompliance = applyOverride(result, request, 'compliance');
    expect(byCompliance).not.toBeInstanceOf(AppError);
    expect(byCompliance).toMatchObject({ allowed: true, overridden: [{ gate: 'verification_current' }] });
    const byProcurement = applyOverride(result, request, 'procurement');
    expect(byProcurement).toBeInstanceOf(AppError);
  });
});
