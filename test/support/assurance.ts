/** Helpers for assurance documents and the annual verification through the real API. */
import type { TestRuntime } from './runtime.ts';

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

/** Presign, PUT the bytes, register: through a vendor's link (`token`) or as staff (`vendorId`). */
export async function addAssurance(
  rt: TestRuntime,
  where: { token: string } | { vendorId: string },
  fields: Record<string, unknown>,
  options: { fileName?: string; bytes?: string; documentId?: string } = {},
) {
  const bytes = new TextEncoder().encode(options.bytes ?? PDF);
  const fileName = options.fileName ?? 'report.pdf';
  const base = 'token' in where ? `/portal/${where.token}/assurance` : `/vendors/${where.vendorId}/assurance`;
  const role = 'token' in where ? undefined : ('compliance' as const);
  const upload = await rt.api('POST', `${base}/uploads`, {
    role,
    body: { fileName, contentType: 'application/pdf', size: bytes.byteLength },
  });
  if (upload.status !== 200) return { upload, registered: upload };
  const put = await fetch(upload.json.uploadUrl, {
    method: 'PUT',
    headers: upload.json.headers,
    body: bytes,
  });
  if (!put.ok) throw new Error(`PUT failed: ${put.status}`);
  const registered = await rt.api('POST', base, {
    role,
    body: {
      key: upload.json.key,
      fileName,
      fields,
      ...(options.documentId ? { documentId: options.documentId } : {}),
    },
  });
  return { upload, registered, bytes };
}

export const ALL_IMPLEMENTED = Object.fromEntries(
  [
    'access_control',
    'audit_controls',
    'integrity',
    'authentication',
    'transmission_security',
    'encryption',
    'mfa',
  ].map((id) => [id, { answer: 'implemented' }]),
);

/** The vendor's side of the verification form, through its emailed link. */
export async function submitVerification(
  rt: TestRuntime,
  token: string,
  overrides: Record<string, unknown> = {},
) {
  const bytes = new TextEncoder().encode(PDF);
  const upload = await rt.api('POST', `/portal/${token}/verification/uploads`, {
    body: { fileName: 'analysis.pdf', contentType: 'application/pdf', size: bytes.byteLength },
  });
  if (upload.status !== 200) return upload;
  const put = await fetch(upload.json.uploadUrl, {
    method: 'PUT',
    headers: upload.json.headers,
    body: bytes,
  });
  if (!put.ok) throw new Error(`PUT failed: ${put.status}`);
  return rt.api('POST', `/portal/${token}/verification`, {
    body: {
      attestations: ALL_IMPLEMENTED,
      analysis: { key: upload.json.key, fileName: 'analysis.pdf' },
      qualifiedPerson: { name: 'Sam Assessor', qualification: 'CISSP, external assessor' },
      authorisedRepresentative: { name: 'Jo Vendor', title: 'Chief Executive Officer' },
      signature: 'Jo Vendor',
      ...overrides,
    },
  });
}

/** Requests, completes and accepts a verification; returns the accepted one. */
export async function verifiedVendor(rt: TestRuntime, vendorId: string, contactEmail: string) {
  const requested = await rt.api('POST', `/vendors/${vendorId}/verifications`, { role: 'compliance' });
  if (requested.status !== 201) throw new Error(`Verification request failed: ${requested.text}`);
  const email = await rt.waitForEmail(
    (e) => e.destination.to.includes(contactEmail) && e.subject.includes('Annual verification'),
  );
  const token = email.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/verification/)![1]!;
  const submitted = await submitVerification(rt, token);
  if (submitted.status !== 200) throw new Error(`Verification submit failed: ${submitted.text}`);
  const accepted = await rt.api('POST', `/vendors/${vendorId}/verifications/${requested.json.id}/decision`, {
    role: 'compliance',
    body: { decision: 'accept' },
  });
  if (accepted.status !== 200) throw new Error(`Verification accept failed: ${accepted.text}`);
  return accepted.json;
}
