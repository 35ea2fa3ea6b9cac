/** Test data for sweep tests: a registered vendor with findings written straight to the table. */
import { expect } from 'vitest';
import { findingKey } from '#shared/adapters/dynamodb/finding-repository.ts';
import { scheduleDue } from '#shared/domain/due-index.ts';
import { DEFAULT_ESCALATION_POLICY } from '#shared/domain/escalation-policy.ts';
import type { Finding } from '#shared/schemas/finding.ts';
import { phiVendor, type TestRuntime } from './runtime.ts';

export const SIX_TITLES = [
  'Multi-factor authentication not enforced',
  'No tested incident response plan',
  'Backups not encrypted',
  'Audit logs not reviewed',
  'No vulnerability scanning',
  'Shared administrator accounts',
];

/**
 * Registers a vendor and gives it six high findings due at `dueAt` (the sweep is under test here).
 * The vendor handles no PHI: a PHI vendor's BAA request has its own response ladder, whose steps
 * would join these in the same batched emails.
 */
export async function vendorWithSixFindings(runtime: TestRuntime, name: string, slug: string, dueAt: number) {
  const vendor = await runtime.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({
      name,
      contactEmail: `${slug}@vendor.example`,
      businessOwnerEmail: `${slug}.owner@example.org`,
      intake: { handlesPhi: false, medicalDevice: false, systemAccess: 'user', recordVolume: 'none' },
    }),
  });
  expect(vendor.status).toBe(201);
  const now = runtime.deps.clock.now().toISOString();
  const assessmentId = `a_${slug}`;
  for (const [i, title] of SIX_TITLES.entries()) {
    const finding: Finding = {
      id: `f_${slug}_${i}`,
      assessmentId,
      vendorId: vendor.json.id,
      vendorName: name,
      questionId: null,
      domain: 'access',
      severity: 'high',
      title,
      detail: 'From the test',
      citation: '45 CFR 164.312(d)',
      remediation: 'Fix it',
      status: 'open',
      dueAt: new Date(dueAt).toISOString(),
      originalDueAt: new Date(dueAt).toISOString(),
      history: [],
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const due = scheduleDue(DEFAULT_ESCALATION_POLICY, findingKey(finding), {
      kind: 'finding_remediation',
      dueAt: finding.dueAt,
      severity: 'high',
    });
    expect(await runtime.deps.findings.createIfAbsent({ ...finding, ...due })).toBe(true);
  }
  return vendor.json.id as string;
}
