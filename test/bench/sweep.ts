/**
 * The deadline sweep's scaling: its time must follow the number of DUE items (it queries the
 * sparse due index) and not the size of the table. Vendors are seeded with BatchWrite; a due one
 * carries a reassessment due a minute ago.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/adapters/dynamodb/table-layout.ts';
import { dueShardFor } from '#shared/domain/due-index.ts';
import { newVendorId } from '#shared/ids.ts';
import type { Harness } from './harness.ts';

function vendorItem(i: number, now: Date, due: boolean) {
  const id = newVendorId();
  const name = `bench vendor ${String(i).padStart(7, '0')}`;
  const stages = ['intake', 'assessment_sent', 'answered', 'in_remediation', 'decided'];
  const stage = stages[i % stages.length]!;
  const key = keys.vendor(id);
  const dueAt = new Date(now.getTime() - 60_000).toISOString();
  return {
    ...key,
    ...keys.vendorList(name, id),
    ...keys.vendorStage(stage, name, id),
    entity: 'Vendor',
    id,
    name,
    contactName: 'Bench Contact',
    contactEmail: `bench${i}@vendor.example`,
    services: ['bench'],
    businessOwnerEmail: 'owner@example.org',
    intake: {
      handlesPhi: false,
      medicalDevice: false,
      systemAccess: 'none',
      recordVolume: 'none',
      criticalClinicalFunction: false,
    },
    tier: 'low',
    tierReasons: ['bench'],
    baaRequired: false,
    baaStatus: 'not_required',
    stage,
    createdAt: now.toISOString(),
    createdBy: 'bench@example.org',
    updatedAt: now.toISOString(),
    version: 1,
    ...(due
      ? { due: { kind: 'reassessment', dueAt }, dueShard: dueShardFor(key.PK, key.SK), nextActionAt: dueAt }
      : {}),
  };
}

let seeded = 0;

/** Writes `count` vendors (due or not) with eight BatchWrite workers. */
export async function seedVendors(
  h: Harness,
  count: number,
  due: boolean,
  log: (l: string) => void = () => {},
) {
  const table = h.rt.deps.config.tableName;
  const now = h.rt.deps.clock.now();
  const items = Array.from({ length: count }, () => vendorItem(seeded++, now, due));
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let done = 0;
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = await h.direct.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
      done += batch.length;
      if (count >= 2000 && done % 2000 < 25) log(`  seeded ${done}/${count}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median time of `runs` sweeps, each over `due` freshly due items. */
export async function sweepTime(h: Harness, due: number, runs = 3): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await seedVendors(h, due, true);
    const t0 = performance.now();
    const result = (await h.rt.sweepNow()) as { status: string };
    samples.push(performance.now() - t0);
    if (result.status !== 'SUCCEEDED') throw new Error(`Sweep ${result.status}`);
  }
  return median(samples);
}
