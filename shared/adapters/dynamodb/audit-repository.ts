/**
 * The audit trail: append-only items, one per event, chained per vendor by hash. Appending reads
 * the vendor's last event and writes seq+1 with a create-only condition; a concurrent append loses
 * the race on the condition and retries on top of the winner, so the chain never forks.
 *
 * After each append the head `{ seq, hash }` is recorded in a separate item (`AUDITHEAD#<vid>` /
 * `HEAD`) with a write that only moves forward. A chain whose last events were deleted is still a
 * valid chain on its own; only the recorded head reveals it. dynalite has no transactions, so the
 * head is a second single-item write after the event: it may lag the chain (verifyChain tolerates a
 * chain longer than its anchor) but never runs ahead of it.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { chainNext, verifyChain } from '../../domain/audit-chain.ts';
import { logger } from '../../logger.ts';
import type { AuditAnchor, AuditEvent, AuditEventInput, ChainVerification } from '../../schemas/audit.ts';
import { type ItemStore, isConditionFailure } from './item-store.ts';
import { keys } from './table-layout.ts';

const MAX_ATTEMPTS = 20;

/** The head item of a vendor's chain (kept here: the audit repository is its only reader and writer). */
export const auditHeadKey = (vendorId: string) => ({ PK: `AUDITHEAD#${vendorId}`, SK: 'HEAD' });

export interface AuditVerification extends ChainVerification {
  /** The recorded head the chain was checked against; null when none was recorded (empty or pre-anchor trail). */
  anchor: AuditAnchor | null;
}

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
      if (created) {
        await this.recordHead(event);
        return event;
      }
    }
    throw new Error(`Could not append to the audit trail of ${input.vendorId}: too much contention`);
  }

  /**
   * Moves the recorded head to `event` unless it already records that seq or a later one (a slower
   * concurrent append must not move it back). A failure here is logged, not thrown: the event is
   * already stored, and throwing would make the caller retry and append the event twice. The next
   * append moves the head past it.
   */
  private async recordHead(event: AuditEvent): Promise<void> {
    try {
      await this.store.ddb.send(
        new PutCommand({
          TableName: this.store.tableName,
          Item: {
            ...auditHeadKey(event.vendorId),
            entity: 'AuditHead',
            vendorId: event.vendorId,
            seq: event.seq,
            hash: event.hash,
            at: event.at,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR seq < :seq',
          ExpressionAttributeValues: { ':seq': event.seq },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      logger.warn('Audit head not recorded', {
        vendorId: event.vendorId,
        seq: event.seq,
        errorName: error instanceof Error ? error.name : typeof error,
      });
    }
  }

  /** The recorded head of a vendor's chain, or null when none was recorded. */
  async head(vendorId: string): Promise<AuditAnchor | null> {
    const item = await this.store.get<{ seq?: unknown; hash?: unknown }>(auditHeadKey(vendorId));
    if (!item || typeof item.seq !== 'number' || typeof item.hash !== 'string') return null;
    return { seq: item.seq, hash: item.hash };
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

  /**
   * The events and their verification against the recorded head. The head is read first and the
   * events second: the head is written after its event, so every anchored event is already readable
   * and a concurrent append cannot make the chain look short.
   */
  async trail(vendorId: string): Promise<{ events: AuditEvent[]; verification: AuditVerification }> {
    const anchor = await this.head(vendorId);
    const events = await this.list(vendorId);
    return { events, verification: { ...verifyChain(events, { vendorId, anchor }), anchor } };
  }

  /** Verifies a vendor's chain (`verifyChain` with the vendor id and the recorded head). */
  async verify(vendorId: string): Promise<AuditVerification> {
    return (await this.trail(vendorId)).verification;
  }
}
