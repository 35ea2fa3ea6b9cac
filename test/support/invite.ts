/** A vendor registered and sent its questionnaire through the real API, with its portal link. */
import { expect } from 'vitest';
import { phiVendor, portalToken, type TestRuntime } from './runtime.ts';

export async function inviteToQuestionnaire(
  rt: TestRuntime,
  name: string,
  contactEmail: string,
  intake?: Record<string, unknown>,
) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail, ...(intake ? { intake } : {}) }),
  });
  expect(vendor.status).toBe(201);
  const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  const email = await rt.waitForEmail(
    (e) => e.destination.to.includes(contactEmail) && e.subject.startsWith('Security questionnaire'),
  );
  await rt.runner.idle();
  return {
    vendorId: vendor.json.id as string,
    assessmentId: started.json.id as string,
    token: portalToken(email),
  };
}
