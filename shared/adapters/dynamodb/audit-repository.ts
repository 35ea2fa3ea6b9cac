/**
 * The audit trail: append-only items, one per event, chained per vendor by hash
 * (domain/audit-chain.ts). Appending writes seq+1 with a create-only condition; a concurrent append
 * loses the race on the condition and retries on top of the winner, so the chain never forks.
 *
 * The events of one request are appended together (`deferred()` / `flush()`): per vendor, the
 * events one after another, then ONE write of the recorded head `{ seq, hash }` (`AUDITHEAD#<vid>`
 * / `HEAD`), which only moves forward. The last event appended by this process is remembered, so
 * an append usually writes at once without reading the chain first (a stale guess loses on the
 * create-only condition and reads the chain). dynalite has no transactions: the head is written
 * after its events, so it may lag the chain (tolerated) but never runs ahead of it.
 *
 * A head not yet published to the write-once archive carries the sparse index keys
 * `GSI1PK = AUDITHEADS#UNPUBLISHED`, so the publisher reads only what changed.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { chainNext, type PublishedHead, verifyChain } from '../../domain/audit-chain.ts';
import { logger } from '../../logger.ts';
import type {
  AuditAnchor,
  AuditEvent,
  AuditEventInput,
  ChainProblem,
  ChainVerification,
} from '../../schemas/audit.ts';
import { type Item, type ItemStore, isConditionFailure, type Key, stripKeys } from './item-store.ts';
import { keys, TABLE_KEYS } from './table-layout.ts';

const MAX_ATTEMPTS = 20;
const REMEMBERED_MAX = 1000;
export const UNPUBLISHED_HEADS = 'AUDITHEADS#UNPUBLISHED';

/** The head item of a vendor's chain (kept here: the audit repository is its only reader and writer). */
export const auditHeadKey = (vendorId: string) => ({ PK: `AUDITHEAD#${vendorId}`, SK: 'HEAD' });

/** Reads the latest published head of a vendor's chain (the write-once archive). */
export interface PublishedHeadReader {
  latest(vendorId: string): Promise<PublishedHead | null>;
}

export interface AuditVerification extends ChainVerification {
  /** The recorded head the chain was checked against; null when none was recorded (empty or pre-anchor trail). */
  anchor: AuditAnchor | null;
  /** The latest head published to the archive; null when none was published yet (or no archive). */
  published: PublishedHead | null;
}

export interface AuditHead extends AuditAnchor {
  vendorId: string;
  at: string;
  publishedSeq?: number;
}

/** Shared by a repository and its per-request views: the last event appended per vendor. */
type Remembered = Map<string, AuditEvent | null>;

export class AuditRepository {
  private readonly store: ItemStore;
  private readonly archive: PublishedHeadReader | undefined;
  private readonly remembered: Remembered;
  /** Set on a per-request view: events wait here until `flush()`. */
  private readonly pending: AuditEventInput[] | undefined;

  constructor(
    store: ItemStore,
    archive?: PublishedHeadReader,
    internal: { remembered?: Remembered; pending?: AuditEventInput[] } = {},
  ) {
    this.store = store;
    this.archive = archive;
    this.remembered = internal.remembered ?? new Map();
    this.pending = internal.pending;
  }

  /** A view for one request: appends wait for `flush()`, which writes them with one head update per vendor. */
  deferred(): AuditRepository {
    return new AuditRepository(this.store, this.archive, { remembered: this.remembered, pending: [] });
  }

  /** Writes the deferred events (a no-op on a repository that is not a request view). */
  async flush(): Promise<AuditEvent[]> {
    if (!this.pending?.length) return [];
    const inputs = this.pending.splice(0);
    return this.appendAll(inputs);
  }

  /** Tells the repository that a vendor's trail is empty (a vendor just created): its first append reads nothing. */
  startTrail(vendorId: string): void {
    if (!this.remembered.has(vendorId)) this.remember(vendorId, null);
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

  /** Appends one event, or defers it to the request's flush (then resolves to null). */
  async append(input: AuditEventInput): Promise<AuditEvent | null> {
    if (this.pending) {
      this.pending.push(input);
      return null;
    }
    return (await this.appendAll([input]))[0]!;
  }

  /** Appends events in order; per vendor, one head update after its events. */
  async appendAll(inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
    const byVendor = new Map<string, AuditEventInput[]>();
    for (const input of inputs)
      byVendor.set(input.vendorId, [...(byVendor.get(input.vendorId) ?? []), input]);
    const written = await Promise.all(
      [...byVendor].map(([vendorId, list]) => this.appendToVendor(vendorId, list)),
    );
    return written.flat();
  }

  private async appendToVendor(vendorId: string, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
    const written: AuditEvent[] = [];
    let last = this.remembered.has(vendorId) ? this.remembered.get(vendorId)! : await this.last(vendorId);
    for (const input of inputs) {
      for (let attempt = 0; ; attempt++) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new Error(`Could not append to the audit trail of ${vendorId}: too much contention`);
        }
        const event = chainNext(last, input);
        if (
          await this.store.create({ ...keys.auditEvent(vendorId, event.seq), entity: 'AuditEvent', ...event })
        ) {
          written.push(event);
          last = event;
          break;
        }
        last = await this.last(vendorId); // someone appended first (or the remembered event was stale)
      }
    }
    this.remember(vendorId, last);
    if (last) await this.recordHead(last);
    return written;
  }

  private remember(vendorId: string, event: AuditEvent | null) {
    this.remembered.delete(vendorId);
    this.remembered.set(vendorId, event);
    if (this.remembered.size > REMEMBERED_MAX) this.remembered.delete(this.remembered.keys().next().value!);
  }

  /**
   * Moves the recorded head to `event` unless it already records that seq or a later one (a slower
   * concurrent append must not move it back), and marks it unpublished. A failure here is logged,
   * not thrown: the event is already stored, and throwing would make the caller retry and append the
   * event twice. The next append moves the head past it.
   */
  private async recordHead(event: AuditEvent): Promise<void> {
    try {
      // A Put, not an Update: IAM denies UpdateItem and DeleteItem on audit keys (infra/stack.ts).
      await this.store.ddb.send(
        new PutCommand({
          TableName: this.store.tableName,
          Item: {
            ...auditHeadKey(event.vendorId),
            GSI1PK: UNPUBLISHED_HEADS,
            GSI1SK: event.vendorId,
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

  /** Heads that changed since they were last published, a page at a time. */
  async unpublishedHeads(options: { limit: number; cursor?: Record<string, unknown> }) {
    return this.store.queryItems<AuditHead>(
      {
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': UNPUBLISHED_HEADS },
      },
      { ...options, consistent: true },
    );
  }

  /** Records that `head` was published; it stays unpublished if the chain moved on meanwhile. */
  async markPublished(head: AuditHead, at: string): Promise<boolean> {
    try {
      await this.store.ddb.send(
        new PutCommand({
          TableName: this.store.tableName,
          // Without the index keys: the head leaves the unpublished list.
          Item: {
            ...auditHeadKey(head.vendorId),
            entity: 'AuditHead',
            vendorId: head.vendorId,
            seq: head.seq,
            hash: head.hash,
            at: head.at,
            publishedSeq: head.seq,
            publishedAt: at,
          },
          ConditionExpression: 'seq = :seq AND #hash = :hash',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExpressionAttributeValues: { ':seq': head.seq, ':hash': head.hash },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The stored event items of a vendor in sequence order, with every attribute as stored. */
  private async rawEvents(vendorId: string): Promise<(Item & Key)[]> {
    const { items } = await this.store.query<Item & Key>(
      {
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditPartition(vendorId) },
        ConsistentRead: true,
      },
      { keepKeys: true },
    );
    return items;
  }

  /** Every event of a vendor in sequence order. */
  async list(vendorId: string): Promise<AuditEvent[]> {
    return (await this.rawEvents(vendorId)).map((i) => stripKeys<AuditEvent>(i));
  }

  /**
   * The events and their verification against the recorded head and the latest published head.
   * The heads are read first and the events second: a head is written after its event, so every
   * anchored event is already readable and a concurrent append cannot make the chain look short.
   * Verification sees each item whole: an attribute the hash does not cover fails it.
   */
  async trail(vendorId: string): Promise<{ events: AuditEvent[]; verification: AuditVerification }> {
    const [anchor, published] = await Promise.all([
      this.head(vendorId),
      this.archive ? this.archive.latest(vendorId) : Promise.resolve(null),
    ]);
    const raw = await this.rawEvents(vendorId);
    const keyProblems: ChainProblem[] = [];
    const stored = raw.map((item) => {
      const { PK, SK, entity, ...event } = item as Item & Key & { entity?: unknown };
      const seq = Number(event.seq);
      const expected = keys.auditEvent(vendorId, seq);
      if (PK !== expected.PK || SK !== expected.SK || entity !== 'AuditEvent') {
        keyProblems.push({
          seq,
          kind: 'altered',
          message: `Event ${seq} is stored under another position than its sequence number says.`,
        });
      }
      return event as unknown as AuditEvent;
    });
    const checked = verifyChain(stored, { vendorId, anchor, published });
    const problems = [...keyProblems, ...checked.problems].sort((a, b) => a.seq - b.seq);
    return {
      events: stored,
      verification: { ...checked, ok: problems.length === 0, problems, anchor, published },
    };
  }

  /** Verifies a vendor's chain (`verifyChain` with the vendor id and the recorded and published heads). */
  async verify(vendorId: string): Promise<AuditVerification> {
    return (await this.trail(vendorId)).verification;
  }
}
