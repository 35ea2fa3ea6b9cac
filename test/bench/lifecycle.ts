/**
 * One vendor's full lifecycle through the product's HTTP API, step by step so the bench can meter
 * each step: register the vendor, start an assessment (the launch workflow mails the portal link),
 * open the questionnaire, save a draft, submit (the review workflow scores it and mails results).
 */
import { compliantAnswers, type QuestionnaireViewLike } from '../support/answers.ts';

/** What a lifecycle needs from the product: the in-process harness or a running `npm start`. */
export interface Driver {
  api(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; json: any }>;
  staffToken(role: string): Promise<string>;
  /** Waits for the launch workflow; the portal token it mailed to `contactEmail`. */
  launched(assessmentId: string, contactEmail: string): Promise<string>;
  /** Waits for the review workflow of the assessment to finish. */
  reviewed(assessmentId: string): Promise<void>;
}
type Harness = Driver;

export const vendorBody = (i: number, run: string) => ({
  name: `Bench Imaging ${run}-${i}`,
  contactName: 'Jo Vendor',
  contactEmail: `bench-${run}-${i}@vendor.example`,
  services: ['Cloud PACS hosting'],
  businessOwnerEmail: 'owner@example.org',
  intake: { handlesPhi: true, medicalDevice: false, systemAccess: 'user', recordVolume: '10k_to_100k' },
});

const expectStatus = (what: string, res: { status: number; json: unknown }, ...ok: number[]) => {
  if (!ok.includes(res.status))
    throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 300)}`);
};

export async function registerVendor(h: Harness, i: number, run: string) {
  const body = vendorBody(i, run);
  const res = await h.api('POST', '/vendors', { token: await h.staffToken('procurement'), body });
  expectStatus('POST /vendors', res, 201);
  return { vendorId: (res.json as { id: string }).id, contactEmail: body.contactEmail };
}

/** POST /vendors/{id}/assessments; the launch workflow runs unless the harness holds it. */
export async function startAssessment(h: Harness, vendorId: string) {
  const res = await h.api('POST', `/vendors/${vendorId}/assessments`, {
    token: await h.staffToken('procurement'),
  });
  expectStatus('POST /vendors/{id}/assessments', res, 201, 202);
  return (res.json as { id: string }).id;
}

export const waitForLaunch = (h: Harness, assessmentId: string, contactEmail: string) =>
  h.launched(assessmentId, contactEmail);

export async function openQuestionnaire(h: Harness, token: string) {
  const res = await h.api('GET', `/portal/${token}/questionnaire`);
  expectStatus('GET /portal/{token}/questionnaire', res, 200);
  return res.json as QuestionnaireViewLike;
}

/** A draft of the first `count` answers (alternating values, so each save changes something). */
export function draftOf(answers: Record<string, unknown>, count: number, flip = false) {
  const entries = Object.entries(answers).slice(0, count);
  return Object.fromEntries(entries.map(([k, v], i) => [k, i === 0 && flip && v === 'yes' ? 'partial' : v]));
}

export async function saveDraft(h: Harness, token: string, answers: Record<string, unknown>) {
  const res = await h.api('PUT', `/portal/${token}/draft`, { body: { answers } });
  expectStatus('PUT /portal/{token}/draft', res, 200);
}

export async function submit(h: Harness, token: string, answers: Record<string, unknown>) {
  const res = await h.api('POST', `/portal/${token}/submit`, { body: { answers } });
  expectStatus('POST /portal/{token}/submit', res, 202);
}

export const waitForReview = (h: Harness, assessmentId: string) => h.reviewed(assessmentId);

/** The whole lifecycle, unmetered. */
export async function lifecycle(h: Harness, i: number, run: string) {
  const { vendorId, contactEmail } = await registerVendor(h, i, run);
  const assessmentId = await startAssessment(h, vendorId);
  const token = await waitForLaunch(h, assessmentId, contactEmail);
  const view = await openQuestionnaire(h, token);
  const answers = compliantAnswers(view);
  await saveDraft(h, token, draftOf(answers, 10));
  await submit(h, token, answers);
  await waitForReview(h, assessmentId);
  return { vendorId, assessmentId, token };
}
