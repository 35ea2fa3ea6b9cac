/**
 * The per-vendor hash chain of audit events. Each event carries the hash of the vendor's previous
 * event, and its own hash covers every field including that link, so editing, deleting or reordering
 * an event breaks the chain at a place `verifyChain` can name. There is no secret key: someone with
 * write access to the table can rebuild a whole chain and its recorded head, which is why heads are
 * also published on a schedule to a write-once archive (S3 Object Lock, compliance mode) and the
 * chain is checked against the latest published head. Pure: hashing is computation, time comes from the caller.
 */
import { createHash } from 'node:crypto';
import {
  type AuditAnchor,
  type AuditEvent,
  AuditEventInput,
  type ChainProblem,
  type ChainVerification,
} from '#shared/schemas/audit.ts';
import * as z from '#shared/schemas/zod.ts';

/** `prevHash` of the first event of every vendor. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Deterministic JSON: object keys sorted (UTF-16 code-unit order), no whitespace, array order kept,
 * `undefined` dropped (in objects and in arrays, as the DynamoDB marshaller drops them, so an event
 * hashes the same before and after storage). Only JSON data is accepted: a Date, Map, class
 * instance, bigint, function, non-finite number or cycle throws, because it would not survive storage.
 */
export function canonicalJson(value: unknown): string {
  const out = encode(value, new Set());
  if (out === undefined) throw new TypeError('canonicalJson: the value is undefined');
  return out;
}

function encode(value: unknown, ancestors: Set<object>): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not JSON`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
  if (ancestors.has(value)) throw new TypeError('canonicalJson: the value contains a cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const parts: string[] = [];
      // Index loop rather than map: holes count as undefined and are dropped like undefined.
      for (let i = 0; i < value.length; i++) {
        const part = encode(value[i], ancestors);
        if (part !== undefined) parts.push(part);
      }
      return `[${parts.join(',')}]`;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`canonicalJson: a ${proto?.constructor?.name ?? 'non-plain object'} is not JSON`);
    }
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const part = encode(record[key], ancestors);
      if (part !== undefined) parts.push(`${JSON.stringify(key)}:${part}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * Hash schemes, versioned so that events written under an older scheme still verify:
 * - v1 (events without `hashVersion`, written before Dec 2026): SHA-256 of the canonical JSON of the
 *   named event fields and `prevHash`. It does not cover other attributes, so verification refuses
 *   any attribute a v1 event never had (`V1_ATTRIBUTES`).
 * - v2 (`hashVersion: 2`): SHA-256 of the canonical JSON of the whole stored item except `hash` and
 *   the storage keys (`PK`, `SK`, `entity`, which the repository checks against the event's vendor
 *   and seq). An attribute added later, of any name, changes the hash.
 */
export const HASH_VERSION = 2 as const;

/** The storage attributes that are not hashed (their values are derived from vendorId and seq). */
export const STORAGE_ATTRIBUTES: ReadonlySet<string> = new Set(['PK', 'SK', 'entity']);

/** Every attribute a v1 event item may carry. */
const V1_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...STORAGE_ATTRIBUTES,
  'vendorId',
  'seq',
  'prevHash',
  'actor',
  'action',
  'target',
  'at',
  'summary',
  'before',
  'after',
  'hash',
]);

/** SHA-256 (hex) of an event under its own scheme (`hashVersion`), with `prevHash` as given. */
export function hashEvent(
  prevHash: string,
  event: AuditEventInput & { seq: number; hashVersion?: number },
): string {
  if (event.hashVersion === undefined) return hashV1(prevHash, event);
  const hashed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(event)) {
    if (name !== 'hash' && !STORAGE_ATTRIBUTES.has(name)) hashed[name] = value;
  }
  hashed.prevHash = prevHash;
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

function hashV1(prevHash: string, event: AuditEventInput & { seq: number }): string {
  const hashed = {
    vendorId: event.vendorId,
    seq: event.seq,
    prevHash,
    actor: event.actor,
    action: event.action,
    target: event.target,
    at: event.at,
    summary: event.summary,
    before: event.before,
    after: event.after,
  };
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

/**
 * The event that follows `last` (null for the vendor's first event). The input is validated (a bad
 * audit event is a bug, so it throws a TypeError) and stripped of unknown fields before hashing.
 */
export function chainNext(last: AuditEvent | null, input: AuditEventInput): AuditEvent {
  const parsed = AuditEventInput.safeParse(input);
  if (!parsed.success) throw new TypeError(`Invalid audit event: ${z.prettifyError(parsed.error)}`);
  const event = parsed.data;
  if (last && last.vendorId !== event.vendorId) {
    throw new TypeError(
      `Audit event of vendor ${event.vendorId} cannot follow an event of vendor ${last.vendorId}`,
    );
  }
  const seq = last ? last.seq + 1 : 1;
  const prevHash = last ? last.hash : GENESIS_HASH;
  const unhashed = { ...event, seq, prevHash, hashVersion: HASH_VERSION };
  return { ...unhashed, hash: hashEvent(prevHash, unhashed) };
}

export interface VerifyOptions {
  /** The vendor the chain belongs to; defaults to the vendor most events name (ties: the first read). */
  vendorId?: string;
  /**
   * The head recorded outside the chain; without it, deleting the last events goes unnoticed.
   * `null` means it was looked up and none is recorded: a chain with v2 events (whose writer always
   * records the head) then fails, because someone deleted the head. `undefined`: not checked.
   */
  anchor?: AuditAnchor | null;
  /**
   * The latest head published to the write-once archive (S3 Object Lock). The chain must still
   * contain that event with that hash: a rewrite of the whole chain (and of the recorded head) by
   * someone with table access cannot change what was published before. `null`: none published yet.
   */
  published?: PublishedHead | null;
}

export interface PublishedHead extends AuditAnchor {
  publishedAt: string;
}

/**
 * Checks a vendor's events as read (expected in seq order) and names each problem by seq:
 * - `foreign_vendor`: the event names another vendor (it is then left out of the checks below);
 * - `reordered`: the event was read after one with the same or a higher seq;
 * - `altered`: the event's fields do not hash to its `hash` (a field was edited);
 * - `missing`: a gap in seq, or, against the anchor, a chain that ends early or a head that differs;
 * - `broken_link`: `prevHash` is not the previous event's hash (genesis for seq 1); not reported
 *   across a gap, where the link is necessarily broken and `missing` already says why.
 * Order and links are judged on the events sorted by seq, so a swap is reported once, not as a cascade.
 */
export function verifyChain(events: readonly AuditEvent[], options: VerifyOptions = {}): ChainVerification {
  const problems: ChainProblem[] = [];
  const expectedVendor = options.vendorId ?? majorityVendor(events);

  const own: AuditEvent[] = [];
  events.forEach((event, index) => {
    if (!Number.isSafeInteger(event.seq) || event.seq < 1) {
      problems.push({
        seq: index + 1,
        kind: 'altered',
        message: `The event read at position ${index + 1} has no valid sequence number (${String(event.seq)}).`,
      });
    } else if (event.vendorId !== expectedVendor) {
      problems.push({
        seq: event.seq,
        kind: 'foreign_vendor',
        message: `Event ${event.seq} belongs to vendor ${String(event.vendorId)}, not to vendor ${expectedVendor}.`,
      });
    } else {
      own.push(event);
    }
  });

  for (let i = 1; i < own.length; i++) {
    const previous = own[i - 1]!;
    const event = own[i]!;
    if (event.seq === previous.seq) {
      problems.push({
        seq: event.seq,
        kind: 'reordered',
        message: `Event ${event.seq} appears more than once.`,
      });
    } else if (event.seq < previous.seq) {
      problems.push({
        seq: event.seq,
        kind: 'reordered',
        message: `Event ${event.seq} was read after event ${previous.seq}: the events are out of order.`,
      });
    }
  }

  const bySeq = [...own].sort((a, b) => a.seq - b.seq);
  const chain: AuditEvent[] = [];
  for (const event of bySeq) {
    const previous = chain.at(-1);
    if (previous && previous.seq === event.seq) continue; // duplicate, reported above; the first read is kept
    chain.push(event);
    if (!hashMatches(event)) {
      problems.push({
        seq: event.seq,
        kind: 'altered',
        message: `Event ${event.seq} (${describe(event)}) does not match its hash: it was changed after it was written.`,
      });
    }
    if (!previous) {
      if (event.seq !== 1) {
        problems.push({
          seq: 1,
          kind: 'missing',
          message: `The chain starts at event ${event.seq}: ${range(1, event.seq - 1)} missing.`,
        });
      } else if (event.prevHash !== GENESIS_HASH) {
        problems.push({
          seq: 1,
          kind: 'broken_link',
          message: 'Event 1 does not start the chain: its prevHash is not the genesis hash.',
        });
      }
    } else if (event.seq !== previous.seq + 1) {
      problems.push({
        seq: previous.seq + 1,
        kind: 'missing',
        message: `${capitalise(range(previous.seq + 1, event.seq - 1))} missing between event ${previous.seq} and event ${event.seq}.`,
      });
    } else if (event.prevHash !== previous.hash) {
      problems.push({
        seq: event.seq,
        kind: 'broken_link',
        message: `Event ${event.seq} does not link to event ${previous.seq}: its prevHash is not the hash of event ${previous.seq}.`,
      });
    }
  }

  // Once the scheme changed to v2, an older-scheme event after it is a downgrade, not history.
  const firstV2 = chain.find((e) => e.hashVersion !== undefined);
  for (const event of chain) {
    if (firstV2 && event.seq > firstV2.seq && event.hashVersion === undefined) {
      problems.push({
        seq: event.seq,
        kind: 'altered',
        message: `Event ${event.seq} uses the old hash scheme after event ${firstV2.seq} used the current one: it was rewritten.`,
      });
    }
  }

  const head = chain.at(-1) ?? null;
  const anchor = options.anchor;
  if (anchor === null && firstV2) {
    problems.push({
      seq: head?.seq ?? 1,
      kind: 'missing',
      message:
        'The recorded head of this chain is missing: it is written with every event, so it was deleted (the end of the chain cannot be checked without it).',
    });
  }
  const published = options.published;
  if (published) {
    const there = chain.find((e) => e.seq === published.seq);
    if (!there) {
      problems.push({
        seq: published.seq,
        kind: 'missing',
        message: `Event ${published.seq}, published as the chain head on ${published.publishedAt.slice(0, 10)}, is not in the chain: the chain was truncated or rewritten.`,
      });
    } else if (there.hash !== published.hash) {
      problems.push({
        seq: published.seq,
        kind: 'altered',
        message: `Event ${published.seq} differs from the head published on ${published.publishedAt.slice(0, 10)}: the chain was rewritten after it was published.`,
      });
    }
  }
  if (anchor) {
    const headSeq = head?.seq ?? 0;
    if (headSeq < anchor.seq) {
      problems.push({
        seq: headSeq + 1,
        kind: 'missing',
        message: `The chain ends at event ${headSeq} but the recorded head is event ${anchor.seq}: ${range(headSeq + 1, anchor.seq)} missing.`,
      });
    } else {
      // A chain longer than the anchor is tolerated: the anchor is written after the event (no
      // transactions on dynalite), so it may lag. The anchored event itself must still be there.
      const anchored = chain.find((e) => e.seq === anchor.seq);
      if (anchored && anchored.hash !== anchor.hash) {
        problems.push({
          seq: anchor.seq,
          kind: 'missing',
          message: `Event ${anchor.seq} is not the recorded head: its hash differs from the one recorded on the vendor, so the original event was removed or replaced.`,
        });
      }
    }
  }

  problems.sort((a, b) => a.seq - b.seq);
  return { ok: problems.length === 0, checked: events.length, headHash: head?.hash ?? null, problems };
}

/**
 * How long the event must be kept: `years` calendar years after it happened. A Feb 29 event rolls
 * over to Mar 1 rather than back to Feb 28, so that retention is never shorter than required.
 */
export function retainedUntil(event: Pick<AuditEventInput, 'at'>, years = 6): string {
  const at = new Date(event.at);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not an ISO timestamp: ${event.at}`);
  return new Date(
    Date.UTC(
      at.getUTCFullYear() + years,
      at.getUTCMonth(),
      at.getUTCDate(),
      at.getUTCHours(),
      at.getUTCMinutes(),
      at.getUTCSeconds(),
      at.getUTCMilliseconds(),
    ),
  ).toISOString();
}

function hashMatches(event: AuditEvent): boolean {
  try {
    if (event.hashVersion !== undefined && event.hashVersion !== HASH_VERSION) return false;
    if (event.hashVersion === undefined && Object.keys(event).some((k) => !V1_ATTRIBUTES.has(k)))
      return false;
    return hashEvent(event.prevHash, event) === event.hash;
  } catch {
    // A stored value that is not JSON data any more (or a missing nested object) is an alteration.
    return false;
  }
}

function majorityVendor(events: readonly AuditEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.vendorId, (counts.get(e.vendorId) ?? 0) + 1);
  let best = '';
  let bestCount = 0;
  // Map iteration follows first insertion, so a tie goes to the vendor read first.
  for (const [vendorId, count] of counts) {
    if (count > bestCount) {
      best = vendorId;
      bestCount = count;
    }
  }
  return best;
}

const describe = (e: AuditEvent) => `${String(e.action)} at ${String(e.at)}`;
const range = (from: number, to: number) => (from === to ? `event ${from} is` : `events ${from}–${to} are`);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
