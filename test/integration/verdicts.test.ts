/**
 * The reviewer's verdict per question: accepted, needs clarification (asks the vendor) or an
 * override with a reason, which reruns the review (a finding is raised; withdrawing the override
 * closes it again), every verdict audited. And the API parity: the operations are in /openapi.json
 * with response schemas.
 */
import { describe, expect, it } from 'vitest';
import { submittedVendor } from '../support/review-desk.ts';
import { useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

describe('verdicts', () => {
  it('an override with a reason rescores and raises a finding; withdrawing it closes the finding', async () => {
    const v = await submittedVendor(rt, 'Verdict Systems', 'verdict@vendor.example');
    const path = `/assessments/${v.assessmentId}/questions/enc-in-transit/verdict`;
    const start = (await rt.api('GET', `/assessments/${v.assessmentId}`, { role: 'compliance' })).json;
    expect(start.findings.map((f: { id: string }) => f.id)).not.toContain('f_q_enc-in-transit');

    expect((await rt.api('PUT', path, { role: 'procurement', body: { verdict: 'accepted' } })).status).toBe(
      403,
    );
    const noReason = await rt.api('PUT', path, {
      role: 'compliance',
      body: { verdict: 'override', answer: 'no' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.code).toBe('reason_required');
    const badAnswer = await rt.api('PUT', path, {
      role: 'compliance',
      body: { verdict: 'override', answer: 'perhaps', reason: 'x' },
    });
    expect(badAnswer.status).toBe(400);
    const hidden = await rt.api('PUT', `/assessments/${v.assessmentId}/questions/dev-sbom/verdict`, {
      role: 'compliance',
      body: { verdict: 'accepted' },
    });
    expect(hidden.status).toBe(404);

    const override = await rt.api('PUT', path, {
      role: 'compliance',
      body: {
        verdict: 'override',
        answer: 'no',
        reason: 'The pen test report shows TLS 1.0 on the public API',
      },
    });
    expect(override.status, JSON.stringify(override.json)).toBe(200);
    expect(override.json.verdict).toMatchObject({ verdict: 'override', answer: 'no' });
    expect(override.json.rescore.after.score).toBeLessThan(override.json.rescore.before.score);
    expect(override.json.rescore.opened.map((f: { id: string }) => f.id)).toContain('f_q_enc-in-transit');
    const mid = (await rt.api('GET', `/assessments/${v.assessmentId}`, { role: 'compliance' })).json;
    const raised = mid.findings.find((f: { id: string }) => f.id === 'f_q_enc-in-transit');
    expect(raised).toMatchObject({ status: 'open', severity: 'critical' });
    expect(mid.answers['enc-in-transit']).toBe('yes'); // the vendor's answer is kept

    const accepted = await rt.api('PUT', path, { role: 'compliance', body: { verdict: 'accepted' } });
    expect(accepted.status).toBe(200);
    expect(accepted.json.rescore.closed.map((f: { id: string }) => f.id)).toContain('f_q_enc-in-transit');
    expect(accepted.json.verdict.history.map((h: { verdict: string }) => h.verdict)).toEqual([
      'override',
      'accepted',
    ]);
    const end = (await rt.api('GET', `/assessments/${v.assessmentId}`, { role: 'compliance' })).json;
    expect(end.score).toBe(start.score);

    const clarify = await rt.api(
      'PUT',
      `/assessments/${v.assessmentId}/questions/access-termination/verdict`,
      {
        role: 'compliance',
        body: { verdict: 'needs_clarification', reason: 'Within how many hours is access removed?' },
      },
    );
    expect(clarify.status).toBe(200);
    const threads = (
      await rt.api('GET', `/assessments/${v.assessmentId}/clarifications`, { role: 'compliance' })
    ).json;
    expect(threads.items.map((t: { questionId: string }) => t.questionId)).toEqual(['access-termination']);

    const trail = (await rt.api('GET', `/vendors/${v.vendorId}/audit`, { role: 'compliance' })).json.events;
    const verdicts = trail.filter((e: { action: string }) => e.action === 'verdict.recorded');
    expect(verdicts).toHaveLength(3);
    expect(verdicts[0].summary).toContain('Encryption in transit'.split(' ')[0]);
    expect(verdicts[0].summary).toContain('Yes → No');
    expect(trail.filter((e: { action: string }) => e.action === 'assessment.rescored')).toHaveLength(2);
  });

  it('a rerun leaves a verified fix verified (the answer still says no, but the gap was closed)', async () => {
    const v = await submittedVendor(rt, 'Fixed Already Inc', 'fixed@vendor.example', {
      'hard-anti-malware': 'no',
    });
    const fid = 'f_q_hard-anti-malware';
    const fixed = await rt.api('POST', `/portal/${v.token}/findings/${fid}/fix`, {
      body: { note: 'EDR rolled out to every server and workstation.' },
    });
    expect(fixed.status, JSON.stringify(fixed.json)).toBe(200);
    const verified = await rt.api('POST', `/assessments/${v.assessmentId}/findings/${fid}/verification`, {
      role: 'compliance',
      body: { verdict: 'verified' },
    });
    expect(verified.status).toBe(200);
    const rerun = await rt.api('POST', `/assessments/${v.assessmentId}/rescore`, {
      role: 'compliance',
      body: {},
    });
    expect(rerun.status).toBe(200);
    expect(rerun.json.opened).toEqual([]);
    expect(rerun.json.closed).toEqual([]);
    const after = (await rt.api('GET', `/assessments/${v.assessmentId}`, { role: 'compliance' })).json;
    expect(after.findings.find((f: { id: string }) => f.id === fid).status).toBe('verified');
  });

  it('documents every reviewer-desk operation in /openapi.json with a response schema', async () => {
    const doc = (await rt.api('GET', '/openapi.json')).json;
    const schemaOf = (path: string, method: string, status: string) =>
      doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
    expect(schemaOf('/assessments/{assessmentId}/review', 'get', '200')?.properties?.domains).toBeDefined();
    expect(schemaOf('/assessments/{assessmentId}', 'get', '200')?.properties?.evidence).toBeDefined();
    expect(schemaOf('/assessments/{assessmentId}/clarifications', 'post', '201')).toBeDefined();
    expect(
      schemaOf('/assessments/{assessmentId}/questions/{questionId}/verdict', 'put', '200'),
    ).toBeDefined();
    expect(schemaOf('/assessments/{assessmentId}/rescore', 'post', '200')).toBeDefined();
    expect(schemaOf('/portal/{token}/clarification-requests', 'get', '200')).toBeDefined();
    expect(doc.paths['/assessments/{assessmentId}/evidence/{fileId}'].get.responses['302']).toBeDefined();
  });
});
