/**
 * Local mode keeps its data across restarts, and an assessment an earlier run left mid-workflow is
 * driven to completion by the next start (nothing accepted is lost).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newAssessmentId } from '#shared/ids.ts';
import { phiVendor, startTestRuntime } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'baa-guard-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a restart', () => {
  it('reuses the persisted data and resumes an interrupted launch', async () => {
    const first = await startTestRuntime({}, { dataDir });
    const vendor = await first.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Interrupted Inc', contactEmail: 'int@vendor.example' }),
    });
    expect(vendor.status).toBe(201);
    // The process stops right after accepting the request, before the launch workflow ran.
    const now = first.deps.clock.now().toISOString();
    const assessmentId = newAssessmentId();
    await first.deps.assessments.create({
      id: assessmentId,
      vendorId: vendor.json.id,
      vendorName: 'Interrupted Inc',
      tier: vendor.json.tier,
      status: 'launching',
      answers: {},
      createdAt: now,
      createdBy: 'procurement@example.org',
      updatedAt: now,
      version: 1,
    });
    await first.close();

    const second = await startTestRuntime({}, { dataDir });
    try {
      expect(second.recovered.launch).toBe(1);
      const again = await second.api('GET', `/vendors/${vendor.json.id}`, { role: 'procurement' });
      expect(again.status).toBe(200);
      expect(again.json.name).toBe('Interrupted Inc');
      const invitation = await second.waitForEmail(
        (e) =>
          e.destination.to.includes('int@vendor.example') && e.subject.startsWith('Security questionnaire'),
      );
      expect(invitation.body.text).toContain('/portal/');
      await second.runner.idle();
      expect(
        (await second.api('GET', `/assessments/${assessmentId}`, { role: 'procurement' })).json.status,
      ).toBe('sent');
    } finally {
      await second.close();
    }
    // Two runtime starts (each synthesizes the app): slow on a loaded machine.
  }, 90_000);
});
