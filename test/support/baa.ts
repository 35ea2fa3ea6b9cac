/** Drives the BAA document flow like a client: presigned upload → PUT the bytes → register. */
import { BAA_CHECKLIST_V1 } from '#shared/content/baa-clauses.v1.ts';
import { DAY_MS } from '#shared/domain/time.ts';
import type { TestRuntime } from './runtime.ts';

export async function uploadBaa(
  rt: TestRuntime,
  where: { vendorId: string; baaId?: string } | { token: string },
  file: { name: string; contentType: string; bytes: Uint8Array | string; kind: 'signed' | 'redline' },
) {
  const body = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
  const base =
    'token' in where
      ? `/portal/${where.token}/baa`
      : `/vendors/${where.vendorId}/baas/${where.baaId ?? 'main'}`;
  const role = 'token' in where ? undefined : ('compliance' as const);
  const upload = await rt.api('POST', `${base}/uploads`, {
    role,
    body: { fileName: file.name, contentType: file.contentType, size: body.byteLength, kind: file.kind },
  });
  if (upload.status !== 200) return { upload, registered: upload };
  const put = await fetch(upload.json.uploadUrl, { method: 'PUT', headers: upload.json.headers, body });
  if (!put.ok) throw new Error(`PUT to the document store failed: ${put.status}`);
  const registered = await rt.api('POST', `${base}/documents`, {
    role,
    body: { key: upload.json.key, kind: file.kind, fileName: file.name },
  });
  return { upload, registered };
}

/** A clause review with every clause present, optionally some clauses marked otherwise. */
export function clauseReview(
  overrides: Record<string, 'present' | 'equivalent' | 'missing' | 'deviates'> = {},
  noticeWindowDays = 10,
) {
  return {
    entries: BAA_CHECKLIST_V1.clauses.map((c) => ({
      clauseId: c.id,
      finding: overrides[c.id] ?? 'present',
      section: '§1',
    })),
    noticeWindowDays,
  };
}

/** A BAA term starting at `from` (ms) and running `days`. */
export const term = (from: number, days = 365) => ({
  effectiveAt: new Date(from).toISOString(),
  expiresAt: new Date(from + days * DAY_MS).toISOString(),
});

/** Compliance marks the vendor's BAA signed for a term (the API answers; tests assert). */
export const signBaa = (
  rt: TestRuntime,
  vendorId: string,
  signedTerm: { effectiveAt: string; expiresAt: string },
) =>
  rt.api('POST', `/vendors/${vendorId}/baas/main/decision`, {
    role: 'compliance',
    body: { action: 'sign', ...signedTerm },
  });
