/**
 * The audit trail: append-only items, one per event, chained per vendor by hash. Appending reads
 * the vendor's last event and writes seq+1 with a create-only condition; a concurrent append loses
 * the race on the condition and retries on top of the winner, so the chain never forks.
 */
import { chainNext } from '../../domain/audit-chain.ts';
import type { AuditEvent, AuditEventInput } from '../../schemas/audit.ts';
import type { ItemStore } from './item-store.ts';
import { keys } from './table-layout.ts';

const MAX_ATTEMPTS = 20;

export class AuditRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  async last(vendorId: string): Promise<AuditEvent | null> {
    const { items } = await this.store.query<AuditEvent>(
      {
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditPartition(vendorId) },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      { limit: 1 },
    );
    return items[0] ?? null;
  }

  async append(input: AuditEventInput): Promise<AuditEvent> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const event = chainNext(await this.last(input.vendorId), input);
      const created = await this.store.create({
        ...keys.auditEvent(input.vendorId, event.seq),
        entity: 'AuditEvent',
        ...event,
      });
      if (created) return event;
    }
    throw new Error(`Could not append to the audit trail of ${input.vendorId}: too much contention`);
  }

  /** Every event of a vendor in sequence order. */
  async list(vendorId: string): Promise<AuditEvent[]> {
    const { items } = await this.store.query<AuditEvent>({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditPartition(vendorId) },
      ConsistentRead: true,
    });
    return items;
  }
}
