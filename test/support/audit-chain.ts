/**
 * Fixtures of the audit chain tests: a small chain of two vendors' events and helpers to build, copy,
 * rehash and verify it.
 */
import { chainNext, hashEvent, verifyChain } from '#shared/domain/audit-chain.ts';
import type { AuditEvent, AuditEventInput } from '#shared/schemas/audit.ts';

export const VENDOR = 'v_AAAAAAAAAAAAAAAA';
export const OTHER_VENDOR = 'v_BBBBBBBBBBBBBBBB';

export const inputs: AuditEventInput[] = [
  {
    vendorId: VENDOR,
    actor: { id: 'pat@hospital.example', role: 'procurement' },
    action: 'vendor.registered',
    target: { type: 'vendor', id: VENDOR },
    at: '2026-01-05T09:00:00.000Z',
    summary: 'Registered Acme Imaging (cloud PACS hosting)',
    after: { tier: 'high', baaRequired: true },
  },
  {
    vendorId: VENDOR,
    actor: { id: 'system', role: 'system' },
    action: 'assessment.launched',
    target: { type: 'assessment', id: 'a_CCCCCCCCCCCCCCCC' },
    at: '2026-01-05T09:00:02.000Z',
    summary: 'Questionnaire v3 sent to the vendor contact',
  },
  {
    vendorId: VENDOR,
    actor: { id: 'vendor:a_CCCCCCCCCCCCCCCC', role: 'vendor' },
    action: 'assessment.submitted',
    target: { type: 'assessment', id: 'a_CCCCCCCCCCCCCCCC' },
    at: '2026-01-20T15:30:00.000Z',
    summary: 'Vendor submitted 41 answers',
    before: { status: 'in_progress' },
    after: { status: 'submitted' },
  },
  {
    vendorId: VENDOR,
    actor: { id: 'casey@hospital.example', role: 'compliance' },
    action: 'finding.extended',
    target: { type: 'finding', id: 'f_1' },
    at: '2026-02-01T10:00:00.000Z',
    summary: 'Remediation deadline extended by 30 days',
    before: { dueAt: '2026-02-15T00:00:00.000Z' },
    after: { dueAt: '2026-03-17T00:00:00.000Z', extensions: [{ by: 30, reason: 'vendor patch window' }] },
  },
  {
    vendorId: VENDOR,
    actor: { id: 'casey@hospital.example', role: 'compliance' },
    action: 'vendor.decided',
    target: { type: 'vendor', id: VENDOR },
    at: '2026-02-02T10:00:00.000Z',
    summary: 'Approved with conditions',
    after: { decision: 'approve_with_conditions' },
  },
];

export function buildChain(items: readonly AuditEventInput[] = inputs): AuditEvent[] {
  const chain: AuditEvent[] = [];
  for (const input of items) chain.push(chainNext(chain.at(-1) ?? null, input));
  return chain;
}

/** A deep copy, so that a tamper case never leaks into another. */
export const copy = (events: AuditEvent[]): AuditEvent[] => structuredClone(events);
export const rehash = (e: AuditEvent) => ({ ...e, hash: hashEvent(e.prevHash, e) });
export const kinds = (events: AuditEvent[], options?: Parameters<typeof verifyChain>[1]) =>
  verifyChain(events, options).problems.map((p) => [p.kind, p.seq]);

/** The hash with its first hex digit changed. */
export function flipFirst(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}
