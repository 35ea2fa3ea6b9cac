/**
 * A submitted, reviewed assessment with a real evidence file (uploaded through the presigned PUT),
 * for the reviewer's-desk tests. Answers are compliant except where `overrides` says otherwise.
 */
import { expect } from 'vitest';
import { compliantAnswers } from './answers.ts';
import { phiVendor, portalToken, type TestRuntime } from './runtime.ts';

export interface SubmittedVendor {
  vendorId: string;
  assessmentId: string;
  token: string;
  fileBytes: Uint8Array;
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
}

/** Uploads bytes through the portal's presigned PUT; returns the evidence reference to cite. */
export async function uploadEvidence(
  rt: TestRuntime,
  token: string,
  purpose: string,
  name: string,
  bytes: Uint8Array,
  contentType = 'text/plain',
) {
  const upload = await rt.api('POST', `/portal/${token}/uploads`, {
    body: { fileName: name, contentType, size: bytes.byteLength, purpose },
  });
  expect(upload.status).toBe(200);
  const put = await fetch(upload.json.uploadUrl, {
    method: 'PUT',
    headers: upload.json.headers,
    body: bytes,
  });
  expect(put.status).toBe(200);
  return upload.json as {
    uploadUrl: string;
    headers: Record<string, string>;
    evidence: Record<string, unknown>;
  };
}

export async function submittedVendor(
  rt: TestRuntime,
  name: string,
  contactEmail: string,
  overrides: Record<string, unknown> = {},
): Promise<SubmittedVendor> {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail }),
  });
  expect(vendor.status).toBe(201);
  const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  expect(started.status).toBe(202);
  const invitation = await rt.waitForEmail(
    (e) => e.destination.to.includes(contactEmail) && e.subject.startsWith('Security questionnaire'),
  );
  await rt.runner.idle();
  const token = portalToken(invitation);
  const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
  const fileBytes = new TextEncoder().encode(`SOC 2 Type II report of ${name}\nPeriod: 2025\n`);
  const upload = await uploadEvidence(rt, token, 'gov-audit-report', 'soc2-report.txt', fileBytes);
  const answers = compliantAnswers(view, {
    'gov-independent-audit': 'yes',
    'gov-audit-report': [upload.evidence],
    ...overrides,
  });
  const submitted = await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(202);
  await rt.runner.idle();
  const assessment = await rt.api('GET', `/assessments/${started.json.id}`, { role: 'compliance' });
  expect(assessment.json.status).toBe('reviewed');
  return {
    vendorId: vendor.json.id,
    assessmentId: started.json.id,
    token,
    fileBytes,
    uploadUrl: upload.uploadUrl,
    uploadHeaders: upload.headers,
  };
}

/** Opens an `href` (staff bearer token or none) and follows the redirect to the file, if any. */
export async function openHref(rt: TestRuntime, href: string, bearer?: string) {
  const res = await fetch(`${rt.appUrl}${href}`, {
    redirect: 'manual',
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  if (res.status !== 302) return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
  const file = await fetch(res.headers.get('location')!);
  return { status: file.status, bytes: new Uint8Array(await file.arrayBuffer()), redirected: true };
}
