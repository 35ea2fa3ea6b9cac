/**
 * Ratings that follow the findings, through the API and the review workflow: a knock-out answer on a
 * moderate-tier PHI vendor is rated high (not low) with reasons; a verified fix lowers the rating
 * again with an audit event; the audited recompute is compliance-only and idempotent.
 */
import { describe, expect, it } from 'vitest';
import { compliantAnswers } from '../support/answers.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
/** Full MFA coverage: the compliant helper picks one area only, which is itself a (high) finding. */
const ALL_MFA = ['remote_access', 'privileged', 'email', 'ephi_apps'];
const MODERATE_PHI = {
  handlesPhi: true,
  medicalDevice: false,
  systemAccess: 'none',
  recordVolume: 'under_500',
};

async function reviewed(name: string, email: string, overrides: Record<string, unknown>) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail: email, intake: MODERATE_PHI }),
  });
  expect(vendor.json.tier).toBe('moderate');
  const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  const invitation = await rt.waitForEmail(
    (e) => e.destination.to.includes(email) && e.subject.startsWith('Security questionnaire'),
  );
  await rt.runner.idle();
  const token = portalToken(invitation);
  const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
  const submitted = await rt.api('POST', `/portal/${token}/submit`, {
    body: { answers: compliantAnswers(view, { 'access-mfa': ALL_MFA, ...overrides }) },
  });
  expect(submitted.status).toBe(202);
  await rt.runner.idle();
  const assessment = await rt.api('GET', `/assessments/${started.json.id}`, { role: 'procurement' });
  return { vendorId: vendor.json.id as string, assessment: assessment.json };
}

describe('ratings that follow the findings', () => {
  it('a knock-out answer is rated high, proposed for review, and says why', async () => {
    const { assessment } = await reviewed('Cipher Less', 'cipher@vendor.example', { 'enc-at-rest': 'no' });
    expect(assessment.score).toBeGreaterThanOrEqual(80);
    expect(assessment.rating).toBe('high');
    expect(assessment.outcome).toBe('needs_review');
    expect(assessment.knockOuts).toEqual([expect.objectContaining({ questionId: 'enc-at-rest' })]);
    expect(assessment.outcomeReasons[0]).toMatch(
      /^Knock-out answer \(needs review\): ePHI is not encrypted at rest/,
    );
    expect(assessment.ratingReasons).toEqual([
      `A moderate-tier vendor scoring ${assessment.score} rates low by its score.`,
      '1 unresolved critical finding sets a floor of high.',
    ]);
  });

  it('refusing the BAA is a rejection rated high', async () => {
    const { assessment } = await reviewed('No Paper', 'nopaper@vendor.example', { 'baa-will-sign': 'no' });
    expect(assessment.rating).toBe('high');
    expect(assessment.outcome).toBe('reject');
  });

  it('a verified fix recomputes the rating, audited', async () => {
    const { vendorId, assessment } = await reviewed('Fixed Later', 'fixed@vendor.example', {
      'enc-at-rest': 'no',
    });
    expect(assessment.rating).toBe('high');
    const finding = assessment.findings.find((f: { questionId: string }) => f.questionId === 'enc-at-rest');
    expect(finding.severity).toBe('critical');
    const verified = await rt.api(
      'POST',
      `/assessments/${assessment.id}/findings/${finding.id}/verification`,
      { role: 'compliance', body: { verdict: 'verified', note: 'Encryption settings checked.' } },
    );
    expect(verified.status).toBe(200);
    const after = await rt.api('GET', `/assessments/${assessment.id}`, { role: 'procurement' });
    expect(after.json.rating).toBe('low');
    const trail = await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' });
    const events = trail.json.events as { action: string; summary: string }[];
    expect(events.some((e) => e.action === 'assessment.rating_changed' && /high → low/.test(e.summary))).toBe(
      true,
    );
  });

  it('the recompute is compliance-only, reports a dry run and changes nothing already current', async () => {
    expect((await rt.api('POST', '/ratings/recompute', { role: 'admin' })).status).toBe(403);
    expect((await rt.api('POST', '/ratings/recompute?dryRun=maybe', { role: 'compliance' })).status).toBe(
      400,
    );
    const dry = await rt.api('POST', '/ratings/recompute?dryRun=true', { role: 'compliance' });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, changed: 0 });
    expect(dry.json.examined).toBeGreaterThanOrEqual(3);
  });

  it('re-rates an assessment reviewed under the earlier rules, audited, once', async () => {
    const { vendorId, assessment } = await reviewed('Old Rules', 'oldrules@vendor.example', {
      'gov-risk-analysis': 'no',
    });
    // What the earlier rules stored: a high finding, a "low" rating, a conditional approval proposed.
    const deps = rt.deps;
    const stored = (await deps.findings.listByAssessment(assessment.id)).find(
      (f) => f.questionId === 'gov-risk-analysis',
    )!;
    await deps.findings.save({ ...stored, severity: 'high' });
    const current = (await deps.assessments.get(assessment.id))!;
    await deps.assessments.save({
      ...current,
      rating: 'low',
      ratingReasons: undefined,
      knockOuts: undefined,
      outcome: 'approve_with_conditions',
      outcomeReasons: ['The review raised 1 finding (1 high); each must be remediated by its due date.'],
    });

    const dry = await rt.api('POST', '/ratings/recompute?dryRun=true', { role: 'compliance' });
    const planned = dry.json.changes.find((c: { assessmentId: string }) => c.assessmentId === assessment.id);
    expect(planned).toMatchObject({
      rating: { before: 'low', after: 'high' },
      outcome: { before: 'approve_with_conditions', after: 'needs_review' },
      severities: [{ findingId: stored.id, before: 'high', after: 'critical' }],
    });
    expect((await deps.assessments.get(assessment.id))!.rating).toBe('low'); // a dry run writes nothing

    const run = await rt.api('POST', '/ratings/recompute', { role: 'compliance' });
    expect(run.status).toBe(200);
    const after = await rt.api('GET', `/assessments/${assessment.id}`, { role: 'procurement' });
    expect(after.json).toMatchObject({ rating: 'high', outcome: 'needs_review' });
    expect(after.json.findings.find((f: { id: string }) => f.id === stored.id).severity).toBe('critical');
    const trail = await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' });
    const recomputed = (trail.json.events as { action: string; summary: string }[]).filter(
      (e) => e.action === 'assessment.recomputed',
    );
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0]!.summary).toMatch(/rating low → high/);

    const again = await rt.api('POST', '/ratings/recompute', { role: 'compliance' });
    expect(again.json.changes.some((c: { assessmentId: string }) => c.assessmentId === assessment.id)).toBe(
      false,
    );
  });

  it('risk acceptance: compliance only, within the policy maximum, and the risk keeps its weight', async () => {
    const { assessment } = await reviewed('Accept Within', 'within@vendor.example', { 'enc-at-rest': 'no' });
    const finding = assessment.findings.find((f: { questionId: string }) => f.questionId === 'enc-at-rest');
    expect(finding.severity).toBe('critical');
    const path = `/assessments/${assessment.id}/findings/${finding.id}/acceptance`;
    const now = Date.parse(assessment.reviewedAt);
    const days = (n: number) => new Date(now + n * 86_400_000).toISOString();
    const reason = 'Full-disk encryption rollout scheduled; compensating access controls in place.';

    const admin = await rt.api('POST', path, { role: 'admin', body: { until: days(30), reason } });
    expect(admin.status).toBe(403);
    expect(admin.json.error.code).toBe('compliance_only');
    const tooLong = await rt.api('POST', path, { role: 'compliance', body: { until: days(95), reason } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.code).toBe('acceptance_too_long');
    expect(tooLong.json.error.message).toMatch(/critical risk can be accepted for at most 90 days/);
    const accepted = await rt.api('POST', path, { role: 'compliance', body: { until: days(80), reason } });
    expect(accepted.status).toBe(200);
    const after = await rt.api('GET', `/assessments/${assessment.id}`, { role: 'procurement' });
    expect(after.json.rating).toBe('high');
  });
});
