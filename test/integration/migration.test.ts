/**
 * A data folder written by the previous version (issue 13: "migration of a data folder written by
 * today's main") keeps working: its table had indexes projecting ALL attributes and assessments
 * carrying their questionnaire inline; audit events used hash scheme v1. The next start rebuilds
 * the indexes from the template, moves the questionnaire out, and everything reads as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { toItem as assessmentItem } from '#shared/adapters/dynamodb/assessment-repository.ts';
import { toItem as linkItem } from '#shared/adapters/dynamodb/link-repository.ts';
import { toItem as vendorItem } from '#shared/adapters/dynamodb/vendor-repository.ts';
import { freezeTemplate, templateForTier } from '#shared/content/questionnaires/index.ts';
import { canonicalJson, GENESIS_HASH } from '#shared/domain/audit-chain.ts';
import { newAssessmentId, newLinkToken, newVendorId, sha256Hex } from '#shared/ids.ts';
import type { Vendor } from '#shared/schemas/vendor.ts';
import { pkOf, recordCapacity } from '../support/capacity.ts';
import { startTestRuntime } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'baa-guard-migrate-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A v1 audit event as the previous version hashed it (named fields only). */
function v1Event(vendorId: string, seq: number, prevHash: string, action: string, at: string) {
  const fields = {
    vendorId,
    seq,
    prevHash,
    actor: { id: 'procurement@example.org', role: 'procurement' },
    action,
    target: { type: 'vendor', id: vendorId },
    at,
    summary: `Old event ${seq}`,
  };
  const hash = sha256Hex(canonicalJson({ ...fields, before: undefined, after: undefined }));
  return { ...fields, hash };
}

describe('a data folder written by the previous version', () => {
  it('is migrated on start and reads, saves and verifies as before', async () => {
    const vendorId = newVendorId();
    const assessmentId = newAssessmentId();
    const token = newLinkToken();
    const first = await startTestRuntime({}, { dataDir });
    try {
      const ddb = first.deps.clients.ddb;
      const TableName = first.deps.config.tableName;
      // Recreate the table as the previous version declared it: every index projecting ALL.
      const table = (await ddb.send(new DescribeTableCommand({ TableName }))).Table!;
      await ddb.send(new DeleteTableCommand({ TableName }));
      await ddb.send(
        new CreateTableCommand({
          TableName,
          KeySchema: table.KeySchema,
          AttributeDefinitions: table.AttributeDefinitions,
          BillingMode: 'PAY_PER_REQUEST',
          GlobalSecondaryIndexes: table.GlobalSecondaryIndexes!.map((g) => ({
            IndexName: g.IndexName,
            KeySchema: g.KeySchema,
            Projection: { ProjectionType: 'ALL' },
          })),
        } as CreateTableCommandInput),
      );
      for (let i = 0; i < 50; i++) {
        const t = (await ddb.send(new DescribeTableCommand({ TableName }))).Table;
        if (t?.TableStatus === 'ACTIVE') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const now = new Date().toISOString();
      const vendor: Vendor = {
        id: vendorId,
        name: 'Legacy Labs',
        contactName: 'Lee Legacy',
        contactEmail: 'lee@legacy.example',
        services: ['Lab results'],
        businessOwnerEmail: 'owner@example.org',
        intake: { handlesPhi: true, medicalDevice: false, systemAccess: 'user', recordVolume: '10k_to_100k' },
        tier: 'high',
        tierReasons: ['Handles PHI'],
        baaRequired: true,
        baaStatus: 'sent',
        stage: 'assessment_sent',
        createdAt: now,
        createdBy: 'procurement@example.org',
        updatedAt: now,
        version: 3,
      } as Vendor;
      const questionnaire = freezeTemplate(templateForTier('high'));
      const items: Record<string, unknown>[] = [
        vendorItem(vendor),
        // The previous layout: the questionnaire inline in the one assessment item.
        assessmentItem({
          id: assessmentId,
          vendorId,
          vendorName: vendor.name,
          tier: 'high',
          status: 'sent',
          questionnaire,
          answers: {},
          dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
          sentAt: now,
          linkTokenHash: sha256Hex(token),
          createdAt: now,
          createdBy: 'procurement@example.org',
          updatedAt: now,
          version: 3,
        }),
        linkItem({
          tokenHash: sha256Hex(token),
          assessmentId,
          vendorId,
          createdAt: now,
          expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        }),
      ];
      const e1 = v1Event(vendorId, 1, GENESIS_HASH, 'vendor.registered', now);
      const e2 = v1Event(vendorId, 2, e1.hash, 'assessment.sent', now);
      for (const e of [e1, e2]) {
        items.push({
          PK: `AUDIT#${vendorId}`,
          SK: `EVENT#${String(e.seq).padStart(10, '0')}`,
          entity: 'AuditEvent',
          ...e,
        });
      }
      items.push({
        PK: `AUDITHEAD#${vendorId}`,
        SK: 'HEAD',
        entity: 'AuditHead',
        vendorId,
        seq: 2,
        hash: e2.hash,
        at: now,
      });
      for (const Item of items) await ddb.send(new PutCommand({ TableName, Item }));
    } finally {
      await first.close();
    }

    const second = await startTestRuntime({}, { dataDir });
    try {
      const ddb = second.deps.clients.ddb;
      const TableName = second.deps.config.tableName;
      // The indexes now project what the template says.
      const table = (await ddb.send(new DescribeTableCommand({ TableName }))).Table!;
      const projections = Object.fromEntries(
        table.GlobalSecondaryIndexes!.map((g) => [g.IndexName, g.Projection?.ProjectionType]),
      );
      expect(projections).toEqual({ GSI1: 'KEYS_ONLY', GSI2: 'INCLUDE', DueIndex: 'KEYS_ONLY' });
      expect(
        (await ddb.send(new DescribeTableCommand({ TableName: `${TableName}-migrating` })).catch((e) => e))
          .name,
      ).toBe('ResourceNotFoundException');

      // The assessment moved to the new layout.
      const state = (
        await ddb.send(new GetCommand({ TableName, Key: { PK: `ASSESSMENT#${assessmentId}`, SK: 'STATE' } }))
      ).Item!;
      expect(state.questionnaire).toBeUndefined();
      expect(state.questionnaireRef.questionCount).toBeGreaterThan(10);
      expect(state.version).toBe(3);

      // The vendor's portal link still opens the questionnaire, and a draft save is one small update.
      const view = await second.api('GET', `/portal/${token}/questionnaire`);
      expect(view.status).toBe(200);
      expect(view.json.questions.length).toBe(state.questionnaireRef.questionCount);
      const rec = recordCapacity(ddb);
      try {
        const { result, calls } = await rec.during(() =>
          second.api('PUT', `/portal/${token}/draft`, { body: { answers: { 'gov-risk-analysis': 'yes' } } }),
        );
        expect(result.status).toBe(200);
        const writes = calls.filter((c) => c.command !== 'GetItemCommand' && c.command !== 'QueryCommand');
        expect(writes.map((c) => [c.command, pkOf(c)])).toEqual([
          ['UpdateItemCommand', `ASSESSMENT#${assessmentId}`],
        ]);
      } finally {
        rec.stop();
      }

      // Lists through the rebuilt indexes find the old items.
      const list = await second.api('GET', '/vendors?limit=50', { role: 'procurement' });
      expect(list.json.items.map((v: { id: string }) => v.id)).toContain(vendorId);
      const detail = await second.api('GET', `/vendors/${vendorId}`, { role: 'procurement' });
      expect(detail.status).toBe(200);

      // The v1 audit chain verifies, and a new (v2) event continues it.
      expect(
        (await second.api('GET', `/vendors/${vendorId}/audit/verify`, { role: 'compliance' })).json.ok,
      ).toBe(true);
      await second.deps.audit.append({
        vendorId,
        actor: { id: 'compliance@example.org', role: 'compliance' },
        action: 'vendor.noted',
        target: { type: 'vendor', id: vendorId },
        at: new Date().toISOString(),
        summary: 'After the migration',
      });
      const verified = (await second.api('GET', `/vendors/${vendorId}/audit/verify`, { role: 'compliance' }))
        .json;
      expect(verified).toMatchObject({ ok: true, checked: 3 });
    } finally {
      await second.close();
    }
  }, 120_000);
});
