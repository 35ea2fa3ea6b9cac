/**
 * The duplicate check at registration reads identity markers, not every vendor (issue 13: POST
 * /vendors in at most 6 DynamoDB calls, the check included). Vendors written before the markers
 * existed get them on the next start (local data migration) or with the operator's command on AWS.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem as vendorItem } from '#shared/adapters/dynamodb/vendor-repository.ts';
import { newVendorId } from '#shared/ids.ts';
import type { Vendor } from '#shared/schemas/vendor.ts';
import { backfillVendorIdentities } from '#shared/use-cases/vendor-identities.ts';
import { pkOf, recordCapacity } from '../support/capacity.ts';
import { phiVendor as sample, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/** A registration that is checked for duplicates (the shared sample sets allowDuplicate). */
const phiVendor = (overrides: Record<string, unknown> = {}) => ({
  ...sample(overrides),
  allowDuplicate: false,
});

describe('POST /vendors', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.close());

  it('registers a PHI vendor in at most 6 DynamoDB calls, the duplicate check included', async () => {
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      const { result, calls } = await rec.during(() =>
        rt.api('POST', '/vendors', {
          role: 'procurement',
          // A real (non-reserved) contact domain: the check reads both the name and the domain.
          body: phiVendor({ name: 'Count Health', contactEmail: 'sam@count-health.com' }),
        }),
      );
      expect(result.status).toBe(201);
      expect(result.json.baaStatus).toBe('sent');
      const id = result.json.id as string;
      expect(calls.length).toBeLessThanOrEqual(6);
      expect(calls.map((c) => [c.command, pkOf(c) ?? ''])).toEqual([
        ['BatchGetItemCommand', ''], // name and domain holders, one read
        ['BatchWriteItemCommand', ''], // vendor, BAA, links, identity markers: all new keys
        ['UpdateItemCommand', `VENDOR#${id}`], // BAA: required → sent, after the email
        ['UpdateItemCommand', `VENDOR#${id}`], // the vendor's BAA status mirror
        ['PutItemCommand', `AUDIT#${id}`], // one event: registered, BAA request emailed
        ['PutItemCommand', `AUDITHEAD#${id}`],
      ]);
      const read = calls[0]!.input.RequestItems[rt.deps.config.tableName].Keys.map(
        (k: { PK: { S: string } | string; SK: { S: string } | string }) => [
          typeof k.PK === 'string' ? k.PK : k.PK.S,
          typeof k.SK === 'string' ? k.SK : k.SK.S,
        ],
      );
      expect(read).toEqual([
        ['VENDORIDENTITY#name:count health', 'HOLDER'],
        ['VENDORIDENTITY#domain:count-health.com', 'HOLDER'],
      ]);
    } finally {
      rec.stop();
    }
  });

  it('records the registration and the BAA request in one verified audit event', async () => {
    const created = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Single Event Labs', contactEmail: 'ann@single-event-labs.com' }),
    });
    const id = created.json.id as string;
    const trail = await rt.api('GET', `/vendors/${id}/audit`, { role: 'compliance' });
    const events = trail.json.events ?? trail.json.items ?? trail.json;
    expect(events).toHaveLength(1);
    expect(events[0].action).toBe('vendor.registered');
    expect(events[0].summary).toMatch(/BAA required; emailed the BAA request, due back/);
    expect(events[0].after.baaStatus).toBe('sent');
    const verify = await rt.api('GET', `/vendors/${id}/audit/verify`, { role: 'compliance' });
    expect(verify.json.ok).toBe(true);
  });

  it('registers a vendor without PHI in 3 calls', async () => {
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      const { result, calls } = await rec.during(() =>
        rt.api('POST', '/vendors', {
          role: 'procurement',
          body: phiVendor({
            name: 'Plain Parking',
            contactEmail: 'al@plain-parking.com',
            intake: { handlesPhi: false, medicalDevice: false, systemAccess: 'none', recordVolume: 'none' },
          }),
        }),
      );
      expect(result.status).toBe(201);
      expect(calls.map((c) => c.command)).toEqual([
        'BatchGetItemCommand',
        'BatchWriteItemCommand',
        'PutItemCommand',
        'PutItemCommand',
      ]);
    } finally {
      rec.stop();
    }
  });

  it('still names every vendor sharing the identity in the 409', async () => {
    const first = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Twin Imaging', contactEmail: 'a@twin-imaging.com' }),
    });
    const second = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: {
        ...phiVendor({ name: 'Twin Imaging', contactEmail: 'b@other-twin.com' }),
        allowDuplicate: true,
      },
    });
    expect([first.status, second.status]).toEqual([201, 201]);
    const third = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Twin Imaging LLC', contactEmail: 'c@third-twin.com' }),
    });
    expect(third.status).toBe(409);
    expect(third.json.error.details.existing.map((e: { id: string }) => e.id).sort()).toEqual(
      [first.json.id, second.json.id].sort(),
    );
  });
});

describe('vendors registered before the identity markers existed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baa-guard-identities-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const legacy = (name: string, contactEmail: string): Vendor =>
    ({
      id: newVendorId(),
      name,
      contactName: 'Old Contact',
      contactEmail,
      services: ['Transcription'],
      businessOwnerEmail: 'owner@example.org',
      intake: {
        handlesPhi: false,
        medicalDevice: false,
        systemAccess: 'none',
        recordVolume: 'none',
        criticalClinicalFunction: false,
      },
      tier: 'low',
      tierReasons: [],
      baaRequired: false,
      baaStatus: 'not_required',
      stage: 'intake',
      createdAt: '2026-01-05T10:00:00.000Z',
      createdBy: 'procurement@example.org',
      updatedAt: '2026-01-05T10:00:00.000Z',
      version: 1,
    }) as Vendor;

  it('are found by the duplicate check after the next start, and the backfill is idempotent', async () => {
    const oldName = legacy('Heritage Transcription, Inc.', 'kim@heritage-transcription.com');
    const oldDomain = legacy('Quill Medical Notes', 'lee@quill-notes.com');
    const first = await startTestRuntime({}, { dataDir });
    try {
      const ddb = first.deps.clients.ddb;
      const TableName = first.deps.config.tableName;
      // As an older version wrote them: vendor items only (one with a marker but no holder), and
      // the layout marker of that version.
      for (const Item of [
        vendorItem(oldName),
        vendorItem(oldDomain),
        {
          PK: 'VENDORIDENTITY#domain:quill-notes.com',
          SK: `VENDOR#${oldDomain.id}`,
          entity: 'VendorIdentity',
          id: oldDomain.id,
          name: oldDomain.name,
          contactEmail: oldDomain.contactEmail,
        },
        { PK: 'META', SK: 'LAYOUT', entity: 'Meta', version: 2 },
      ])
        await ddb.send(new PutCommand({ TableName, Item }));
    } finally {
      await first.close();
    }

    const second = await startTestRuntime({}, { dataDir });
    try {
      const sameName = await second.api('POST', '/vendors', {
        role: 'procurement',
        body: phiVendor({ name: 'HERITAGE transcription', contactEmail: 'x@elsewhere-health.com' }),
      });
      expect(sameName.status).toBe(409);
      expect(sameName.json.error.details.existing).toEqual([
        expect.objectContaining({ id: oldName.id, reason: 'same_name' }),
      ]);
      const sameDomain = await second.api('POST', '/vendors', {
        role: 'procurement',
        body: phiVendor({ name: 'Quill Scribes', contactEmail: 'new@quill-notes.com' }),
      });
      expect(sameDomain.status).toBe(409);
      expect(sameDomain.json.error.details.existing).toEqual([
        expect.objectContaining({ id: oldDomain.id, reason: 'same_contact_domain' }),
      ]);

      // Nothing left to write: in-process, and with the operator's command against the same table.
      expect((await backfillVendorIdentities(second.deps)).written).toBe(0);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          'bin/backfill-vendor-identities.ts',
          '--table',
          second.deps.config.tableName,
          '--endpoint',
          second.deps.config.endpoints.dynamodb!,
          '--region',
          second.deps.config.region,
        ],
        { cwd: process.cwd() },
      );
      expect(stdout).toMatch(/Checked \d+ vendors; wrote 0 identity markers\./);
    } finally {
      await second.close();
    }
  });

  it('the command writes the markers of a table that has none (AWS: no start-up migration)', async () => {
    const rt = await startTestRuntime();
    try {
      const vendor = legacy('Marker Free Co', 'pat@marker-free.com');
      await rt.deps.clients.ddb.send(
        new PutCommand({ TableName: rt.deps.config.tableName, Item: vendorItem(vendor) }),
      );
      const before = await rt.api('POST', '/vendors', {
        role: 'procurement',
        body: phiVendor({ name: 'Marker Free', contactEmail: 'x@unrelated-co.com' }),
      });
      expect(before.status).toBe(201); // without markers the check cannot see it
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          'bin/backfill-vendor-identities.ts',
          '--table',
          rt.deps.config.tableName,
          '--endpoint',
          rt.deps.config.endpoints.dynamodb!,
          '--region',
          rt.deps.config.region,
        ],
        { cwd: process.cwd() },
      );
      expect(stdout).toMatch(/wrote [1-9]\d* identity markers/);
      const after = await rt.api('POST', '/vendors', {
        role: 'procurement',
        body: phiVendor({ name: 'Marker-Free Company', contactEmail: 'y@another-co.com' }),
      });
      expect(after.status).toBe(409);
      expect(after.json.error.details.existing.map((e: { id: string }) => e.id)).toContain(vendor.id);
    } finally {
      await rt.close();
    }
  });
});
