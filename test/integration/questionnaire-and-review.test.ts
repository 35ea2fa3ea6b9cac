/**
 * The vendor's side through the portal JSON API and the review workflow behind it: draft and resume,
 * validation, submit (idempotent; late submits refused), scoring, findings with due dates, the three
 * emails, reporting a fix and compliance verifying it.
 */
import { describe, expect, it } from 'vitest';
import { compliantAnswers } from '../support/answers.ts';
import { inviteToQuestionnaire } from '../support/invite.ts';
import { portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const invite = (name: string, contactEmail: string, intake?: Record<string, unknown>) =>
  inviteToQuestionnaire(rt, name, contactEmail, intake);

const questionnaire = async (token: string) => (await rt.api('GET', `/portal/${token}/questionnaire`)).json;

describe('answering the questionnaire', () => {
  it('saves a draft server-side and resumes it from another "device" (a fresh request)', async () => {
    const { token } = await invite('Draft Co', 'draft@vendor.example');
    const view = await questionnaire(token);
    expect(view.status).toBe('sent');
    expect(view.questions.length).toBe(62); // hipaa-vendor-security v2
    expect(view.questions.some((q: { domain: string }) => q.domain === 'medical_devices')).toBe(true);
    expect(view.visible).not.toContain('dev-sbom'); // not a device vendor

    const saved = await rt.api('PUT', `/portal/${token}/draft`, {
      body: { answers: { 'gov-risk-analysis': 'yes', 'enc-at-rest': 'partial' } },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ status: 'in_progress', answered: 2 });

    const resumed = await questionnaire(token);
    expect(resumed.answers).toEqual({ 'gov-risk-analysis': 'yes', 'enc-at-rest': 'partial' });
    // A GET never changes state.
    const again = await questionnaire(token);
    expect(again.answers).toEqual(resumed.answers);
  });

  it('a vendor without PHI never receives a PHI question, in the API or on the page', async () => {
    const { token } = await invite('No PHI Systems', 'nophi@vendor.example', {
      handlesPhi: false,
      medicalDevice: false,
      systemAccess: 'privileged',
      recordVolume: 'none',
    });
    const view = await questionnaire(token);
    const ids = view.questions.map((q: { id: string }) => q.id);
    for (const id of [
      'baa-will-sign',
      'baa-breach-window',
      'enc-at-rest',
      'log-audit-review',
      'access-emergency',
    ])
      expect(ids).not.toContain(id);
    expect(ids).toContain('enc-at-rest-data');
    for (const q of view.questions as { text: string }[]) expect(q.text).not.toMatch(/\bPHI\b|ePHI/);
    const page = await fetch(`${rt.appUrl}/portal/${token}`);
    const html = await page.text();
    expect(html).not.toContain('baa-will-sign');
    expect(html).toContain('enc-at-rest-data');
  });

  it.each([
    ['a wrong type', { 'gov-risk-analysis': 42 }, 'invalid_answers', 'gov-risk-analysis'],
    [
      'an option the question does not offer',
      { 'gov-risk-analysis': 'maybe' },
      'invalid_answers',
      'gov-risk-analysis',
    ],
    [
      'oversized text',
      { 'baa-uses-subcontractors': 'yes', 'baa-subcontractor-list': 'x'.repeat(20_000) },
      'invalid_answers',
      'baa-subcontractor-list',
    ],
  ])('refuses %s with a 400 naming the question', async (_name, answers, code, questionId) => {
    const { token } = await invite(
      `Bad Values ${questionId}${Math.random()}`,
      `bad${Math.random()}@vendor.example`,
    );
    const res = await rt.api('PUT', `/portal/${token}/draft`, { body: { answers } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(code);
    expect(res.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ questionId })]));
  });

  it('refuses unknown question ids on submit and incomplete answers with the missing questions listed', async () => {
    const { token } = await invite('Incomplete Co', 'incomplete@vendor.example');
    const unknown = await rt.api('POST', `/portal/${token}/submit`, {
      body: { answers: { 'no-such-question': 'yes' } },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json.error.details)).toContain('no-such-question');
    const incomplete = await rt.api('POST', `/portal/${token}/submit`, {
      body: { answers: { 'gov-risk-analysis': 'yes' } },
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.json.error.code).toBe('incomplete_answers');
    expect(incomplete.json.error.details.length).toBeGreaterThan(10);
    expect(incomplete.json.error.details[0]).toMatchObject({ code: 'required' });
  });

  it('refuses to submit evidence that was never uploaded', async () => {
    const { token, assessmentId } = await invite('Ghost Evidence', 'ghost@vendor.example');
    const view = await questionnaire(token);
    const answers = {
      ...compliantAnswers(view),
      'gov-independent-audit': 'yes',
      'gov-audit-report': [
        {
          key: `evidence/${assessmentId}/gov-audit-report/x/soc2.pdf`,
          name: 'soc2.pdf',
          size: 2048,
          contentType: 'application/pdf',
        },
      ],
    };
    const res = await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_evidence');
    expect(res.json.error.message).toContain('soc2.pdf');
    expect((await questionnaire(token)).status).not.toBe('submitted');
  });

  it('keeps script tags as inert text', async () => {
    const { token, assessmentId } = await invite('Script Co', 'script@vendor.example');
    const view = await questionnaire(token);
    const text = view.questions.find((q: { type: string }) => q.type === 'text');
    const answers = { ...compliantAnswers(view), [text.id]: '<script>alert(1)</script>' };
    const res = await rt.api('PUT', `/portal/${token}/draft`, { body: { answers } });
    expect(res.status).toBe(200);
    const staff = await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' });
    expect(staff.json.answers[text.id]).toBe('<script>alert(1)</script>'); // stored as data
    expect(staff.headers.get('content-type')).toContain('application/json');
  });
});

describe('submitting and the review workflow', () => {
  it('scores, derives findings with citations and due dates, and emails vendor, procurement and compliance', async () => {
    const { token, assessmentId, vendorId } = await invite('Gaps Health', 'gaps@vendor.example');
    const view = await questionnaire(token);
    // Critical gaps: no encryption at rest, no tested incident response plan.
    const answers = compliantAnswers(view, { 'enc-at-rest': 'no', 'ir-plan-tested': 'no' });
    const submitted = await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
    expect(submitted.status).toBe(202);
    expect(submitted.json).toMatchObject({ status: 'submitted', duplicate: false });
    await rt.runner.idle();

    const assessment = await rt.api('GET', `/assessments/${assessmentId}`, { role: 'procurement' });
    expect(assessment.json.status).toBe('reviewed');
    expect(assessment.json.score).toBeGreaterThan(0);
    expect(assessment.json.score).toBeLessThan(100);
    expect(assessment.json.domainScores.length).toBeGreaterThan(5);
    expect(['approve', 'approve_with_conditions', 'reject', 'needs_review']).toContain(
      assessment.json.outcome,
    );
    const findings = assessment.json.findings as {
      questionId: string;
      severity: string;
      dueAt: string;
      citation: string;
      status: string;
    }[];
    const encryption = findings.find((f) => f.questionId === 'enc-at-rest')!;
    expect(encryption).toMatchObject({ severity: 'critical', status: 'open' });
    expect(encryption.citation).toMatch(/164\.312/);
    // Critical: 15 days after submission by default.
    const days =
      (new Date(encryption.dueAt).getTime() - new Date(assessment.json.submittedAt).getTime()) / 86_400_000;
    expect(days).toBeCloseTo(15, 3);

    const plan = await rt.waitForEmail(
      (e) => e.destination.to.includes('gaps@vendor.example') && e.subject.includes('remediation plan'),
    );
    expect(plan.body.text).toContain('Critical: ');
    expect(plan.body.text).toMatch(/fix by/);
    expect(plan.body.text).toContain('/portal/');
    const summary = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes('procurement@example.org') &&
        e.subject.startsWith('Assessment reviewed: Gaps Health'),
    );
    expect(summary.body.text).toContain('Findings');
    const escalation = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes('compliance@example.org') &&
        e.subject.includes('critical finding') &&
        e.subject.includes('Gaps Health'),
    );
    expect(escalation.body.text).toContain('164.312');

    const vendor = await rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' });
    expect(vendor.json.stage).toBe('in_remediation');
  });

  it('treats a second identical submit as a no-op and refuses a different one with 409', async () => {
    const { token, assessmentId } = await invite('Twice Submit', 'twice@vendor.example');
    const answers = compliantAnswers(await questionnaire(token));
    expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
    const again = await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
    expect(again.status).toBe(202);
    expect(again.json.duplicate).toBe(true);
    await rt.runner.idle();
    const changed = await rt.api('POST', `/portal/${token}/submit`, {
      body: { answers: { ...answers, 'enc-at-rest': 'no' } },
    });
    expect(changed.status).toBe(409);
    expect(changed.json.error.code).toBe('assessment_closed');
    const draft = await rt.api('PUT', `/portal/${token}/draft`, { body: { answers } });
    expect(draft.status).toBe(409);
    const reviews = [...rt.runner.executions.keys()].filter((id) => id.startsWith(`review:${assessmentId}`));
    expect(reviews).toHaveLength(1);
  });

  it('lets the vendor report a fix and compliance verify it, closing the finding and its ladder', async () => {
    const { token, assessmentId } = await invite('Fixer Inc', 'fixer@vendor.example');
    const answers = compliantAnswers(await questionnaire(token), { 'access-unique-ids': 'no' });
    await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
    await rt.runner.idle();
    const plan = await rt.waitForEmail(
      (e) => e.destination.to.includes('fixer@vendor.example') && e.subject.includes('remediation plan'),
    );
    const planToken = portalToken(plan);
    const list = await rt.api('GET', `/portal/${planToken}/findings`);
    const finding = list.json.items.find((f: { questionId: string }) => f.questionId === 'access-unique-ids');
    expect(finding.status).toBe('open');

    const reported = await rt.api('POST', `/portal/${planToken}/findings/${finding.id}/fix`, {
      body: { note: 'Shared accounts removed; every user has a named account.', evidence: [] },
    });
    expect(reported.status).toBe(200);
    expect(reported.json.status).toBe('fix_reported');
    expect(
      (await rt.api('POST', `/portal/${planToken}/findings/${finding.id}/fix`, { body: { note: 'again' } }))
        .status,
    ).toBe(409);

    const path = `/assessments/${assessmentId}/findings/${finding.id}/verification`;
    expect((await rt.api('POST', path, { role: 'procurement', body: { verdict: 'verified' } })).status).toBe(
      403,
    );
    const verified = await rt.api('POST', path, {
      role: 'compliance',
      body: { verdict: 'verified', note: 'Checked the IdP export.' },
    });
    expect(verified.status).toBe(200);
    expect(verified.json).toMatchObject({ status: 'verified', nextActionAt: null });
  });

  it('a review can be rerun only while it is pending', async () => {
    const { token, assessmentId } = await invite('Rerun Co', 'rerun@vendor.example');
    await rt.api('POST', `/portal/${token}/submit`, {
      body: { answers: compliantAnswers(await questionnaire(token)) },
    });
    await rt.runner.idle();
    const res = await rt.api('POST', `/assessments/${assessmentId}/review`, { role: 'compliance' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('review_not_pending');
  });

  it('an expired link shows whom to contact', async () => {
    const { token } = await invite('Late Link', 'late@vendor.example');
    await rt.api('POST', '/local/clock', { body: { advanceDays: 75 } });
    const res = await rt.api('GET', `/portal/${token}/questionnaire`);
    expect(res.status).toBe(410);
    expect(res.json.error.code).toBe('link_expired');
    expect(res.json.error.message).toContain('compliance@example.org');
  });
});
